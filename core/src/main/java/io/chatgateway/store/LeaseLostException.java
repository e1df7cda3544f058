package io.chatgateway.store;

import io.chatgateway.ChatGatewayException;
import io.chatgateway.ErrorDetails;
import org.jspecify.annotations.Nullable;

/**
 * The lease an operation relied on is no longer held: it expired and another instance took the account
 * over (a newer fencing token exists). Nothing was written. Not retryable as such: the inbox drops the
 * account and tries to acquire it again later. Immutable.
 */
public class LeaseLostException extends ChatGatewayException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message one readable sentence naming the inbox and account
     * @param details where it happened
     */
    public LeaseLostException(String message, @Nullable ErrorDetails details) {
        super(message, details, false, null);
    }
}
