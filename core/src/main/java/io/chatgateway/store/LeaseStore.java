package io.chatgateway.store;

import java.time.Duration;
import java.util.Optional;

/**
 * Leases that let one instance at a time read an account for an inbox, across every instance sharing the
 * store. Thread-safe; each method is one atomic step. Failures to reach the store are
 * {@link StoreUnavailableException}.
 */
public interface LeaseStore {

    /**
     * Acquires the lease when it is free, expired or already held by {@code owner} (then it is renewed
     * with the same token). A new owner gets a token larger than every earlier one.
     *
     * @param name    the inbox name
     * @param account the account
     * @param owner   the calling instance
     * @param ttl     how long the lease lasts without renewal
     * @return the lease, or empty when another owner holds an unexpired one
     * @throws StoreUnavailableException when the store cannot be reached
     */
    Optional<Lease> tryAcquire(String name, String account, String owner, Duration ttl);

    /**
     * Extends a lease the caller holds.
     *
     * @param lease the lease
     * @param ttl   the new time to live from now
     * @return the renewed lease (same token)
     * @throws LeaseLostException        when another owner holds it now
     * @throws StoreUnavailableException when the store cannot be reached
     */
    Lease renew(Lease lease, Duration ttl);

    /**
     * Gives a lease up so another instance can take over at once. Does nothing when it is no longer held.
     *
     * @param lease the lease
     * @throws StoreUnavailableException when the store cannot be reached
     */
    void release(Lease lease);
}
