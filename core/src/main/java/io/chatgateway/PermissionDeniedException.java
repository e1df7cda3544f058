package io.chatgateway;

import org.jspecify.annotations.Nullable;

/**
 * The credentials are valid but not allowed to do this (HTTP 403, Navixy 11/13/101/219).
 *
 * <p>Not retryable: repeating the same call gives the same answer.
 */
public class PermissionDeniedException extends ChatGatewayException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message one readable sentence, without secrets
     * @param details where it happened
     */
    public PermissionDeniedException(String message, ErrorDetails details) {
        this(message, details, null);
    }

    /**
     * @param message one readable sentence, without secrets
     * @param details where it happened
     * @param cause   the underlying cause
     */
    public PermissionDeniedException(String message, ErrorDetails details, @Nullable Throwable cause) {
        super(message, details, false, cause);
    }
}
