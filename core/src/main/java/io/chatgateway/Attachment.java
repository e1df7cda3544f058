package io.chatgateway;

import java.util.Map;

/**
 * A file, image or other media attached to a received message.
 *
 * @param id          the provider's id of the attachment, may be {@code null}
 * @param kind        what it is; never {@code null}
 * @param name        file name, may be {@code null}
 * @param contentType MIME type or the provider's format text, may be {@code null}
 * @param url         where to download it, may be {@code null}
 * @param size        size in bytes, may be {@code null}
 * @param attributes  provider fields with no neutral home (JSON-like values); copied, never {@code null}
 */
public record Attachment(String id, MessageKind kind, String name, String contentType, String url, Long size,
                         Map<String, Object> attributes) {

    /** @throws InvalidRequestException when the kind is null */
    public Attachment {
        if (kind == null) {
            throw new InvalidRequestException("An attachment needs a kind (use OTHER when not known).");
        }
        attributes = Attributes.copy(attributes);
    }
}
