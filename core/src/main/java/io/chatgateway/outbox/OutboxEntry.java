package io.chatgateway.outbox;

import io.chatgateway.ConversationRef;
import io.chatgateway.MessageRef;
import io.chatgateway.OutgoingMessage;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One message in the outbox, identified by its account and idempotency key. Immutable and thread-safe;
 * workers move it on with the {@code with…} methods.
 *
 * @param to            the recipient
 * @param message       what to send; its idempotency key identifies the entry
 * @param status        where it stands
 * @param attempts      how many times a worker claimed it
 * @param createdAt     when it was submitted
 * @param nextAttemptAt when a worker may claim it (again)
 * @param leaseOwner    the worker holding it while SENDING, else {@code null}
 * @param leaseUntil    until when that worker holds it, else {@code null}
 * @param result        the provider's message ref once delivered, else {@code null}
 * @param error         one sentence about the last failure, else {@code null}
 */
public record OutboxEntry(ConversationRef to, OutgoingMessage message, OutboxStatus status, int attempts,
                          Instant createdAt, Instant nextAttemptAt, @Nullable String leaseOwner,
                          @Nullable Instant leaseUntil, @Nullable MessageRef result, @Nullable String error) {

    /** @throws IllegalArgumentException when a required field is missing or the message has no idempotency key */
    public OutboxEntry {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        if (message.idempotencyKey() == null) {
            throw new IllegalArgumentException("An outbox entry's message needs an idempotency key");
        }
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative");
        }
    }

    /**
     * @param to      the recipient
     * @param message the message, with an idempotency key
     * @param now     the submission time
     * @return a new PENDING entry, due at once
     */
    public static OutboxEntry submitted(ConversationRef to, OutgoingMessage message, Instant now) {
        return new OutboxEntry(to, message, OutboxStatus.PENDING, 0, now, now, null, null, null, null);
    }

    /** @return the account */
    public String account() {
        return to.account();
    }

    /** @return the idempotency key */
    public String key() {
        return java.util.Objects.requireNonNull(message.idempotencyKey(), "checked when the entry was made");
    }

    /** @return the delivered message's ref, when delivered */
    public Optional<MessageRef> sent() {
        return Optional.ofNullable(result);
    }

    /** @param worker the worker @param until lease end @return this entry claimed (SENDING, one more attempt) */
    public OutboxEntry claimedBy(String worker, Instant until) {
        return new OutboxEntry(to, message, OutboxStatus.SENDING, attempts + 1, createdAt, nextAttemptAt, worker, until,
                result, error);
    }

    /** @param how the terminal status @param ref the message ref, or {@code null} @param why the error, or {@code null} @return this entry finished */
    public OutboxEntry finished(OutboxStatus how, @Nullable MessageRef ref, @Nullable String why) {
        if (!how.isTerminal()) {
            throw new IllegalArgumentException(how + " is not a terminal status");
        }
        return new OutboxEntry(to, message, how, attempts, createdAt, nextAttemptAt, null, null, ref, why);
    }

    /** @param at the next attempt's time @param why what failed @return this entry back to PENDING */
    public OutboxEntry retryAt(Instant at, String why) {
        return new OutboxEntry(to, message, OutboxStatus.PENDING, attempts, createdAt, at, null, null, null, why);
    }

    /**
     * For a send refused before anything reached the provider (the account's circuit breaker was open): the
     * claim does not count as an attempt.
     *
     * @param at  when a worker may claim it again
     * @param why what refused it
     * @return this entry back to PENDING, with the attempt of its current claim given back
     */
    public OutboxEntry deferredTo(Instant at, String why) {
        return new OutboxEntry(to, message, OutboxStatus.PENDING, Math.max(0, attempts - 1), createdAt, at, null, null,
                null, why);
    }
}
