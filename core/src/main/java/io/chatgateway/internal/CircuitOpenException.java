package io.chatgateway.internal;

import io.chatgateway.ErrorDetails;
import io.chatgateway.ProviderUnavailableException;

/**
 * The account's circuit breaker is open: the call was refused without touching the network. Carries no stack
 * trace (the message says all there is; refusing must stay cheap while a provider is down and callers keep
 * asking).
 */
public final class CircuitOpenException extends ProviderUnavailableException {

    private static final long serialVersionUID = 1L;

    CircuitOpenException(String message, ErrorDetails details) {
        super(message, details);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
