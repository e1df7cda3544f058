package io.chatgateway.events;

/** The state of an account's circuit breaker. */
public enum CircuitState {
    /** Calls flow; failures are counted. */
    CLOSED,
    /** A few trial calls decide whether to close again or to open. */
    HALF_OPEN,
    /** Calls fail at once without reaching the provider, until the wait in the open state is over. */
    OPEN
}
