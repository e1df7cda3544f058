package io.chatgateway;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A conversation: a Navixy tracker's chat, an SMSBAT chat, a QuickBlox dialog.
 *
 * <p>Adapters build it with {@link #builder(ConversationRef, String)} (new components may be added in later
 * versions; the builder keeps callers compiling); {@link #toBuilder()} gives a modified copy.
 *
 * @param ref           the reference
 * @param provider      the provider id
 * @param title         tracker label, chat theme or dialog name
 * @param status        lifecycle state; {@link Status#UNKNOWN} when the provider has none
 * @param unreadCount   unread messages for the application's user, or {@code null} when the provider did not say
 * @param lastMessageAt time of the latest message
 * @param assignee      operator or owner
 * @param attributes    provider fields with no neutral home (JSON-like values); copied, never {@code null}
 * @param channel       where the other side writes from; {@link Channel#UNKNOWN} when the provider did not say
 */
public record Conversation(ConversationRef ref, String provider, @Nullable String title, Status status,
                           @Nullable Long unreadCount, @Nullable Instant lastMessageAt, @Nullable Participant assignee,
                           Map<String, @Nullable Object> attributes, Channel channel) {

    /** @throws InvalidRequestException when ref or provider is missing or the unread count is negative */
    public Conversation {
        if (ref == null || provider == null || provider.isBlank()) {
            throw new InvalidRequestException("A conversation needs a reference and a provider.");
        }
        if (unreadCount != null && unreadCount < 0) {
            throw new InvalidRequestException("Unread count of " + ref + " must not be negative.");
        }
        status = status == null ? Status.UNKNOWN : status;
        attributes = Attributes.copy(attributes);
        channel = channel == null ? Channel.UNKNOWN : channel;
    }

    /**
     * A conversation whose channel is not known (kept for callers written before {@link #channel()}).
     *
     * @param ref           the reference
     * @param provider      the provider id
     * @param title         title, may be {@code null}
     * @param status        lifecycle state, {@code null} for unknown
     * @param unreadCount   unread messages, or {@code null}
     * @param lastMessageAt time of the latest message, or {@code null}
     * @param assignee      operator or owner, or {@code null}
     * @param attributes    provider fields with no neutral home
     * @throws InvalidRequestException when ref or provider is missing or the unread count is negative
     */
    @SuppressWarnings("NullAway") // the canonical constructor maps null to the documented default
    public Conversation(ConversationRef ref, String provider, @Nullable String title, @Nullable Status status,
                        @Nullable Long unreadCount, @Nullable Instant lastMessageAt, @Nullable Participant assignee,
                        @Nullable Map<String, @Nullable Object> attributes) {
        this(ref, provider, title, status, unreadCount, lastMessageAt, assignee, attributes, Channel.UNKNOWN);
    }

    /**
     * @param ref      the conversation reference
     * @param provider the provider id
     * @return a builder with status {@link Status#UNKNOWN} and nothing else known
     */
    public static Builder builder(ConversationRef ref, String provider) {
        return new Builder(ref, provider);
    }

    /** @return a builder holding this conversation's values, to build a modified copy */
    public Builder toBuilder() {
        return new Builder(ref, provider).title(title).status(status).unreadCount(unreadCount)
                .lastMessageAt(lastMessageAt).assignee(assignee).attributes(attributes).channel(channel);
    }

    /** Builds a {@link Conversation}; not thread-safe. */
    public static final class Builder {
        private final ConversationRef ref;
        private final String provider;
        private @Nullable String title;
        private @Nullable Status status;
        private @Nullable Long unreadCount;
        private @Nullable Instant lastMessageAt;
        private @Nullable Participant assignee;
        private @Nullable Channel channel;
        private final Map<String, @Nullable Object> attributes = new LinkedHashMap<>();

        private Builder(ConversationRef ref, String provider) {
            this.ref = ref;
            this.provider = provider;
        }

        /**
         * @param value title
         * @return this
         */
        public Builder title(@Nullable String value) { this.title = value; return this; }

        /**
         * @param value lifecycle state, {@code null} for unknown
         * @return this
         */
        public Builder status(@Nullable Status value) { this.status = value; return this; }

        /**
         * @param value unread messages, {@code null} when the provider did not say
         * @return this
         */
        public Builder unreadCount(@Nullable Long value) { this.unreadCount = value; return this; }

        /**
         * @param value time of the latest message
         * @return this
         */
        public Builder lastMessageAt(@Nullable Instant value) { this.lastMessageAt = value; return this; }

        /**
         * @param value operator or owner
         * @return this
         */
        public Builder assignee(@Nullable Participant value) { this.assignee = value; return this; }

        /**
         * @param value where the other side writes from, {@code null} for unknown
         * @return this
         */
        public Builder channel(@Nullable Channel value) { this.channel = value; return this; }

        /**
         * @param key attribute name
         * @param value JSON-like value
         * @return this
         */
        public Builder attribute(String key, @Nullable Object value) { this.attributes.put(key, value); return this; }

        /**
         * @param values attributes to add
         * @return this
         */
        public Builder attributes(@Nullable Map<String, Object> values) {
            if (values != null) {
                this.attributes.putAll(values);
            }
            return this;
        }

        /**
         * @return the conversation
         * @throws InvalidRequestException when ref or provider is missing or the unread count is negative
         */
        @SuppressWarnings("NullAway") // unset values are null here; the canonical constructor rejects or defaults them
        public Conversation build() {
            return new Conversation(ref, provider, title, status, unreadCount, lastMessageAt, assignee, attributes, channel);
        }
    }

    /**
     * Lifecycle state of a conversation. SMSBAT's chat statuses 0-4 map 1:1 onto the first five.
     */
    public enum Status {
        /** Created, nobody has worked on it yet. */
        NEW,

        /** Being worked on. */
        OPEN,

        /** Waiting for the other side. */
        WAITING,

        /** Put on hold. */
        PAUSED,

        /** Finished. */
        CLOSED,

        /** The provider gave a value this version does not know, or no status at all. */
        UNKNOWN;
    }
}
