package io.chatgateway.outbox;

import io.chatgateway.ConversationRef;
import io.chatgateway.OutgoingMessage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Durable, exactly-once delivery: {@link #submit} stores the message before it returns; workers (this
 * instance's {@link #start()}, or {@link #drain}) claim due entries with a lease, so two instances never send
 * one entry at once and an entry whose worker died is claimed again after the lease. Each send carries the
 * entry's idempotency key (a re-claimed entry whose send happened replays the first outcome) and is reconciled
 * when uncertain. Permanent errors end in FAILED at once; transient ones are retried with backoff.
 *
 * <p>Thread-safe. Closing stops this instance's workers; stored entries stay for the next start.
 */
public interface Outbox extends AutoCloseable {

    /**
     * Stores a message for delivery. Submitting the same key again with the same message returns the stored
     * entry and adds nothing.
     *
     * @param to      the recipient
     * @param message the message; must carry an idempotency key
     * @return the stored entry (PENDING when new)
     * @throws io.chatgateway.InvalidRequestException    when the key is missing, the message is invalid for the
     *                                                   account, or the key was used for another message
     * @throws io.chatgateway.store.StoreUnavailableException when the store cannot be reached (nothing stored)
     */
    OutboxEntry submit(ConversationRef to, OutgoingMessage message);

    /** @param account the account @param key the idempotency key @return the entry, when there is one */
    Optional<OutboxEntry> entry(String account, String key);

    /**
     * @param status only entries in this status, or {@code null} for all
     * @param limit  most entries, 1 to 10 000
     * @return entries, oldest first
     */
    List<OutboxEntry> entries(@Nullable OutboxStatus status, int limit);

    /**
     * Delivers on the calling thread until no entry is due or in flight here, waiting for entries that wait
     * for a retry, for at most {@code maxTime}.
     *
     * @param maxTime the longest to keep going
     * @return how many entries reached a terminal state in this call
     */
    int drain(Duration maxTime);

    /** Starts background workers on this instance (idempotent). */
    void start();

    /** Stops this instance's workers; in-flight sends finish and are recorded. Never throws. */
    @Override
    void close();
}
