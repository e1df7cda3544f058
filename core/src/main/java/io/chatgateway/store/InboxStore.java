package io.chatgateway.store;

import io.chatgateway.internal.MemoryInboxStore;
import java.time.Clock;

/**
 * Checkpoints and leases in one place, so that commits are fenced by the same store's leases.
 */
public interface InboxStore extends CheckpointStore, LeaseStore {

    /** @return a new in-memory store on the system clock (one JVM; lost when it ends) */
    static InboxStore inMemory() {
        return inMemory(Clock.systemUTC());
    }

    /**
     * @param clock the clock that decides lease expiry
     * @return a new in-memory store (one JVM; lost when it ends)
     */
    static InboxStore inMemory(Clock clock) {
        return new MemoryInboxStore(clock);
    }
}
