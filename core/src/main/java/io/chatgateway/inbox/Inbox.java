package io.chatgateway.inbox;

import io.chatgateway.ChatGateway;
import io.chatgateway.InvalidConfigurationException;
import java.time.Duration;

/**
 * One durable change feed over the accounts of a {@link ChatGateway}: new messages, delivery and read
 * changes, conversation changes, delivered at least once and exactly from where it left off. Get one with
 * {@link ChatGateway#inbox(InboxOptions)}; use it either in push mode ({@link #start(InboxHandler)}) or in
 * pull mode ({@link #poll(Duration)}), not both.
 *
 * <p>Contracts:
 * <ul>
 *   <li>At least once: a conversation's checkpoint moves only after its events were handled (push) or
 *       committed (pull). After a crash, at most one batch per conversation is delivered again; after a
 *       clean stop, nothing.</li>
 *   <li>In order within a conversation; conversations in parallel up to {@link InboxOptions#parallelism()}.</li>
 *   <li>One active reader per account and {@linkplain InboxOptions#name() inbox name} across every
 *       instance sharing the {@linkplain InboxOptions#leaseStore() lease store}; a former owner can never
 *       move a checkpoint (fencing tokens).</li>
 *   <li>Reading never changes read state.</li>
 *   <li>Each account is polled through its provider's cheapest change signal
 *       ({@link io.chatgateway.spi.ChatProvider#changeDetector(String)}), at most
 *       {@link InboxOptions#maxRateShare()} of the account's rate limit.</li>
 * </ul>
 *
 * <p>Thread-safe for {@link #start}/{@link #close}; {@link #poll} is meant for one thread.
 */
public interface Inbox extends AutoCloseable {

    /**
     * Starts the push mode: background threads poll the accounts and call the handler.
     *
     * @param handler the handler
     * @return the running subscription
     * @throws IllegalStateException when this inbox was already started or polled
     */
    InboxSubscription start(InboxHandler handler);

    /**
     * Pull mode: waits up to {@code maxWait} for events and returns them without acknowledging them. A
     * poll without a commit of the previous batch delivers those events again.
     *
     * <p>While the returned batch is outstanding (neither committed nor replaced by the next poll, and the inbox
     * open), the leases of its accounts are renewed in the background, so processing it for longer than
     * {@link InboxOptions#leaseTtl()} does not hand the accounts to another instance, for up to
     * {@link InboxOptions#maxBatchHold()}; after that renewal stops, another instance takes over once the lease
     * ends, and the batch can no longer be committed.
     *
     * @param maxWait how long to wait for at least one event (zero: look once)
     * @return the events found, possibly none
     * @throws io.chatgateway.InvalidConfigurationException when a checkpoint belongs to another provider or
     *                                                       an unknown schema version
     * @throws IllegalStateException                        when this inbox was started in push mode or is closed
     */
    InboxBatch poll(Duration maxWait);

    /** Stops a push subscription (as {@link InboxSubscription#close()}) and releases leases. Idempotent. */
    @Override
    void close();
}
