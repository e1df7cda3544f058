package io.chatgateway.internal;

import io.chatgateway.MessageRef;
import io.chatgateway.store.IdempotencyRecord;
import io.chatgateway.store.IdempotencyStore;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The default {@link IdempotencyStore}: a map in this JVM's memory. Thread-safe. */
public final class InMemoryIdempotencyStore implements IdempotencyStore {

    /** Above this many records a reservation first purges the expired ones. */
    private static final int PURGE_ABOVE = 100_000;

    private record Slot(String account, String key) { }

    private final ConcurrentHashMap<Slot, IdempotencyRecord> records = new ConcurrentHashMap<>();

    @Override
    public IdempotencyRecord reserve(IdempotencyRecord reservation) {
        if (reservation.state() != IdempotencyRecord.State.PENDING) {
            throw new IllegalArgumentException("Only a PENDING record reserves a key, not " + reservation.state());
        }
        if (records.size() >= PURGE_ABOVE) {
            purgeExpired(reservation.reservedAt());
        }
        Slot slot = new Slot(reservation.account(), reservation.key());
        return records.compute(slot, (s, held) ->
                held == null || held.expiredAt(reservation.reservedAt()) ? reservation : held);
    }

    @Override
    public boolean complete(IdempotencyRecord outcome) {
        Slot slot = new Slot(outcome.account(), outcome.key());
        boolean[] done = {false};
        records.computeIfPresent(slot, (s, held) -> {
            if (held.owner().equals(outcome.owner())) {
                done[0] = true;
                return outcome;
            }
            return held;
        });
        return done[0];
    }

    @Override
    public boolean release(IdempotencyRecord reservation) {
        Slot slot = new Slot(reservation.account(), reservation.key());
        boolean[] done = {false};
        records.computeIfPresent(slot, (s, held) -> {
            if (held.owner().equals(reservation.owner()) && held.state() == IdempotencyRecord.State.PENDING) {
                done[0] = true;
                return null;
            }
            return held;
        });
        return done[0];
    }

    @Override
    public Optional<IdempotencyRecord> find(String account, String key) {
        return Optional.ofNullable(records.get(new Slot(account, key)));
    }

    @Override
    public Set<MessageRef> sentAmong(Collection<MessageRef> refs) {
        if (refs.isEmpty()) {
            return Set.of();
        }
        Set<MessageRef> wanted = new HashSet<>(refs);
        Set<MessageRef> found = new HashSet<>();
        for (IdempotencyRecord r : records.values()) { // a scan: this store is for one JVM and tests
            if (r.message() != null && wanted.contains(r.message())) {
                found.add(r.message());
            }
        }
        return found;
    }

    @Override
    public int purgeExpired(Instant now) {
        int before = records.size();
        records.values().removeIf(r -> r.expiredAt(now));
        return Math.max(0, before - records.size());
    }
}
