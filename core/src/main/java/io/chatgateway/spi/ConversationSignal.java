package io.chatgateway.spi;

import io.chatgateway.Conversation;
import io.chatgateway.ConversationRef;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One conversation a {@link ChangeDetector} reports as possibly changed. Immutable.
 *
 * @param ref          the conversation
 * @param lastActivity its latest activity as the provider reports it, or {@code null}: with a snapshot, "no
 *                     messages yet"; without one, "unknown" (the inbox then reads its messages on every scan
 *                     that reports it)
 * @param snapshot     the conversation as listed (status, unread count, ...), or {@code null} when the
 *                     detector's signal does not carry it (no {@code CONVERSATION_UPDATED} events then)
 */
public record ConversationSignal(ConversationRef ref, @Nullable Instant lastActivity, @Nullable Conversation snapshot) {

    /** @throws NullPointerException without a ref */
    public ConversationSignal {
        Objects.requireNonNull(ref, "ref");
    }

    /**
     * @param conversation a listed conversation
     * @return its signal: its last message time and itself as snapshot
     */
    public static ConversationSignal of(Conversation conversation) {
        return new ConversationSignal(conversation.ref(), conversation.lastMessageAt(), conversation);
    }
}
