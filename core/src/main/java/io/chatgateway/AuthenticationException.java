package io.chatgateway;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The provider rejected the credentials, or they expired and re-authentication failed.
 *
 * <p>{@link #reason()} says which, so adapters and applications never match message text.
 * Not retryable: repeating the same call gives the same answer.
 */
public class AuthenticationException extends ChatGatewayException {

    private static final long serialVersionUID = 1L;

    /** Why authentication failed. */
    public enum Reason {
        /** The provider refused the configured credentials (wrong login, password, key or signature). */
        REJECTED,
        /** A session, token or hash the provider issued is no longer valid; signing in again may help. */
        EXPIRED,
        /** The login needs a second factor, which this library cannot answer. */
        SECOND_FACTOR_REQUIRED,
        /** The provider signed in with fewer rights or a different kind of session than required. */
        INSUFFICIENT_SESSION
    }

    private final Reason reason;

    /**
     * An exception with reason {@link Reason#REJECTED}.
     *
     * @param message one readable sentence, without secrets
     * @param details where it happened
     */
    public AuthenticationException(String message, ErrorDetails details) {
        this(Reason.REJECTED, message, details, null);
    }

    /**
     * An exception with reason {@link Reason#REJECTED}.
     *
     * @param message one readable sentence, without secrets
     * @param details where it happened
     * @param cause   the underlying cause
     */
    public AuthenticationException(String message, ErrorDetails details, @Nullable Throwable cause) {
        this(Reason.REJECTED, message, details, cause);
    }

    /**
     * @param reason  why authentication failed
     * @param message one readable sentence, without secrets
     * @param details where it happened
     * @param cause   the underlying cause
     */
    public AuthenticationException(Reason reason, String message, ErrorDetails details, @Nullable Throwable cause) {
        super(message, details, false, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** @return why authentication failed */
    public Reason reason() {
        return reason;
    }
}
