package io.chatgateway;

/**
 * How far an outbound message got.
 */
public enum DeliveryStatus {
    /** Accepted by the provider, not yet delivered. */
    PENDING,

    /** Handed to the delivery channel. */
    SENT,

    /** Delivered to the recipient's device or app. */
    DELIVERED,

    /** Read by the recipient. */
    READ,

    /** Rejected or undeliverable. */
    FAILED,

    /** The provider does not say, or said something this version does not know. */
    UNKNOWN;
}
