package io.chatgateway.internal;

import io.chatgateway.ConversationRef;
import io.chatgateway.Message;
import io.chatgateway.MessageKind;
import io.chatgateway.OutgoingMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Stable digests of outgoing messages: equal for the same recipient, text and attachments in every JVM and
 * version (the idempotency store compares digests written by other processes), different otherwise.
 */
final class Fingerprints {

    /** Version tag hashed first, so a future change of the layout cannot collide with this one. */
    private static final String LAYOUT = "chatgw-send-v1";

    private Fingerprints() {
    }

    /**
     * @param to      the recipient
     * @param message the message (its idempotency key is not part of the digest)
     * @return 64 lower-case hex digits of SHA-256 over a length-prefixed layout of recipient, text and attachments
     */
    static String of(ConversationRef to, OutgoingMessage message) {
        MessageDigest sha = sha256();
        update(sha, LAYOUT);
        update(sha, to.toString());
        update(sha, message.text());
        sha.update(ByteBuffer.allocate(4).putInt(message.attachments().size()).array());
        for (OutgoingMessage.Attachment a : message.attachments()) {
            update(sha, a.name());
            update(sha, a.contentType());
            update(sha, a.kind().name());
            byte[] data = a.data();
            sha.update(ByteBuffer.allocate(4).putInt(data.length).array());
            sha.update(data);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * Whether a listed message carries what was sent: the same text (ignoring leading and trailing white space,
     * which providers trim) and, when attachments were sent, as many attachments (or a media kind when the
     * provider lists no attachment details); without sent attachments, none.
     *
     * @param listed  a message read back from the provider
     * @param sent    what was sent
     * @return whether {@code listed} may be {@code sent}
     */
    static boolean sameContent(Message listed, OutgoingMessage sent) {
        if (!listed.text().strip().equals(sent.text().strip())) {
            return false;
        }
        if (sent.attachments().isEmpty()) {
            return listed.attachments().isEmpty();
        }
        return listed.attachments().size() == sent.attachments().size()
                || listed.attachments().isEmpty() && listed.kind() != MessageKind.TEXT;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static void update(MessageDigest sha, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha.update(bytes);
    }
}
