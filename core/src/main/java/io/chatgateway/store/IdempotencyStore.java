package io.chatgateway.store;

import io.chatgateway.MessageRef;
import io.chatgateway.internal.InMemoryIdempotencyStore;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Where sends with an idempotency key are remembered, so that a repeat — in another thread, process or
 * gateway instance sharing the store — gets the first outcome instead of sending again.
 *
 * <p>The gateway {@linkplain #reserve reserves} the key before it sends, then {@linkplain #complete completes}
 * the reservation with the outcome, or {@linkplain #release releases} it when the send provably never reached
 * the provider. Implementations make {@link #reserve} atomic across every gateway sharing the store (a
 * primary key or equivalent); they do not interpret states. The default is {@link #inMemory()} (one JVM);
 * {@code chat-gateway-store-jdbc} keeps records in H2 or PostgreSQL.
 *
 * <p>Every method may throw {@link StoreUnavailableException} when the store cannot be reached; nothing is
 * sent then. Implementations must be thread-safe.
 */
public interface IdempotencyStore {

    /**
     * Takes the key for a send, unless a record that has not expired holds it.
     *
     * @param reservation a {@link IdempotencyRecord.State#PENDING} record; a record under the same account
     *                    and key that expired at its {@code reservedAt} is replaced
     * @return {@code reservation} itself when the key was taken, else the record that holds the key
     * @throws StoreUnavailableException when the store cannot be reached
     */
    IdempotencyRecord reserve(IdempotencyRecord reservation);

    /**
     * Records the outcome of a reservation.
     *
     * @param outcome the reservation's record in its final state (same account, key and owner)
     * @return {@code false} when the store no longer holds that owner's reservation (it expired and was
     *         taken over), {@code true} when the outcome was stored
     * @throws StoreUnavailableException when the store cannot be reached
     */
    boolean complete(IdempotencyRecord outcome);

    /**
     * Frees the key of a reservation whose send provably never reached the provider, so it may be used again.
     *
     * @param reservation the PENDING reservation
     * @return whether the reservation was still there and is gone now
     * @throws StoreUnavailableException when the store cannot be reached
     */
    boolean release(IdempotencyRecord reservation);

    /**
     * @param account the account
     * @param key     the idempotency key
     * @return the record holding the key, expired or not, when there is one
     * @throws StoreUnavailableException when the store cannot be reached
     */
    Optional<IdempotencyRecord> find(String account, String key);

    /**
     * Forgets every record expired at {@code now}.
     *
     * @param now the time
     * @return how many records were removed
     * @throws StoreUnavailableException when the store cannot be reached
     */
    int purgeExpired(Instant now);

    /**
     * Which of these provider message refs a {@link IdempotencyRecord.State#SENT} record holds: the messages that
     * keyed sends (and outbox deliveries) of any gateway sharing this store produced. The inbox asks it so that
     * another instance's sends are not reported as {@code MESSAGE_SENT}. The default knows none, so with a store
     * that does not implement it, only the instance's own sends are recognised.
     *
     * @param refs provider message refs, a page's worth (up to a few hundred)
     * @return those of {@code refs} that a SENT record holds (not expired or not yet purged)
     * @throws StoreUnavailableException when the store cannot be reached
     */
    default Set<MessageRef> sentAmong(Collection<MessageRef> refs) {
        return Set.of();
    }

    /** @return a new store in this JVM's memory: survives nothing, shared by nothing but its users in the JVM */
    static IdempotencyStore inMemory() {
        return new InMemoryIdempotencyStore();
    }
}
