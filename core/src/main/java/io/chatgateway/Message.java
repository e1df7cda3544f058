package io.chatgateway;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One message of a conversation, in the neutral model.
 *
 * <p>Adapters build it with {@link #builder(MessageRef, String)}; absent provider values are
 * {@code null} (author, text, times) or {@code UNKNOWN} (enums), never guesses.
 *
 * @param ref         the reference
 * @param provider    the provider id
 * @param direction   which way it went, from the application's side
 * @param author      who wrote it
 * @param recipient   the participant it was addressed to, where the provider says (e.g. QuickBlox's {@code recipient_id}
 *                    in private dialogs, SMSBAT's client for the business side's messages); {@code null} when the
 *                    provider names no single addressee (group dialogs, messages to the platform)
 * @param text        the text, may be empty, never {@code null}
 * @param kind        what it mainly carries
 * @param sentAt      when it was sent
 * @param updatedAt   when it was last updated or delivered
 * @param delivery    delivery state; {@link DeliveryStatus#UNKNOWN} when not known
 * @param readStatus  read by the application's user; {@link ReadStatus#UNKNOWN} when the provider does not say
 * @param attachments attached media; copied, never {@code null}
 * @param attributes  provider fields with no neutral home (JSON-like values); copied, never {@code null}
 */
public record Message(MessageRef ref, String provider, Direction direction, @Nullable Participant author,
                      @Nullable Participant recipient, String text,
                      MessageKind kind, @Nullable Instant sentAt, @Nullable Instant updatedAt, DeliveryStatus delivery,
                      ReadStatus readStatus, List<Attachment> attachments, Map<String, @Nullable Object> attributes) {

    /** @throws InvalidRequestException when ref, provider or direction is missing */
    public Message {
        if (ref == null || provider == null || provider.isBlank() || direction == null) {
            throw new InvalidRequestException("A message needs a reference, a provider and a direction.");
        }
        text = text == null ? "" : text;
        kind = kind == null ? MessageKind.TEXT : kind;
        delivery = delivery == null ? DeliveryStatus.UNKNOWN : delivery;
        readStatus = readStatus == null ? ReadStatus.UNKNOWN : readStatus;
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        attributes = Attributes.copy(attributes);
    }

    /**
     * A message without a recipient (kept for callers written before {@link #recipient()} existed; prefer
     * {@link #builder(MessageRef, String)}).
     *
     * @param ref         the reference
     * @param provider    the provider id
     * @param direction   which way it went
     * @param author      who wrote it
     * @param text        the text
     * @param kind        what it mainly carries
     * @param sentAt      when it was sent
     * @param updatedAt   when it was last updated or delivered
     * @param delivery    delivery state
     * @param readStatus  read state
     * @param attachments attached media
     * @param attributes  provider fields with no neutral home
     * @throws InvalidRequestException when ref, provider or direction is missing
     */
    public Message(MessageRef ref, String provider, Direction direction, @Nullable Participant author, String text,
                   MessageKind kind, @Nullable Instant sentAt, @Nullable Instant updatedAt, DeliveryStatus delivery,
                   ReadStatus readStatus, List<Attachment> attachments, Map<String, @Nullable Object> attributes) {
        this(ref, provider, direction, author, null, text, kind, sentAt, updatedAt, delivery, readStatus, attachments,
                attributes);
    }

    /**
     * @param ref      the message reference
     * @param provider the provider id
     * @return a builder; {@link Builder#direction} must be set before {@link Builder#build()}
     */
    public static Builder builder(MessageRef ref, String provider) {
        return new Builder(ref, provider);
    }

    /** @return a builder holding this message's values, to build a modified copy */
    public Builder toBuilder() {
        return new Builder(ref, provider).direction(direction).author(author).recipient(recipient).text(text).kind(kind).sentAt(sentAt)
                .updatedAt(updatedAt).delivery(delivery).readStatus(readStatus).attachments(attachments)
                .attributes(attributes);
    }

    /**
     * Builds a {@link Message}; not thread-safe. One builder may build a page's messages one after the other
     * ({@link #next(MessageRef)}): a built message never changes when the builder goes on.
     */
    public static final class Builder {
        private MessageRef ref;
        private final String provider;
        private @Nullable Direction direction;
        private @Nullable Participant author;
        private @Nullable Participant recipient;
        private @Nullable String text;
        private @Nullable MessageKind kind;
        private @Nullable Instant sentAt;
        private @Nullable Instant updatedAt;
        private @Nullable DeliveryStatus delivery;
        private @Nullable ReadStatus readStatus;
        private @Nullable List<Attachment> attachments;
        /** Made on the second attribute (most messages have none or one); handed to the message without a copy. */
        private Attributes.@Nullable Owned attributes;
        /** The only attribute so far (while {@link #attributes} is {@code null}), or {@code null}. */
        private @Nullable String soleKey;
        private @Nullable Object soleValue;

        private Builder(MessageRef ref, String provider) {
            this.ref = ref;
            this.provider = provider;
        }

        /**
         * Starts the next message on this builder: every value set so far is forgotten (the provider stays), so that
         * an adapter maps a whole page with one builder instead of one per message. The messages built before keep
         * their values (a built message shares nothing the builder writes to again).
         *
         * @param value the next message's reference
         * @return this, as fresh as {@link Message#builder(MessageRef, String)} made it
         */
        public Builder next(MessageRef value) {
            ref = value;
            direction = null;
            author = null;
            recipient = null;
            text = null;
            kind = null;
            sentAt = null;
            updatedAt = null;
            delivery = null;
            readStatus = null;
            attachments = null;
            attributes = null;
            soleKey = null;
            soleValue = null;
            return this;
        }

        /**
         * @param value direction, required
         * @return this
         */
        public Builder direction(Direction value) { this.direction = value; return this; }

        /**
         * @param value author
         * @return this
         */
        public Builder author(@Nullable Participant value) { this.author = value; return this; }

        /**
         * @param value the participant the message was addressed to, {@code null} when the provider names none
         * @return this
         */
        public Builder recipient(@Nullable Participant value) { this.recipient = value; return this; }

        /**
         * @param value text
         * @return this
         */
        public Builder text(String value) { this.text = value; return this; }

        /**
         * @param value kind
         * @return this
         */
        public Builder kind(MessageKind value) { this.kind = value; return this; }

        /**
         * @param value send time
         * @return this
         */
        public Builder sentAt(@Nullable Instant value) { this.sentAt = value; return this; }

        /**
         * @param value update or delivery time
         * @return this
         */
        public Builder updatedAt(@Nullable Instant value) { this.updatedAt = value; return this; }

        /**
         * @param value delivery state
         * @return this
         */
        public Builder delivery(DeliveryStatus value) { this.delivery = value; return this; }

        /**
         * @param value read state
         * @return this
         */
        public Builder readStatus(ReadStatus value) { this.readStatus = value; return this; }

        /**
         * @param value attachments
         * @return this
         */
        public Builder attachments(List<Attachment> value) { this.attachments = value; return this; }

        /**
         * @param key attribute name
         * @param value JSON-like value
         * @return this
         */
        public Builder attribute(String key, @Nullable Object value) {
            if (attributes == null && (soleKey == null || soleKey.equals(key))) {
                soleKey = key;
                soleValue = value;
                return this;
            }
            writableAttributes().put(key, value);
            return this;
        }

        /**
         * @param values attributes to add
         * @return this
         */
        public Builder attributes(Map<String, Object> values) {
            if (!values.isEmpty()) {
                writableAttributes().putAll(values);
            }
            return this;
        }

        /**
         * @return the message
         * @throws InvalidRequestException when a required field is missing
         */
        @SuppressWarnings("NullAway") // unset values are null here; the canonical constructor rejects or defaults them
        public Message build() {
            Map<String, Object> a = attributes != null ? attributes : soleKey == null ? null
                    : java.util.Collections.singletonMap(soleKey, soleValue);
            return new Message(ref, provider, direction, author, recipient, text, kind, sentAt, updatedAt, delivery,
                    readStatus, attachments, a);
        }

        /** @return the attribute map to write to, holding the sole attribute so far */
        private Attributes.Owned writableAttributes() {
            attributes = Attributes.Owned.writable(attributes);
            if (soleKey != null) {
                attributes.put(soleKey, soleValue);
                soleKey = null;
                soleValue = null;
            }
            return attributes;
        }
    }

    /**
     * A file, image or other media attached to a received message.
     *
     * @param id          the provider's id of the attachment
     * @param kind        what it is; never {@code null}
     * @param name        file name
     * @param contentType MIME type or the provider's format text
     * @param url         where to download it
     * @param size        size in bytes
     * @param attributes  provider fields with no neutral home (JSON-like values); copied, never {@code null}
     */
    public record Attachment(@Nullable String id, MessageKind kind, @Nullable String name, @Nullable String contentType, @Nullable String url, @Nullable Long size,
                             Map<String, @Nullable Object> attributes) {

        /** @throws InvalidRequestException when the kind is null */
        public Attachment {
            if (kind == null) {
                throw new InvalidRequestException("An attachment needs a kind (use OTHER when not known).");
            }
            attributes = Attributes.copy(attributes);
        }
    }

    /**
     * Whether the application's user has read a message. Providers without a per-message flag (Navixy) give UNKNOWN, never a guess.
     */
    public enum ReadStatus {
        /** Read by the application's user. */
        READ,

        /** Not read yet. */
        UNREAD,

        /** The provider does not say. */
        UNKNOWN;
    }

    /**
     * Which way a message went, from the application's side.
     */
    public enum Direction {
        /** From the driver, customer or other user to the application. */
        INBOUND,

        /** From the application (dispatcher, operator, acting user) to the other side. */
        OUTBOUND;
    }
}
