package io.chatgateway;

import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a successful send returned.
 *
 * @param message        the sent message's reference
 * @param delivery       its delivery state right after sending
 * @param acceptedAt     when the provider accepted it, or {@code null} when it did not say
 * @param replayed       {@code true} when this is the stored result of an earlier send with the same idempotency key
 *                       (nothing was sent this time)
 * @param reconciliation how an uncertain attempt was settled by reading the conversation back;
 *                       {@link Reconciliation#NONE} when the provider answered the send itself
 */
public record SendResult(MessageRef message, DeliveryStatus delivery, @Nullable Instant acceptedAt, boolean replayed,
                         Reconciliation reconciliation) {

    /** @throws InvalidRequestException when the message reference is missing */
    public SendResult {
        if (message == null) {
            throw new InvalidRequestException("A send result needs the sent message's reference.");
        }
        delivery = delivery == null ? DeliveryStatus.UNKNOWN : delivery;
        reconciliation = reconciliation == null ? Reconciliation.NONE : reconciliation;
    }

    /**
     * A result the provider answered directly (no reconciliation).
     *
     * @param message    the sent message's reference
     * @param delivery   its delivery state right after sending
     * @param acceptedAt when the provider accepted it
     * @param replayed   whether this is a stored result of an earlier send
     * @throws InvalidRequestException when the message reference is missing
     */
    public SendResult(MessageRef message, DeliveryStatus delivery, @Nullable Instant acceptedAt, boolean replayed) {
        this(message, delivery, acceptedAt, replayed, Reconciliation.NONE);
    }

    /** @return the acceptance time, when the provider gave one */
    public Optional<Instant> accepted() {
        return Optional.ofNullable(acceptedAt);
    }

    /** @return this result marked as replayed from the idempotency store */
    public SendResult asReplay() {
        return new SendResult(message, delivery, acceptedAt, true, reconciliation);
    }

    /** @param how how the outcome was settled @return a copy with that reconciliation */
    public SendResult withReconciliation(Reconciliation how) {
        return new SendResult(message, delivery, acceptedAt, replayed, how);
    }

    /**
     * How the outcome of a send was settled when its first attempt ended uncertain (a timeout or reset after the
     * request was written): by reading the conversation back.
     */
    public enum Reconciliation {
        /** Nothing to settle: the provider answered the send itself (or the result is a replay of such an answer). */
        NONE,

        /** The uncertain attempt did arrive: the message was found in the conversation and its ref is the result. */
        FOUND,

        /** The uncertain attempt was not found within the reconcile window, so the message was sent once more. */
        RESENT,

        /**
         * The message was resent after the reconcile window, and the first copy showed up later anyway: the
         * recipient has it twice. Reported, never hidden; the result names the resent copy.
         */
        DUPLICATE_DETECTED
    }
}
