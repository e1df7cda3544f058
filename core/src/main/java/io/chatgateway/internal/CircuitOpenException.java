package io.chatgateway.internal;

import io.chatgateway.ErrorDetails;
import io.chatgateway.ProviderUnavailableException;

/** The account's circuit breaker is open: the call was refused without touching the network. */
public final class CircuitOpenException extends ProviderUnavailableException {

    private static final long serialVersionUID = 1L;

    CircuitOpenException(String message, ErrorDetails details) {
        super(message, details);
    }
}
