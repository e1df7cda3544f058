package io.chatgateway;

/**
 * Which way a message went, from the application's side.
 */
public enum Direction {
    /** From the driver, customer or other user to the application. */
    INBOUND,

    /** From the application (dispatcher, operator, acting user) to the other side. */
    OUTBOUND;
}
