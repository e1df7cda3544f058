package io.chatgateway;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Per-recipient outcomes of a broadcast, in the order the recipients were given.
 *
 * @param outcomes one outcome per distinct recipient; copied
 */
public record BroadcastResult(List<RecipientOutcome> outcomes) {

    /** Copies the outcomes. */
    public BroadcastResult {
        outcomes = List.copyOf(outcomes);
    }

    /** @return the outcomes of recipients the message was sent to */
    public List<RecipientOutcome> sent() {
        return outcomes.stream().filter(RecipientOutcome::isSent).toList();
    }

    /** @return the outcomes of recipients it failed for */
    public List<RecipientOutcome> failed() {
        return outcomes.stream().filter(o -> !o.isSent()).toList();
    }

    /** @return {@code true} when every recipient got the message */
    public boolean allSent() {
        return outcomes.stream().allMatch(RecipientOutcome::isSent);
    }

    /**
     * The outcome of a broadcast for one recipient: sent (perhaps with the message's reference, when the
     * provider returns one), or failed with a typed error.
     *
     * @param conversation the recipient
     * @param message      the sent message, or {@code null} when failed or when the provider gives no id
     * @param error        why it failed, or {@code null} when sent
     */
    public record RecipientOutcome(ConversationRef conversation, @Nullable MessageRef message, @Nullable ChatGatewayException error) {

        /** @throws InvalidRequestException when the conversation is missing or both message and error are set */
        public RecipientOutcome {
            if (conversation == null) {
                throw new InvalidRequestException("A broadcast outcome needs its recipient.");
            }
            if (message != null && error != null) {
                throw new InvalidRequestException("A broadcast outcome is either sent or failed, not both.");
            }
        }

        /**
         * @param to      the recipient
         * @param message the sent message
         * @return a sent outcome
         */
        public static RecipientOutcome sent(ConversationRef to, @Nullable MessageRef message) {
            return new RecipientOutcome(to, message, null);
        }

        /**
         * @param to    the recipient
         * @param error why it failed, not null
         * @return a failed outcome
         */
        public static RecipientOutcome failed(ConversationRef to, ChatGatewayException error) {
            if (error == null) {
                throw new InvalidRequestException("A failed broadcast outcome needs its error.");
            }
            return new RecipientOutcome(to, null, error);
        }

        /** @return {@code true} when the message was sent to this recipient */
        public boolean isSent() {
            return error == null;
        }

        /** @return the failure, if any */
        public Optional<ChatGatewayException> failure() {
            return Optional.ofNullable(error);
        }
    }
}
