package io.chatgateway.smsbat.internal;

import io.chatgateway.InvalidRequestException;
import io.chatgateway.SortOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The adapter's opaque page cursors (base64url text, versioned).
 *
 * <p>Chats: the next page number and the ids of the previous page, so that items pushed onto the next
 * page by new chats are not returned twice. Messages: a keyset position (send time, id) in the sorted
 * history, so that messages appended meanwhile never shift a page. Stateless.
 */
final class Cursors {

    private static final String CHATS = "c1";
    private static final String MESSAGES = "m1";

    private Cursors() {}

    /** Where the chat list goes on. @param page next page, 1-based @param seen ids of the previous page */
    record ChatCursor(int page, Set<String> seen) {
        ChatCursor {
            seen = Set.copyOf(seen);
        }
    }

    /**
     * A position in the history sorted by (send time, id).
     *
     * @param order  the order the cursor was made for
     * @param millis send time in epoch milliseconds ({@link Long#MIN_VALUE} when unknown)
     * @param id     message id
     */
    record MessageKey(SortOrder order, long millis, String id) { }

    /** Orders (send time, id) with numeric ids compared as numbers. */
    static final Comparator<MessageKey> KEY_ORDER = Comparator.comparingLong(MessageKey::millis)
            .thenComparing(MessageKey::id, Cursors::compareIds);

    static int compareIds(String a, String b) {
        boolean an = a.matches("\\d{1,18}");
        boolean bn = b.matches("\\d{1,18}");
        if (an && bn) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        if (an != bn) {
            return an ? -1 : 1;
        }
        return a.compareTo(b);
    }

    static String encode(ChatCursor c) {
        return wrap(CHATS + "|" + c.page() + "|" + String.join(",", c.seen()));
    }

    static ChatCursor decodeChats(String cursor) {
        String[] p = unwrap(cursor).split("\\|", -1);
        if (p.length != 3 || !p[0].equals(CHATS) || !p[1].matches("\\d{1,9}") || Integer.parseInt(p[1]) < 1) {
            throw bad(cursor);
        }
        List<String> ids = p[2].isEmpty() ? List.of() : List.of(p[2].split(","));
        return new ChatCursor(Integer.parseInt(p[1]), Set.copyOf(ids));
    }

    static String encode(MessageKey k) {
        return wrap(MESSAGES + "|" + (k.order() == SortOrder.ASCENDING ? "a" : "d") + "|" + k.millis() + "|" + k.id());
    }

    static MessageKey decodeMessages(String cursor, SortOrder expected) {
        String[] p = unwrap(cursor).split("\\|", 4);
        if (p.length != 4 || !p[0].equals(MESSAGES) || !(p[1].equals("a") || p[1].equals("d"))
                || !p[2].matches("-?\\d{1,19}") || p[3].isEmpty()) {
            throw bad(cursor);
        }
        SortOrder order = p[1].equals("a") ? SortOrder.ASCENDING : SortOrder.DESCENDING;
        if (order != expected) {
            throw new InvalidRequestException("This cursor was made for " + order + " order, not " + expected + ".");
        }
        try {
            return new MessageKey(order, Long.parseLong(p[2]), p[3]);
        } catch (NumberFormatException e) {
            throw bad(cursor);
        }
    }

    private static String wrap(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String unwrap(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw bad(cursor);
        }
    }

    private static InvalidRequestException bad(String cursor) {
        String shown = cursor.length() > 40 ? cursor.substring(0, 40) + "…" : cursor;
        return new InvalidRequestException("'" + shown.replaceAll("\\p{Cntrl}", "?")
                + "' is not a page cursor of the smsbat provider.");
    }
}
