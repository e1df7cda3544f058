package io.chatgateway.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One saved position of an inbox: for the whole account (key {@link #ACCOUNT_KEY}) or for one
 * conversation (key = the conversation id). The position is opaque to the store. Immutable.
 *
 * @param key       {@link #ACCOUNT_KEY} or a conversation id
 * @param provider  the provider id of the account when written; a checkpoint of another provider is refused
 * @param version   the position format's version; an unknown version is refused
 * @param position  the position, opaque text of at most {@link #MAX_POSITION_CHARS} characters
 * @param updatedAt when it was written (the writer's clock)
 */
public record Checkpoint(String key, String provider, int version, String position, Instant updatedAt) {

    /** Key of an account's own checkpoint (the change detector's position). */
    public static final String ACCOUNT_KEY = "";
    /** Longest position a store must accept. */
    public static final int MAX_POSITION_CHARS = 100_000;

    /** @throws IllegalArgumentException on a missing part or an oversized position */
    public Checkpoint {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (key.length() > 200) {
            throw new IllegalArgumentException("checkpoint key longer than 200 characters");
        }
        if (position.length() > MAX_POSITION_CHARS) {
            throw new IllegalArgumentException("checkpoint position longer than " + MAX_POSITION_CHARS + " characters");
        }
    }
}
