package io.chatgateway.inbox;

import java.util.List;

/**
 * Events returned by {@link Inbox#poll(java.time.Duration)}, not yet acknowledged. Process them, then
 * {@link #commit()}; without a commit the next poll delivers them again (same event ids). Events of one
 * conversation are in order; a batch holds at most {@link InboxOptions#batchSize()} events per conversation.
 *
 * <p>Until it is committed or replaced by the next poll, the batch keeps its accounts' leases renewed (no other
 * instance reads them meanwhile), for at most {@link InboxOptions#maxBatchHold()} from the poll's return: commit
 * within that time.
 *
 * <p>Not thread-safe; belongs to the thread that polled.
 */
public interface InboxBatch {

    /** @return the events, grouped by conversation and in order within each */
    List<InboxEvent> events();

    /** @return whether the batch has no events */
    default boolean isEmpty() {
        return events().isEmpty();
    }

    /**
     * Acknowledges every event of this batch: the checkpoints move past them. Idempotent.
     *
     * @throws io.chatgateway.store.LeaseLostException        when another instance took the account over
     *                                                        meanwhile (its events will come from there), or the
     *                                                        batch was held for {@link InboxOptions#maxBatchHold()}
     *                                                        or longer (its lease was no longer renewed; the events
     *                                                        come again, from the next poll or another instance)
     * @throws io.chatgateway.store.StoreUnavailableException when the store cannot be written; retry the commit
     * @throws IllegalStateException                          when a later poll already replaced this batch
     */
    void commit();
}
