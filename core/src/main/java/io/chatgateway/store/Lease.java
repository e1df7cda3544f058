package io.chatgateway.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The right of one owner to read one account for one inbox until {@code expiresAt}. The token grows with
 * every change of owner (fencing): a checkpoint commit carrying an older token than the newest is refused
 * with {@link LeaseLostException}. Immutable.
 *
 * @param name      the inbox name
 * @param account   the account
 * @param owner     the owning instance
 * @param token     the fencing token, positive, larger for every new owner
 * @param expiresAt when the lease ends unless renewed
 */
public record Lease(String name, String account, String owner, long token, Instant expiresAt) {

    /** @throws IllegalArgumentException on a missing part or a token below 1 */
    public Lease {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (token < 1) {
            throw new IllegalArgumentException("lease token must be positive");
        }
    }
}
