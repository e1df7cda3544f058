package io.chatgateway;

/**
 * The provider rejected the credentials, or they expired and re-authentication failed.
 *
 * <p>Not retryable: repeating the same call gives the same answer.
 */
public class AuthenticationException extends ChatGatewayException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message one readable sentence, without secrets
     * @param details where it happened
     */
    public AuthenticationException(String message, ErrorDetails details) {
        this(message, details, null);
    }

    /**
     * @param message one readable sentence, without secrets
     * @param details where it happened
     * @param cause   the underlying cause, may be {@code null}
     */
    public AuthenticationException(String message, ErrorDetails details, Throwable cause) {
        super(message, details, false, cause);
    }
}
