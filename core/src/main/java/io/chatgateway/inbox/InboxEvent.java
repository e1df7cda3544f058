package io.chatgateway.inbox;

import io.chatgateway.Conversation;
import io.chatgateway.ConversationRef;
import io.chatgateway.Message;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One change in an account, delivered by an {@link Inbox}.
 *
 * <p>{@code eventId} is stable: the same change delivered again (after a crash, a handler failure or an
 * uncommitted {@link InboxBatch}) carries the same id, so handlers can deduplicate on it. Immutable.
 *
 * @param eventId              stable id of this change, unique within the account
 * @param type                 what changed
 * @param conversation         the conversation it happened in
 * @param message              the message as read now (for the {@code MESSAGE_*} types), else {@code null}
 * @param conversationSnapshot the conversation as read now (for {@code CONVERSATION_UPDATED}, and when the
 *                             provider's change signal carried it), else {@code null}
 * @param providerTime         when the provider says it happened (message send or update time, the
 *                             conversation's last activity), or {@code null} when it does not say
 * @param observedAt           when the inbox noticed it (the gateway's clock)
 */
public record InboxEvent(String eventId, InboxEventType type, ConversationRef conversation, @Nullable Message message,
                         @Nullable Conversation conversationSnapshot, @Nullable Instant providerTime, Instant observedAt) {

    /** @throws IllegalArgumentException when a required part is missing or a message event has no message */
    public InboxEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(observedAt, "observedAt");
        if (eventId.isBlank()) {
            throw new IllegalArgumentException("eventId must not be blank");
        }
        if (type != InboxEventType.CONVERSATION_UPDATED && message == null) {
            throw new IllegalArgumentException(type + " needs the message");
        }
        if (type == InboxEventType.CONVERSATION_UPDATED && conversationSnapshot == null) {
            throw new IllegalArgumentException("CONVERSATION_UPDATED needs the conversation snapshot");
        }
    }

    /** @return the account the event belongs to */
    public String account() {
        return conversation.account();
    }
}
