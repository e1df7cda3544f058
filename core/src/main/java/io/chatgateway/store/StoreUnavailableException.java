package io.chatgateway.store;

import io.chatgateway.ChatGatewayException;
import io.chatgateway.ErrorDetails;
import org.jspecify.annotations.Nullable;

/**
 * A durable store (checkpoints, leases, idempotency records, the outbox) could not be read or written:
 * the database is down, unreachable or refused the statement for a reason other than bad input.
 *
 * <p>Retryable: nothing was committed by the failed statement, so the same operation may be repeated once
 * the store is back. The inbox pauses on it (no checkpoint moves past an unhandled event) and the outbox
 * leaves the entry where it was. Immutable and safe to share between threads.
 */
public class StoreUnavailableException extends ChatGatewayException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message one readable sentence naming the store and what was tried, without secrets
     * @param details where it happened; {@code null} means {@link ErrorDetails#NONE}
     * @param cause   the underlying cause (typically a {@link java.sql.SQLException})
     */
    public StoreUnavailableException(String message, @Nullable ErrorDetails details, @Nullable Throwable cause) {
        super(message, details, true, cause);
    }
}
