package io.chatgateway;

import java.util.Map;
import org.jspecify.annotations.Nullable;

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
