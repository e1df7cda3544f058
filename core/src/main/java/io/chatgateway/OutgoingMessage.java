package io.chatgateway;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A message to send.
 *
 * <p>Needs text that is not blank, or at least one attachment. Provider text limits (Navixy 20 000
 * characters) are checked by the gateway before anything is sent. An idempotency key makes a repeated
 * {@link ChatGateway#send} with the same key return the first result instead of sending again.
 *
 * @param text           the text, may be empty only when there is an attachment
 * @param attachments    files to attach; copied, never {@code null}
 * @param idempotencyKey caller's key for de-duplication
 */
public record OutgoingMessage(String text, List<Attachment> attachments, @Nullable String idempotencyKey) {

    /** Longest accepted idempotency key. */
    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 256;

    /** @throws InvalidRequestException when there is neither text nor an attachment, or the key is malformed */
    public OutgoingMessage {
        text = text == null ? "" : text;
        attachments = attachments == null ? List.of() : List.copyOf(attachments);
        if (text.isBlank() && attachments.isEmpty()) {
            throw new InvalidRequestException("A message needs text that is not blank, or an attachment.");
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
            throw new InvalidRequestException("An idempotency key must be 1-" + MAX_IDEMPOTENCY_KEY_LENGTH + " characters.");
        }
    }

    /**
     * @param text the text, not blank
     * @return a text message
     * @throws InvalidRequestException when the text is blank
     */
    public static OutgoingMessage text(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidRequestException("A message text must not be blank.");
        }
        return new OutgoingMessage(text, List.of(), null);
    }

    /**
     * @param key caller's de-duplication key, 1-256 characters
     * @return a copy with that key
     */
    public OutgoingMessage withIdempotencyKey(String key) {
        if (key == null) {
            throw new InvalidRequestException("An idempotency key must not be null.");
        }
        return new OutgoingMessage(text, attachments, key);
    }

    /**
     * @param attachment a file to attach
     * @return a copy with the attachment added
     */
    public OutgoingMessage withAttachment(Attachment attachment) {
        if (attachment == null) {
            throw new InvalidRequestException("An attachment must not be null.");
        }
        List<Attachment> all = new ArrayList<>(attachments);
        all.add(attachment);
        return new OutgoingMessage(text, all, idempotencyKey);
    }

    /**
     * A file to send with a message, where the provider supports it ({@link Capability#SEND_ATTACHMENT}).
     *
     * @param name        file name, not blank
     * @param contentType MIME type, not blank
     * @param kind        PHOTO or FILE (OTHER is sent as FILE)
     * @param data        the bytes; copied on the way in and out
     */
    public record Attachment(String name, String contentType, MessageKind kind, byte[] data) {

        /** @throws InvalidRequestException when a field is missing or the data is empty */
        public Attachment {
            if (name == null || name.isBlank() || contentType == null || contentType.isBlank()) {
                throw new InvalidRequestException("An attachment needs a file name and a content type.");
            }
            if (kind == null || kind == MessageKind.TEXT) {
                throw new InvalidRequestException("An attachment's kind must be PHOTO, FILE or OTHER.");
            }
            if (data == null || data.length == 0) {
                throw new InvalidRequestException("Attachment '" + name + "' has no data.");
            }
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Attachment a && a.name.equals(name) && a.contentType.equals(contentType)
                    && a.kind == kind && Arrays.equals(a.data, data);
        }

        @Override
        public int hashCode() {
            return (name.hashCode() * 31 + contentType.hashCode()) * 31 + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Attachment[name=" + name + ", contentType=" + contentType + ", kind=" + kind
                    + ", bytes=" + data.length + "]";
        }
    }
}
