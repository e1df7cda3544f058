package io.chatgateway.outbox;

/**
 * Told each entry's final outcome (a terminal {@link OutboxStatus}), on a worker thread, after the outcome is
 * stored. Must be thread-safe and quick; an exception it throws is logged and ignored.
 */
@FunctionalInterface
public interface OutboxListener {

    /** Listens to nothing. */
    OutboxListener NONE = entry -> { };

    /** @param entry the entry in its terminal state */
    void onOutcome(OutboxEntry entry);
}
