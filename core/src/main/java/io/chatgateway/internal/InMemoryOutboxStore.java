package io.chatgateway.internal;

import io.chatgateway.outbox.OutboxEntry;
import io.chatgateway.outbox.OutboxStatus;
import io.chatgateway.store.OutboxStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The default {@link OutboxStore}: entries in this JVM's memory, one lock. Thread-safe. */
public final class InMemoryOutboxStore implements OutboxStore {

    private final Map<String, OutboxEntry> entries = new LinkedHashMap<>();

    private static String slot(String account, String key) {
        return account + '\u0000' + key;
    }

    @Override
    public synchronized OutboxEntry add(OutboxEntry entry) {
        OutboxEntry held = entries.putIfAbsent(slot(entry.account(), entry.key()), entry);
        return held == null ? entry : held;
    }

    @Override
    public synchronized List<OutboxEntry> claim(String worker, Instant now, Duration lease, int max) {
        List<OutboxEntry> due = entries.values().stream()
                .filter(e -> e.status() == OutboxStatus.PENDING && !e.nextAttemptAt().isAfter(now)
                        || e.status() == OutboxStatus.SENDING && !e.leaseUntil().isAfter(now))
                .sorted(Comparator.comparing(OutboxEntry::nextAttemptAt))
                .limit(max)
                .toList();
        List<OutboxEntry> claimed = new ArrayList<>();
        for (OutboxEntry e : due) {
            OutboxEntry c = e.claimedBy(worker, now.plus(lease));
            entries.put(slot(e.account(), e.key()), c);
            claimed.add(c);
        }
        return claimed;
    }

    @Override
    public synchronized boolean update(OutboxEntry entry, String worker) {
        String slot = slot(entry.account(), entry.key());
        OutboxEntry held = entries.get(slot);
        if (held == null || held.status() != OutboxStatus.SENDING || !worker.equals(held.leaseOwner())) {
            return false;
        }
        entries.put(slot, entry);
        return true;
    }

    @Override
    public synchronized Optional<OutboxEntry> find(String account, String key) {
        return Optional.ofNullable(entries.get(slot(account, key)));
    }

    @Override
    public synchronized List<OutboxEntry> list(OutboxStatus status, int limit) {
        return entries.values().stream().filter(e -> status == null || e.status() == status)
                .sorted(Comparator.comparing(OutboxEntry::createdAt)).limit(limit).toList();
    }

    @Override
    public synchronized Map<String, Long> pendingCounts() {
        Map<String, Long> counts = new java.util.HashMap<>();
        for (OutboxEntry e : entries.values()) {
            if (!e.status().isTerminal()) {
                counts.merge(e.account(), 1L, Long::sum);
            }
        }
        return counts;
    }
}
