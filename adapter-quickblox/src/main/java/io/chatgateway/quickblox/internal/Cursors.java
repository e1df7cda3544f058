package io.chatgateway.quickblox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatgateway.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The opaque page cursors: base64url JSON, versioned by a prefix.
 *
 * <ul>
 *   <li>messages ({@code m1.}): keyset on {@code date_sent} — the second of the last message returned and the
 *       ids already returned at that second, so the next page starts at that second and drops them;</li>
 *   <li>dialogs ({@code d1.}): the offset in creation order and the id of the last dialog returned, so that the
 *       next page can find its place again when dialogs were deleted or inserted meanwhile.</li>
 * </ul>
 */
final class Cursors {

    /** Where a message page ends. @param second date_sent of the last message @param seenIds ids returned at that second */
    record MessageKey(long second, Set<String> seenIds) {
        MessageKey {
            seenIds = Set.copyOf(seenIds);
        }
    }

    /** Where a dialog page ends. @param offset position after the last dialog @param lastId the last dialog's id */
    record DialogKey(long offset, String lastId) { }

    private static final String MESSAGES = "m1.";
    private static final String DIALOGS = "d1.";

    private final ObjectMapper mapper;

    Cursors(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    String encode(MessageKey key) {
        ObjectNode n = mapper.createObjectNode();
        n.put("d", key.second());
        key.seenIds().stream().sorted().forEach(n.putArray("i")::add);
        return MESSAGES + base64(n);
    }

    MessageKey decodeMessages(String cursor) {
        JsonNode n = parse(cursor, MESSAGES);
        JsonNode d = n.get("d");
        if (d == null || !d.canConvertToLong()) {
            throw malformed();
        }
        Set<String> ids = new LinkedHashSet<>();
        n.path("i").forEach(i -> ids.add(i.asText()));
        return new MessageKey(d.longValue(), ids);
    }

    String encode(DialogKey key) {
        ObjectNode n = mapper.createObjectNode();
        n.put("o", key.offset());
        n.put("l", key.lastId());
        return DIALOGS + base64(n);
    }

    DialogKey decodeDialogs(String cursor) {
        JsonNode n = parse(cursor, DIALOGS);
        JsonNode o = n.get("o");
        if (o == null || !o.canConvertToLong() || o.longValue() < 0) {
            throw malformed();
        }
        return new DialogKey(o.longValue(), n.hasNonNull("l") ? n.get("l").asText() : null);
    }

    private String base64(JsonNode n) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(n.toString().getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode parse(String cursor, String prefix) {
        if (cursor == null || !cursor.startsWith(prefix) || cursor.length() > 64 * 1024) {
            throw malformed();
        }
        try {
            JsonNode n = mapper.readTree(Base64.getUrlDecoder().decode(cursor.substring(prefix.length())));
            if (n == null || !n.isObject()) {
                throw malformed();
            }
            return n;
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw malformed();
        }
    }

    private static InvalidRequestException malformed() {
        return new InvalidRequestException("The page cursor is not one this QuickBlox account handed out.");
    }

    static List<String> sorted(Set<String> ids) {
        List<String> l = new ArrayList<>(ids);
        l.sort(null);
        return l;
    }
}
