package io.chatgateway.internal;

import io.chatgateway.ErrorDetails;
import io.chatgateway.store.Checkpoint;
import io.chatgateway.store.DeadLetterRecord;
import io.chatgateway.store.InboxStore;
import io.chatgateway.store.Lease;
import io.chatgateway.store.LeaseLostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The in-memory {@link InboxStore}: one lock over plain maps. */
public final class MemoryInboxStore implements InboxStore {

    private final Clock clock;
    private final Map<String, Map<String, Checkpoint>> checkpoints = new HashMap<>();
    private final Map<String, Lease> leases = new HashMap<>();
    private final Map<String, Long> tokens = new HashMap<>();
    private final Map<String, Map<String, DeadLetterRecord>> deadLetters = new HashMap<>();

    /** @param clock decides lease expiry */
    public MemoryInboxStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private static String key(String name, String account) {
        return name + '\u0000' + account;
    }

    @Override
    public synchronized Map<String, Checkpoint> load(String name, String account) {
        return Map.copyOf(checkpoints.getOrDefault(key(name, account), Map.of()));
    }

    @Override
    public synchronized void commit(Lease lease, Collection<Checkpoint> list) {
        String k = key(lease.name(), lease.account());
        if (tokens.getOrDefault(k, 0L) > lease.token()) {
            throw lost(lease);
        }
        tokens.put(k, lease.token());
        Map<String, Checkpoint> map = checkpoints.computeIfAbsent(k, x -> new HashMap<>());
        for (Checkpoint c : list) {
            map.put(c.key(), c);
        }
    }

    @Override
    public synchronized void recordDeadLetter(String name, DeadLetterRecord record) {
        deadLetters.computeIfAbsent(key(name, record.account()), x -> new LinkedHashMap<>())
                .putIfAbsent(record.eventId(), record);
    }

    @Override
    public synchronized List<DeadLetterRecord> deadLetters(String name, String account) {
        return new ArrayList<>(deadLetters.getOrDefault(key(name, account), Map.of()).values());
    }

    @Override
    public synchronized Optional<Lease> tryAcquire(String name, String account, String owner, Duration ttl) {
        String k = key(name, account);
        Lease held = leases.get(k);
        var now = clock.instant();
        if (held != null && held.owner().equals(owner) && held.expiresAt().isAfter(now)) {
            Lease renewed = new Lease(name, account, owner, held.token(), now.plus(ttl));
            leases.put(k, renewed);
            return Optional.of(renewed);
        }
        if (held != null && held.expiresAt().isAfter(now)) {
            return Optional.empty();
        }
        long token = Math.max(tokens.getOrDefault(k, 0L), held == null ? 0L : held.token()) + 1;
        tokens.put(k, token);
        Lease lease = new Lease(name, account, owner, token, now.plus(ttl));
        leases.put(k, lease);
        return Optional.of(lease);
    }

    @Override
    public synchronized Lease renew(Lease lease, Duration ttl) {
        String k = key(lease.name(), lease.account());
        Lease held = leases.get(k);
        if (held == null || held.token() != lease.token() || !held.owner().equals(lease.owner())) {
            throw lost(lease);
        }
        Lease renewed = new Lease(lease.name(), lease.account(), lease.owner(), lease.token(), clock.instant().plus(ttl));
        leases.put(k, renewed);
        return renewed;
    }

    @Override
    public synchronized void release(Lease lease) {
        String k = key(lease.name(), lease.account());
        Lease held = leases.get(k);
        if (held != null && held.token() == lease.token()) {
            leases.remove(k);
        }
    }

    static LeaseLostException lost(Lease lease) {
        return new LeaseLostException("The inbox '" + lease.name() + "' lost its lease on account '" + lease.account()
                + "' (token " + lease.token() + "): another instance reads it now.",
                ErrorDetails.of(lease.account(), null, null));
    }
}
