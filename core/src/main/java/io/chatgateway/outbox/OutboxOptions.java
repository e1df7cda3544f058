package io.chatgateway.outbox;

import io.chatgateway.InvalidRequestException;
import io.chatgateway.ReconcileOptions;
import io.chatgateway.store.OutboxStore;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * How an outbox delivers. Immutable; change it with the {@code with…} methods.
 *
 * @param workerId      this instance's worker name (leases carry it); unique per process
 * @param concurrency   most sends in flight at once from this instance, 1 to 1 000
 * @param lease         how long a claimed entry stays with its worker; an entry whose worker died is claimed
 *                      again after it (at least 1 s; longer than the longest send plus reconciliation)
 * @param maxAttempts   attempts before a transiently failing entry is FAILED, 1 to 100
 * @param firstBackoff  wait before the second attempt; doubles per attempt up to {@code maxBackoff}
 * @param maxBackoff    longest wait between attempts
 * @param pollInterval  how long an idle worker waits before looking for due entries again
 * @param reconcile     how uncertain sends are settled (the outbox always reconciles)
 * @param listener      told every final outcome; {@link OutboxListener#NONE} by default
 * @param store         where entries live; an outbox without a durable store (the in-memory default) loses its
 *                      entries with the JVM — use e.g. {@code JdbcStores.outbox()} of {@code chat-gateway-store-jdbc}
 */
public record OutboxOptions(String workerId, int concurrency, Duration lease, int maxAttempts, Duration firstBackoff,
                            Duration maxBackoff, Duration pollInterval, ReconcileOptions reconcile,
                            @Nullable OutboxListener listener, OutboxStore store) {

    /** @throws InvalidRequestException when a value is out of range */
    public OutboxOptions {
        if (workerId == null || workerId.isBlank() || workerId.length() > 64) {
            throw new InvalidRequestException("An outbox worker id must be 1-64 characters.");
        }
        if (concurrency < 1 || concurrency > 1000) {
            throw new InvalidRequestException("Outbox concurrency must be 1 to 1000, not " + concurrency + ".");
        }
        if (lease == null || lease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new InvalidRequestException("An outbox lease must be at least 1 second.");
        }
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new InvalidRequestException("Outbox attempts must be 1 to 100, not " + maxAttempts + ".");
        }
        if (firstBackoff == null || firstBackoff.isNegative() || maxBackoff == null || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new InvalidRequestException("Outbox backoff must be zero or positive, the maximum not below the first.");
        }
        if (pollInterval == null || pollInterval.isNegative()) {
            throw new InvalidRequestException("The outbox poll interval must be zero or positive.");
        }
        Objects.requireNonNull(reconcile, "reconcile");
        listener = listener == null ? OutboxListener.NONE : listener;
        Objects.requireNonNull(store, "store");
    }

    /**
     * @return defaults: a random worker id, 8 in flight, 2 min lease, 5 attempts, 1 s to 5 min backoff, 1 s poll,
     *         a new in-memory store
     */
    public static OutboxOptions defaults() {
        return new OutboxOptions("worker-" + UUID.randomUUID(), 8, Duration.ofMinutes(2), 5, Duration.ofSeconds(1),
                Duration.ofMinutes(5), Duration.ofSeconds(1), ReconcileOptions.DEFAULT, OutboxListener.NONE,
                OutboxStore.inMemory());
    }

    /** @param value worker id @return a copy */
    public OutboxOptions withWorkerId(String value) {
        return new OutboxOptions(value, concurrency, lease, maxAttempts, firstBackoff, maxBackoff, pollInterval, reconcile, listener, store);
    }

    /** @param value sends in flight @return a copy */
    public OutboxOptions withConcurrency(int value) {
        return new OutboxOptions(workerId, value, lease, maxAttempts, firstBackoff, maxBackoff, pollInterval, reconcile, listener, store);
    }

    /** @param value lease length @return a copy */
    public OutboxOptions withLease(Duration value) {
        return new OutboxOptions(workerId, concurrency, value, maxAttempts, firstBackoff, maxBackoff, pollInterval, reconcile, listener, store);
    }

    /** @param value attempts @return a copy */
    public OutboxOptions withMaxAttempts(int value) {
        return new OutboxOptions(workerId, concurrency, lease, value, firstBackoff, maxBackoff, pollInterval, reconcile, listener, store);
    }

    /** @param first first backoff @param max longest backoff @return a copy */
    public OutboxOptions withBackoff(Duration first, Duration max) {
        return new OutboxOptions(workerId, concurrency, lease, maxAttempts, first, max, pollInterval, reconcile, listener, store);
    }

    /** @param value idle poll interval @return a copy */
    public OutboxOptions withPollInterval(Duration value) {
        return new OutboxOptions(workerId, concurrency, lease, maxAttempts, firstBackoff, maxBackoff, value, reconcile, listener, store);
    }

    /** @param value reconcile options @return a copy */
    public OutboxOptions withReconcile(ReconcileOptions value) {
        return new OutboxOptions(workerId, concurrency, lease, maxAttempts, firstBackoff, maxBackoff, pollInterval, value, listener, store);
    }

    /** @param value where entries live @return a copy */
    public OutboxOptions withStore(OutboxStore value) {
        return new OutboxOptions(workerId, concurrency, lease, maxAttempts, firstBackoff, maxBackoff, pollInterval, reconcile,
                listener, value);
    }

    /** @param value the outcome listener @return a copy */
    public OutboxOptions withListener(OutboxListener value) {
        return new OutboxOptions(workerId, concurrency, lease, maxAttempts, firstBackoff, maxBackoff, pollInterval, reconcile, value, store);
    }
}
