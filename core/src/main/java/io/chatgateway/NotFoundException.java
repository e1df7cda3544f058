package io.chatgateway;

import org.jspecify.annotations.Nullable;

/**
 * The conversation, message or other entity does not exist at the provider.
 *
 * <p>Not retryable: repeating the same call gives the same answer.
 */
public class NotFoundException extends ChatGatewayException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message one readable sentence, without secrets
     * @param details where it happened
     */
    public NotFoundException(String message, ErrorDetails details) {
        this(message, details, null);
    }

    /**
     * @param message one readable sentence, without secrets
     * @param details where it happened
     * @param cause   the underlying cause
     */
    public NotFoundException(String message, ErrorDetails details, @Nullable Throwable cause) {
        super(message, details, false, cause);
    }
}
