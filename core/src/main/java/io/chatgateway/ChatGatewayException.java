package io.chatgateway;

import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * Root of every exception the gateway throws. All are unchecked.
 *
 * <p>Each carries the account, provider and operation it happened in, the provider's error code and the
 * HTTP status when there was an answer, and whether retrying the same call may succeed
 * ({@link #isRetryable()}). Messages are one readable sentence and never contain a secret.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public abstract class ChatGatewayException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ErrorDetails details;
    private final boolean retryable;

    /**
     * @param message   one readable sentence, without secrets
     * @param details   where it happened; {@code null} means {@link ErrorDetails#NONE}
     * @param retryable whether the same call may succeed when repeated
     * @param cause     the underlying cause
     */
    protected ChatGatewayException(String message, @Nullable ErrorDetails details, boolean retryable, @Nullable Throwable cause) {
        super(message, cause);
        this.details = details == null ? ErrorDetails.NONE : details;
        this.retryable = retryable;
    }

    /** @return everything known about where this happened */
    public ErrorDetails details() {
        return details;
    }

    /** @return the account name, if known */
    public Optional<String> account() {
        return Optional.ofNullable(details.account());
    }

    /** @return the provider id, if known */
    public Optional<String> provider() {
        return Optional.ofNullable(details.provider());
    }

    /** @return the gateway operation, if known */
    public Optional<Operation> operation() {
        return Optional.ofNullable(details.operation());
    }

    /** @return the provider's own error code, if it gave one */
    public Optional<String> providerCode() {
        return Optional.ofNullable(details.providerCode());
    }

    /** @return the HTTP status of the provider's answer, if there was one */
    public OptionalInt httpStatus() {
        return details.httpStatus() == null ? OptionalInt.empty() : OptionalInt.of(details.httpStatus());
    }

    /** @return {@code true} when repeating the same call may succeed */
    public boolean isRetryable() {
        return retryable;
    }
}
