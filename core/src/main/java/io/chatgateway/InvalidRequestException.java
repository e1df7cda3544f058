package io.chatgateway;

import org.jspecify.annotations.Nullable;

/**
 * The request is invalid: blank or over-long text, a malformed reference, an unknown account, an empty
 * recipient list, a negative limit, or a provider's validation error.
 *
 * <p>The gateway raises it before any network call whenever it can tell. Not retryable.
 */
public class InvalidRequestException extends ChatGatewayException {

    private static final long serialVersionUID = 1L;

    /**
     * An input error found before any provider was involved.
     *
     * @param message one readable sentence
     */
    public InvalidRequestException(String message) {
        this(message, ErrorDetails.NONE);
    }

    /**
     * @param message one readable sentence, without secrets
     * @param details where it happened
     */
    public InvalidRequestException(String message, ErrorDetails details) {
        this(message, details, null);
    }

    /**
     * @param message one readable sentence, without secrets
     * @param details where it happened
     * @param cause   the underlying cause
     */
    public InvalidRequestException(String message, ErrorDetails details, @Nullable Throwable cause) {
        super(message, details, false, cause);
    }
}
