package io.chatgateway;

import java.time.Instant;
import java.util.Map;

/**
 * A conversation: a Navixy tracker's chat, an SMSBAT chat, a QuickBlox dialog.
 *
 * @param ref           the reference
 * @param provider      the provider id
 * @param title         tracker label, chat theme or dialog name; may be {@code null}
 * @param status        lifecycle state; {@link ConversationStatus#UNKNOWN} when the provider has none
 * @param unreadCount   unread messages for the application's user, or {@code null} when the provider did not say
 * @param lastMessageAt time of the latest message, or {@code null}
 * @param assignee      operator or owner, or {@code null}
 * @param attributes    provider fields with no neutral home (JSON-like values); copied, never {@code null}
 */
public record Conversation(ConversationRef ref, String provider, String title, ConversationStatus status,
                           Long unreadCount, Instant lastMessageAt, Participant assignee,
                           Map<String, Object> attributes) {

    /** @throws InvalidRequestException when ref or provider is missing or the unread count is negative */
    public Conversation {
        if (ref == null || provider == null || provider.isBlank()) {
            throw new InvalidRequestException("A conversation needs a reference and a provider.");
        }
        if (unreadCount != null && unreadCount < 0) {
            throw new InvalidRequestException("Unread count of " + ref + " must not be negative.");
        }
        status = status == null ? ConversationStatus.UNKNOWN : status;
        attributes = Attributes.copy(attributes);
    }
}
