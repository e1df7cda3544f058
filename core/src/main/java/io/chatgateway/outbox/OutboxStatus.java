package io.chatgateway.outbox;

/** Where an outbox entry stands. */
public enum OutboxStatus {
    /** Waiting for a worker (new, or a transient failure waiting for its next attempt). */
    PENDING,
    /** Claimed by a worker whose lease has not run out. */
    SENDING,
    /** Delivered; the entry holds the provider's message ref. Terminal. */
    SENT,
    /**
     * The send's outcome stayed uncertain on every attempt: the conversation could not be read back to settle it,
     * so the message was not sent again. Terminal; check the conversation by hand.
     */
    UNCERTAIN,
    /** The first attempt's outcome was uncertain and the message was found in the conversation. Terminal. */
    RECONCILED,
    /** Resent after the first copy was not found, and the first copy turned up later: delivered twice. Terminal. */
    DUPLICATE_DETECTED,
    /** A permanent error (not found, blocked, tariff, bad input) or too many transient ones. Terminal. */
    FAILED;

    /** @return whether no worker will touch the entry again */
    public boolean isTerminal() {
        return this != PENDING && this != SENDING;
    }
}
