package io.chatgateway;

/**
 * A gateway or account setting is unknown, missing or malformed; the message names the key, never a secret value.
 *
 * <p>Not retryable: repeating the same call gives the same answer.
 */
public class InvalidConfigurationException extends ChatGatewayException {

    private static final long serialVersionUID = 1L;

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
     * @param cause   the underlying cause, may be {@code null}
     */
    public InvalidConfigurationException(String message, ErrorDetails details, Throwable cause) {
        super(message, details, false, cause);
    }
}
