package io.chatgateway.internal;

import io.chatgateway.ChatGatewayException;
import io.chatgateway.ConversationRef;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.SendResult;
import io.chatgateway.events.GatewayEvent;
import io.chatgateway.Sleeper;
import io.chatgateway.outbox.Outbox;
import io.chatgateway.outbox.OutboxEntry;
import io.chatgateway.outbox.OutboxOptions;
import io.chatgateway.outbox.OutboxStatus;
import io.chatgateway.spi.Futures;
import io.chatgateway.store.IdempotencyRecord;
import io.chatgateway.store.OutboxStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Outbox}: claims due entries from the store with this worker's lease, sends each through the
 * gateway with its idempotency key and reconciliation, and records the outcome (terminal, or PENDING again
 * with backoff for a transient failure). Thread-safe.
 */
final class DefaultOutbox implements Outbox {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultOutbox.class);
    /** How often, at most, a running worker counts the waiting entries for the listeners. */
    static final Duration COUNT_EVERY = Duration.ofSeconds(5);
    /** Longest wait for a batch of free slots before claiming for fewer. */
    static final Duration BATCH_WAIT = Duration.ofMillis(5);
    /** Longest wait of {@link #drain} for one of its deliveries to finish before looking at the store again. */
    static final Duration PROGRESS_WAIT = Duration.ofMillis(50);

    private final DefaultChatGateway gateway;
    private final OutboxStore store;
    private final OutboxOptions options;
    private final Clock clock;
    private final Sleeper sleeper;
    /** Runs each delivery (its exchange and the outcome's record) on one of its threads. */
    private final Executor executor;
    private final Semaphore slots;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** The entries this worker is delivering, by account and key. */
    private final Set<String> delivering = ConcurrentHashMap.newKeySet();
    /** Notified whenever a delivery finishes. */
    private final Object progress = new Object();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Thread worker;
    private volatile long nextCountMillis = Long.MIN_VALUE;

    DefaultOutbox(DefaultChatGateway gateway, OutboxStore store, OutboxOptions options, Clock clock, Sleeper sleeper,
                  Executor executor) {
        this.gateway = gateway;
        this.executor = executor;
        this.store = store;
        this.options = options;
        this.clock = clock;
        this.sleeper = sleeper;
        this.slots = new Semaphore(options.concurrency());
    }

    @Override
    public OutboxEntry submit(ConversationRef to, OutgoingMessage message) {
        if (message == null || message.idempotencyKey() == null) {
            throw new InvalidRequestException("An outbox message needs an idempotency key (it identifies the entry"
                    + " and makes its delivery exactly-once).");
        }
        gateway.validateSend(to, message);
        OutboxEntry entry = OutboxEntry.submitted(to, message, clock.instant());
        OutboxEntry stored = store.add(entry);
        if (stored != entry && !(stored.to().equals(to) && stored.message().equals(message))) {
            throw new InvalidRequestException("Idempotency key '" + message.idempotencyKey()
                    + "' is already in the outbox for a different message or recipient.");
        }
        return stored;
    }

    @Override
    public Optional<OutboxEntry> entry(String account, String key) {
        return store.find(account, key);
    }

    @Override
    public List<OutboxEntry> entries(OutboxStatus status, int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new InvalidRequestException("An outbox listing returns 1 to 10 000 entries, not " + limit + ".");
        }
        return store.list(status, limit);
    }

    @Override
    public int drain(Duration maxTime) {
        Instant end = clock.instant().plus(maxTime);
        AtomicInteger finished = new AtomicInteger();
        while (!closed.get() && clock.instant().isBefore(end)) {
            int claimed = claimAndSend(finished);
            if (claimed == 0) {
                if (inFlight.get() > 0) {
                    if (!awaitProgress()) { // own sends in flight: their outcomes may make entries due again
                        break;
                    }
                    continue;
                }
                if (!hasOpenEntries()) {
                    break;
                }
                sleeper.sleep(options.pollInterval().isZero() ? Duration.ofMillis(10) : options.pollInterval()).join();
            }
        }
        awaitInFlight();
        reportPending(true);
        return finished.get();
    }

    /**
     * Waits until one of this worker's deliveries finishes (at most {@link #PROGRESS_WAIT}).
     *
     * @return {@code false} when interrupted
     */
    private boolean awaitProgress() {
        synchronized (progress) {
            if (inFlight.get() > 0) {
                try {
                    progress.wait(PROGRESS_WAIT.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    private boolean hasOpenEntries() {
        return !store.list(OutboxStatus.PENDING, 1).isEmpty() || !store.list(OutboxStatus.SENDING, 1).isEmpty();
    }

    private void awaitInFlight() {
        try {
            slots.acquire(options.concurrency());
            slots.release(options.concurrency());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Claims as many due entries as there are free slots and starts their sends. While every slot is busy it
     * waits until a batch of them is free again (or {@link #BATCH_WAIT} passed), so that a backlog is claimed
     * in batches rather than one statement per freed slot.
     *
     * @return how many were claimed (1 after a wait for slots, so that the caller does not pause)
     */
    private int claimAndSend(AtomicInteger finished) {
        int free = slots.availablePermits();
        if (free == 0) {
            int batch = Math.max(1, options.concurrency() / 4);
            try {
                if (slots.tryAcquire(batch, BATCH_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
                    slots.release(batch);
                } else {
                    slots.acquire();
                    slots.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
            return 1;
        }
        List<OutboxStore.Claimed> claimed;
        // the reservations made for the claimed entries' keys, by account and key (the store may reserve them in
        // the claim's transaction; see OutboxStore#claim)
        Map<String, IdempotencyRecord> made = new HashMap<>();
        try {
            Instant now = clock.instant();
            IdempotentSends keys = gateway.idempotency();
            claimed = keys.active()
                    ? store.claim(options.workerId(), now, options.lease(), free, keys.store(), e -> {
                        IdempotencyRecord mine = Objects.requireNonNull(keys.reservation(e.to(), e.message(), now));
                        made.put(slot(e), mine);
                        return mine;
                    })
                    : store.claim(options.workerId(), now, options.lease(), free).stream()
                            .map(e -> new OutboxStore.Claimed(e, null)).toList();
        } catch (ChatGatewayException e) {
            LOG.warn("Outbox worker {}: claiming entries failed, trying again: {}", options.workerId(), e.getMessage());
            return 0;
        }
        for (OutboxStore.Claimed c : claimed) {
            String slot = slot(c.entry());
            IdempotencyRecord mine = made.get(slot);
            IdempotentSends.Reserved reserved = c.key() == null || mine == null ? null
                    : new IdempotentSends.Reserved(mine, c.key());
            if (!delivering.add(slot)) {
                // claimed again (its lease ran out) while this worker still delivers it: that delivery records the
                // outcome under the same worker id; a second one would settle the same key at the same time, and
                // the settle that comes second finds the copy already matched to the first and sends again
                if (reserved != null && reserved.taken()) {
                    release(reserved.mine);
                }
                continue;
            }
            slots.acquireUninterruptibly();
            inFlight.incrementAndGet();
            deliver(c.entry(), reserved).whenComplete((done, error) -> {
                delivering.remove(slot); // after the outcome was recorded (deliver's last stage)
                if (Boolean.TRUE.equals(done)) {
                    finished.incrementAndGet(); // before the slot is free: drain() returns once all slots are
                }
                inFlight.decrementAndGet();
                slots.release();
                synchronized (progress) {
                    progress.notifyAll();
                }
            });
        }
        return claimed.size();
    }

    private static String slot(OutboxEntry e) {
        return e.account() + '\u0000' + e.key();
    }

    /**
     * @param reserved the entry's key reserved with its claim, or {@code null} (the send reserves it)
     * @return whether the entry reached a terminal state
     */
    private CompletableFuture<Boolean> deliver(OutboxEntry e, IdempotentSends.Reserved reserved) {
        // the key's completed reservation, written with the entry's outcome (one transaction on a JDBC store)
        AtomicReference<IdempotencyRecord> keyOutcome = new AtomicReference<>();
        CompletableFuture<SendResult> sent;
        try {
            // the pool thread that starts the delivery runs its exchange itself and waits for it (as a blocking
            // send does), then records the outcome: one thread hand-off per delivery, not one more to an
            // exchange thread and the outcome's back
            sent = CompletableFuture.supplyAsync(() -> CallerRuns.join(() -> gateway.sendAsync(e.to(), e.message(),
                    options.reconcile(), keyOutcome::set, reserved)), executor);
        } catch (RuntimeException ex) {
            sent = CompletableFuture.failedFuture(ex);
        }
        return sent.handle((result, error) -> {
            if (reserved != null && !reserved.used && reserved.taken()) {
                release(reserved.mine); // refused before the send took the key over: nothing was sent under it
            }
            return record(e, result, error == null ? null : Futures.unwrap(error), keyOutcome.get());
        });
    }

    private void release(IdempotencyRecord mine) {
        try {
            gateway.idempotencyStore().release(mine);
        } catch (RuntimeException ex) {
            LOG.warn("Outbox worker {}: could not free the unused key '{}' ({}); a later send of it waits until the"
                    + " reservation counts as abandoned.", options.workerId(), mine.key(), ex.toString());
        }
    }

    /** @param keyOutcome the completed reservation of the entry's key, to be written with it, or {@code null} */
    private boolean record(OutboxEntry e, SendResult result, Throwable error, IdempotencyRecord keyOutcome) {
        OutboxEntry next;
        if (error == null) {
            OutboxStatus how = switch (result.reconciliation()) {
                case FOUND -> OutboxStatus.RECONCILED;
                case DUPLICATE_DETECTED -> OutboxStatus.DUPLICATE_DETECTED;
                default -> OutboxStatus.SENT;
            };
            next = e.finished(how, result.message(), null);
        } else if (error instanceof CircuitOpenException open) {
            // refused before the network while the provider is down: wait it out instead of spending attempts
            next = e.deferredTo(clock.instant().plus(openCircuitWait(e.account())), open.getMessage());
        } else if (error instanceof DeliveryUncertainException && e.attempts() < options.maxAttempts()) {
            // not settled (the read-back failed, or a resend timed out): settled again later through the same
            // key, which replays a recorded outcome or reads the conversation back — never a blind resend
            next = e.retryAt(clock.instant().plus(backoff(e.attempts())), error.getMessage());
        } else if (error instanceof DeliveryUncertainException) {
            next = e.finished(OutboxStatus.UNCERTAIN, null, error.getMessage());
        } else if (error instanceof ChatGatewayException g && g.isRetryable() && e.attempts() < options.maxAttempts()) {
            next = e.retryAt(clock.instant().plus(backoff(e.attempts())), g.getMessage());
        } else {
            next = e.finished(OutboxStatus.FAILED, null, error.getMessage() == null ? error.toString() : error.getMessage());
        }
        boolean stored;
        try {
            stored = keyOutcome == null ? store.update(next, options.workerId())
                    : store.update(next, options.workerId(), gateway.idempotencyStore(), keyOutcome);
        } catch (RuntimeException ex) {
            LOG.warn("Outbox worker {}: could not record the outcome of '{}' ({}); it is claimed again after its"
                    + " lease and settled through its idempotency key (a recorded outcome is replayed, an unrecorded"
                    + " one reconciled by reading the conversation back).", options.workerId(), e.key(), ex.toString());
            return false;
        }
        if (!stored) {
            LOG.warn("Outbox worker {}: the lease of '{}' ran out before its outcome was recorded; the new holder"
                    + " replays it through the idempotency key.", options.workerId(), e.key());
            return false;
        }
        if (next.status() == OutboxStatus.FAILED || next.status() == OutboxStatus.UNCERTAIN) {
            AccountMonitor m = monitor(e.account());
            if (m != null) {
                m.deadLettered(GatewayEvent.Source.OUTBOX, Telemetry.outcome(error));
            }
        }
        if (next.status().isTerminal()) {
            try {
                options.listener().onOutcome(next);
            } catch (RuntimeException ex) {
                LOG.warn("Outbox listener failed on '{}': {}", e.key(), ex.toString());
            }
            return true;
        }
        return false;
    }

    /**
     * Publishes every account's count of waiting entries ({@link GatewayEvent.OutboxPending}), when a listener
     * is registered and, unless {@code force}, {@link #COUNT_EVERY} has passed since the last count.
     */
    private void reportPending(boolean force) {
        long now = clock.millis();
        if (!force && now < nextCountMillis) {
            return;
        }
        nextCountMillis = now + COUNT_EVERY.toMillis();
        List<AccountMonitor> monitors = new java.util.ArrayList<>();
        for (String account : gateway.accounts()) {
            AccountMonitor m = monitor(account);
            if (m == null || !m.detailed()) {
                return;
            }
            monitors.add(m);
        }
        Map<String, Long> counts;
        try {
            counts = store.pendingCounts();
        } catch (RuntimeException ex) {
            LOG.debug("Outbox worker {}: counting waiting entries failed: {}", options.workerId(), ex.toString());
            return;
        }
        for (AccountMonitor m : monitors) {
            m.outboxPending(counts.getOrDefault(m.account(), 0L));
        }
    }

    /** @return how long the account's circuit breaker stays open (the first backoff when the account is gone) */
    private Duration openCircuitWait(String account) {
        try {
            return gateway.runtime(account).policy().waitInOpenState();
        } catch (RuntimeException ex) {
            return backoff(1);
        }
    }

    /** @return the account's monitor, or {@code null} when the gateway is closed or does not know it */
    private AccountMonitor monitor(String account) {
        try {
            return gateway.runtime(account).caller().monitor();
        } catch (RuntimeException closedOrUnknown) {
            return null;
        }
    }

    private Duration backoff(int attempts) {
        Duration d = options.firstBackoff();
        for (int i = 1; i < attempts && d.compareTo(options.maxBackoff()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(options.maxBackoff()) > 0 ? options.maxBackoff() : d;
    }

    @Override
    public void start() {
        if (closed.get() || !started.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            AtomicInteger finished = new AtomicInteger();
            while (!closed.get()) {
                try {
                    int claimed = claimAndSend(finished);
                    reportPending(false);
                    if (claimed == 0) {
                        sleeper.sleep(options.pollInterval()).get();
                    }
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception ex) {
                    LOG.warn("Outbox worker {} failed a round: {}", options.workerId(), ex.toString());
                }
            }
        }, "chatgw-outbox-" + options.workerId());
        t.setDaemon(true);
        worker = t;
        t.start();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            Thread t = worker;
            if (t != null) {
                t.interrupt();
            }
            awaitInFlight();
        }
    }
}
