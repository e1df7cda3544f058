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

/** An inbox store whose checkpoint commits fail while {@link #down} is set. */
final class FlakyStore implements InboxStore {

    private final InboxStore delegate;
    volatile boolean down;

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
        return delegate.renew(lease, ttl);
    }

    @Override
    public void release(Lease lease) {
        delegate.release(lease);
    }
}
