package io.chatgateway.store;

import io.chatgateway.DeliveryStatus;
import io.chatgateway.MessageRef;
import io.chatgateway.SendResult;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link IdempotencyStore} keeps for one idempotency key of one account: who reserved it, for which
 * message, and — once known — how the send ended.
 *
 * <p>A record starts {@link State#PENDING} ({@link #reservation}) and is completed once, by its owner, into
 * {@link State#SENT} (with the provider's message ref, {@link #sent}) or {@link State#UNCERTAIN}
 * ({@link #uncertain}). Immutable and thread-safe.
 *
 * @param account        the account the key belongs to
 * @param key            the caller's idempotency key
 * @param fingerprint    a stable digest of recipient, text and attachments: the same key for a different
 *                       message is refused
 * @param state          how far the send got
 * @param owner          an opaque token of the reservation; only its owner completes or releases it
 * @param reservedAt     when the key was reserved
 * @param expiresAt      when the record may be forgotten (purged, or replaced by a new reservation)
 * @param message        the provider's ref of the sent message; set exactly when {@code state} is SENT
 * @param delivery       the delivery state the provider reported, {@code null} unless SENT
 * @param acceptedAt     when the provider accepted the message, when it said so, else {@code null}
 * @param reconciliation how an uncertain first attempt was settled ({@link SendResult.Reconciliation#NONE} when it was not)
 */
public record IdempotencyRecord(String account, String key, String fingerprint, State state, String owner,
                                Instant reservedAt, Instant expiresAt, @Nullable MessageRef message, @Nullable DeliveryStatus delivery,
                                @Nullable Instant acceptedAt, SendResult.@Nullable Reconciliation reconciliation) {

    /** How far a keyed send got. */
    public enum State {
        /** Reserved; the send is in flight (or its sender died before recording the outcome). */
        PENDING,
        /** The provider accepted the message; {@link #message()} is its ref. */
        SENT,
        /** The send may or may not have reached the provider; the key stays taken so nothing is sent twice. */
        UNCERTAIN
    }

    /** @throws IllegalArgumentException when a required field is missing or SENT comes without a message ref */
    public IdempotencyRecord {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(reservedAt, "reservedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if ((state == State.SENT) != (message != null)) {
            throw new IllegalArgumentException("A record has a message ref exactly when it is SENT, not when " + state);
        }
        if (message != null && !message.account().equals(account)) {
            throw new IllegalArgumentException("The message ref " + message + " is not of account " + account);
        }
        reconciliation = reconciliation == null ? SendResult.Reconciliation.NONE : reconciliation;
    }

    /**
     * @param account     the account
     * @param key         the idempotency key
     * @param fingerprint the message's digest
     * @param owner       the reserving caller's token
     * @param now         the reservation time
     * @param expiresAt   until when the key is remembered
     * @return a PENDING reservation
     */
    public static IdempotencyRecord reservation(String account, String key, String fingerprint, String owner,
                                                Instant now, Instant expiresAt) {
        return new IdempotencyRecord(account, key, fingerprint, State.PENDING, owner, now, expiresAt, null, null,
                null, SendResult.Reconciliation.NONE);
    }

    /**
     * @param result    what the provider answered
     * @param expiresAt until when the outcome is remembered
     * @return this reservation completed as SENT
     */
    public IdempotencyRecord sent(SendResult result, Instant expiresAt) {
        return new IdempotencyRecord(account, key, fingerprint, State.SENT, owner, reservedAt, expiresAt,
                result.message(), result.delivery(), result.acceptedAt(), result.reconciliation());
    }

    /** @param expiresAt until when the key stays taken @return this reservation completed as UNCERTAIN */
    public IdempotencyRecord uncertain(Instant expiresAt) {
        return new IdempotencyRecord(account, key, fingerprint, State.UNCERTAIN, owner, reservedAt, expiresAt, null,
                null, null, SendResult.Reconciliation.NONE);
    }

    /** @param now the time @return whether the record may be forgotten at {@code now} */
    public boolean expiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }

    /** @return the stored result, replayed (nothing is sent again), when the record is SENT */
    @SuppressWarnings("NullAway") // a SENT record always has its message ref (checked above); SendResult defaults the rest
    public Optional<SendResult> result() {
        return state == State.SENT
                ? Optional.of(new SendResult(message, delivery, acceptedAt, true, reconciliation))
                : Optional.empty();
    }
}
