package io.chatgateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The escaping used by the text forms of {@link ConversationRef} and {@link MessageRef}.
 *
 * <p>An id is written as is, except that {@code %}, {@code :}, {@code /} and ISO control characters
 * are percent-encoded as the hex of their UTF-8 bytes. Every other character, any Unicode included,
 * stays literal, so {@code navixy:123456} reads the way it looks.
 */
final class RefCodec {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private RefCodec() {}

    static String escape(String id) {
        StringBuilder out = null;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '%' || c == ':' || c == '/' || Character.isISOControl(c)) {
                if (out == null) {
                    out = new StringBuilder(id.length() + 8).append(id, 0, i);
                }
                // all escaped characters are ASCII or C1 controls: C1 controls take two UTF-8 bytes
                for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? id : out.toString();
    }

    static String unescape(String text, String whole) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        // only runs of %-escapes are UTF-8 bytes; every other char is kept as is (lone surrogates included)
        StringBuilder out = new StringBuilder(text.length());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); ) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    throw new InvalidRequestException("Reference '" + ConversationRef.printable(whole)
                            + "' has a truncated %-escape.");
                }
                int hi = Character.digit(text.charAt(i + 1), 16);
                int lo = Character.digit(text.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new InvalidRequestException("Reference '" + ConversationRef.printable(whole)
                            + "' has a malformed %-escape.");
                }
                bytes.write(hi << 4 | lo);
                i += 3;
            } else {
                flush(bytes, out);
                out.append(c);
                i++;
            }
        }
        flush(bytes, out);
        return out.toString();
    }

    private static void flush(ByteArrayOutputStream bytes, StringBuilder out) {
        if (bytes.size() > 0) {
            out.append(bytes.toString(StandardCharsets.UTF_8));
            bytes.reset();
        }
    }
}
