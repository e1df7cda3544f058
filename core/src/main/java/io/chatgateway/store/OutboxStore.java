package io.chatgateway.store;

import io.chatgateway.internal.InMemoryOutboxStore;
import io.chatgateway.outbox.OutboxEntry;
import io.chatgateway.outbox.OutboxStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Where outbox entries live, keyed by account and idempotency key. Claims are atomic across every process
 * sharing the store: an entry is claimed by one worker at a time, and an entry whose lease ran out may be
 * claimed by another. The default is {@link #inMemory()}; {@code chat-gateway-store-jdbc} keeps entries in H2
 * or PostgreSQL.
 *
 * <p>Every method may throw {@link StoreUnavailableException}. Implementations must be thread-safe.
 */
public interface OutboxStore {

    /**
     * Stores a new entry unless its key is taken.
     *
     * @param entry a PENDING entry
     * @return {@code entry} when stored, else the entry already holding the key
     */
    OutboxEntry add(OutboxEntry entry);

    /**
     * Claims due entries for a worker: PENDING ones due at {@code now}, and SENDING ones whose lease ran out,
     * oldest due first. Each claimed entry becomes SENDING with the worker's lease and one more attempt.
     *
     * @param worker the worker id
     * @param now    the time
     * @param lease  how long the worker holds them
     * @param max    most entries
     * @return the claimed entries as stored now
     */
    List<OutboxEntry> claim(String worker, Instant now, Duration lease, int max);

    /**
     * Claims due entries as {@link #claim(String, Instant, Duration, int)} does and, for each claimed entry,
     * reserves its idempotency key in {@code keys} as {@link IdempotencyStore#reserve} would, with the
     * reservation {@code reservation} makes for it. The outbox calls this so that a store keeping both in one
     * database can claim a batch and reserve its keys in one transaction of a few round trips, instead of one
     * reservation per entry: the JDBC stores do on PostgreSQL when {@code keys} is the idempotency store of the
     * same database.
     *
     * <p>The default claims and reserves nothing ({@link Claimed#key()} is {@code null} for every entry): the
     * outbox then reserves each key itself just before its send, as it always did. A store may likewise leave
     * any key unreserved.
     *
     * @param worker      the worker id
     * @param now         the time
     * @param lease       how long the worker holds them
     * @param max         most entries
     * @param keys        the idempotency store the outbox sends with
     * @param reservation makes the {@link IdempotencyRecord.State#PENDING} reservation of a claimed entry's key
     * @return the claimed entries as stored now, each with the record holding its key, if reserved here
     */
    default List<Claimed> claim(String worker, Instant now, Duration lease, int max, IdempotencyStore keys,
                                Function<OutboxEntry, IdempotencyRecord> reservation) {
        List<Claimed> claimed = new ArrayList<>();
        for (OutboxEntry e : claim(worker, now, lease, max)) {
            claimed.add(new Claimed(e, null));
        }
        return claimed;
    }

    /**
     * An entry claimed by {@link #claim(String, Instant, Duration, int, IdempotencyStore, Function)}, with the
     * record that holds its idempotency key after the claim.
     *
     * @param entry the entry as claimed (SENDING with the worker's lease)
     * @param key   what {@link IdempotencyStore#reserve} returned for the entry's reservation: the reservation
     *              itself when it took the key, else the record holding the key; {@code null} when the key was
     *              not reserved with the claim (the outbox reserves it before sending)
     */
    record Claimed(OutboxEntry entry, @Nullable IdempotencyRecord key) {

        /** @throws NullPointerException when {@code entry} is missing */
        public Claimed {
            java.util.Objects.requireNonNull(entry, "entry");
        }
    }

    /**
     * Stores an entry's new state, if the worker still holds it.
     *
     * @param entry  the new state (PENDING for a retry, or terminal)
     * @param worker the worker that claimed it
     * @return {@code false} when the worker no longer holds the entry (its lease ran out and another worker
     *         claimed it); nothing is written then
     */
    boolean update(OutboxEntry entry, String worker);

    /**
     * Stores an entry's new state together with the outcome of the send its idempotency key was reserved for:
     * {@code keys.complete(keyOutcome)}, then {@link #update(OutboxEntry, String) update(entry, worker)}. The
     * outbox calls this after each send it made under its own reservation, so a store that keeps both in one
     * database should write both in one transaction (both or neither, in one round trip): the JDBC stores do
     * when {@code keys} is the idempotency store of the same database. The default makes the two calls one after
     * the other; it needs no override for correctness.
     *
     * @param entry      the entry's new state (PENDING for a retry, or terminal)
     * @param worker     the worker that claimed it
     * @param keys       the idempotency store holding the key's reservation
     * @param keyOutcome the reservation completed ({@link IdempotencyRecord.State#SENT} or
     *                   {@link IdempotencyRecord.State#UNCERTAIN}), as given to {@link IdempotencyStore#complete}
     * @return as {@link #update(OutboxEntry, String)}: {@code false} when the worker no longer holds the entry
     *         (the key's outcome is recorded all the same, as {@code complete} would)
     * @throws StoreUnavailableException when a store cannot be reached; the default may then have recorded the
     *                                   key's outcome but not the entry's (the entry is claimed again after its
     *                                   lease, and its key replays the outcome)
     */
    default boolean update(OutboxEntry entry, String worker, IdempotencyStore keys, IdempotencyRecord keyOutcome) {
        keys.complete(keyOutcome);
        return update(entry, worker);
    }

    /** @param account the account @param key the idempotency key @return the entry, when there is one */
    Optional<OutboxEntry> find(String account, String key);

    /**
     * @param status only this status, or {@code null} for all
     * @param limit  most entries
     * @return entries, oldest first
     */
    List<OutboxEntry> list(@Nullable OutboxStatus status, int limit);

    /**
     * Counts the entries waiting to be sent, per account: PENDING and SENDING ones. The outbox reports these
     * counts to the gateway's listeners ({@link io.chatgateway.events.GatewayEvent.OutboxPending}). The default
     * counts what {@link #list} returns, at most 10 000 entries per status; stores should count exactly.
     *
     * @return entries waiting per account; accounts with none may be missing
     */
    default Map<String, Long> pendingCounts() {
        Map<String, Long> counts = new HashMap<>();
        for (OutboxStatus status : new OutboxStatus[] {OutboxStatus.PENDING, OutboxStatus.SENDING}) {
            for (OutboxEntry e : list(status, 10_000)) {
                counts.merge(e.account(), 1L, Long::sum);
            }
        }
        return counts;
    }

    /** @return a new store in this JVM's memory */
    static OutboxStore inMemory() {
        return new InMemoryOutboxStore();
    }
}
