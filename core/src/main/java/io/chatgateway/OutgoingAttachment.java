package io.chatgateway;

import java.util.Arrays;

/**
 * A file to send with a message, where the provider supports it ({@link Capability#SEND_ATTACHMENT}).
 *
 * @param name        file name, not blank
 * @param contentType MIME type, not blank
 * @param kind        PHOTO or FILE (OTHER is sent as FILE)
 * @param data        the bytes; copied on the way in and out
 */
public record OutgoingAttachment(String name, String contentType, MessageKind kind, byte[] data) {

    /** @throws InvalidRequestException when a field is missing or the data is empty */
    public OutgoingAttachment {
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
        return o instanceof OutgoingAttachment a && a.name.equals(name) && a.contentType.equals(contentType)
                && a.kind == kind && Arrays.equals(a.data, data);
    }

    @Override
    public int hashCode() {
        return (name.hashCode() * 31 + contentType.hashCode()) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "OutgoingAttachment[name=" + name + ", contentType=" + contentType + ", kind=" + kind
                + ", bytes=" + data.length + "]";
    }
}
