package io.chatgateway;

import org.jspecify.annotations.Nullable;

/**
 * A gateway or account setting is unknown, missing or malformed; the message names the key, never a secret value.
 *
 * <p>Not retryable: repeating the same call gives the same answer.
 */
public class InvalidConfigurationException extends ChatGatewayException {

    private static final long serialVersionUID = 1L;

    private final @Nullable String problem;

    /**
     * @param message one readable sentence, without secrets
     * @param details where it happened
     */
    public InvalidConfigurationException(String message, ErrorDetails details) {
        this(message, details, null);
    }

    /**
     * @param message one readable sentence, without secrets
     * @param details where it happened
     * @param cause   the underlying cause
     */
    public InvalidConfigurationException(String message, ErrorDetails details, @Nullable Throwable cause) {
        this(message, null, details, cause);
    }

    /**
     * @param message one readable sentence, without secrets
     * @param problem what is wrong with the value, without the key or context (e.g. {@code must be positive}),
     *                so a caller that knows the full key can say it again
     * @param details where it happened
     * @param cause   the underlying cause
     */
    public InvalidConfigurationException(String message, @Nullable String problem, ErrorDetails details, @Nullable Throwable cause) {
        super(message, details, false, cause);
        this.problem = problem;
    }

    /** @return what is wrong with the value, without the key or context, when the thrower said so */
    public java.util.Optional<String> problem() {
        return java.util.Optional.ofNullable(problem);
    }
}
