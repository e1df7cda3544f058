package io.chatgateway.inbox;

import io.chatgateway.store.Checkpoint;
import io.chatgateway.store.DeadLetterRecord;
import io.chatgateway.store.InboxStore;
import io.chatgateway.store.Lease;
import io.chatgateway.store.StoreUnavailableException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An inbox store whose checkpoint commits fail while {@link #down} is set, whose lease renewals fail while
 * {@link #leasesDown} is set, and which counts renewal attempts and the owners of the commits it passed on.
 */
final class FlakyStore implements InboxStore {

    private final InboxStore delegate;
    volatile boolean down;
    volatile boolean leasesDown;
    private int renewals;
    final List<String> committedBy = new CopyOnWriteArrayList<>();

    FlakyStore(InboxStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Map<String, Checkpoint> load(String name, String account) {
        return delegate.load(name, account);
    }

    @Override
    public void commit(Lease lease, Collection<Checkpoint> checkpoints) {
        if (down) {
            throw new StoreUnavailableException("test store down", null, null);
        }
        delegate.commit(lease, checkpoints);
        committedBy.add(lease.owner());
    }

    @Override
    public void recordDeadLetter(String name, DeadLetterRecord record) {
        delegate.recordDeadLetter(name, record);
    }

    @Override
    public List<DeadLetterRecord> deadLetters(String name, String account) {
        return delegate.deadLetters(name, account);
    }

    @Override
    public Optional<Lease> tryAcquire(String name, String account, String owner, Duration ttl) {
        return delegate.tryAcquire(name, account, owner, ttl);
    }

    @Override
    public Lease renew(Lease lease, Duration ttl) {
        try {
            if (leasesDown) {
                throw new StoreUnavailableException("test lease store down", null, null);
            }
            return delegate.renew(lease, ttl);
        } finally {
            synchronized (this) {
                renewals++;
                notifyAll();
            }
        }
    }

    /** @return the renewal attempts so far (failed ones included) */
    synchronized int renewals() {
        return renewals;
    }

    /**
     * Waits (up to 20 s of real time, a safety net only) until at least {@code n} renewals were attempted.
     *
     * @param n how many
     * @throws InterruptedException when interrupted
     */
    synchronized void awaitRenewals(int n) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (renewals < n) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + n + " lease renewals within 20 s (" + renewals + ")");
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /**
     * Moves the clock by {@code step}, then waits as {@link #awaitRenewals} until the inbox's keeper has
     * attempted one more renewal.
     *
     * @param advance moves the inbox's clock ({@code time::advance})
     * @param step    how far to move it
     * @throws InterruptedException when interrupted
     */
    void advanceAndAwaitRenewal(java.util.function.Consumer<Duration> advance, Duration step)
            throws InterruptedException {
        int before = renewals();
        advance.accept(step);
        awaitRenewals(before + 1);
    }

    @Override
    public void release(Lease lease) {
        delegate.release(lease);
    }
}
