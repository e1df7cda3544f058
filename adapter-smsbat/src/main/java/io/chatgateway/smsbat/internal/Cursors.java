package io.chatgateway.smsbat.internal;

import io.chatgateway.ErrorDetails;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.spi.JsonValues;
import io.chatgateway.spi.PageCursor;
import java.util.Comparator;
import java.util.Set;

/**
 * The adapter's page cursors, in the SPI's one cursor format ({@link PageCursor}).
 *
 * <p>Chats: the next page number and the ids of the previous page, so that items pushed onto the next
 * page by new chats are not returned twice. Messages: a keyset position (send time, id) in the sorted
 * history, so that messages appended meanwhile never shift a page. Stateless.
 */
final class Cursors {

    private static final String CHATS = "smsbatChats";
    private static final String MESSAGES = "smsbatMessages";

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
    record MessageKey(MessageQuery.Order order, long millis, String id) { }

    /** Orders (send time, id) with numeric ids compared as numbers. */
    static final Comparator<MessageKey> KEY_ORDER = Comparator.comparingLong(MessageKey::millis)
            .thenComparing(MessageKey::id, Cursors::compareIds);

    /** The same order of messages themselves, without a key per comparison. */
    static final Comparator<Message> MESSAGE_ORDER = (a, b) -> {
        int c = Long.compare(millis(a), millis(b));
        return c != 0 ? c : compareIds(a.ref().id(), b.ref().id());
    };

    /** @param m a message @return its send time in epoch milliseconds, {@link Long#MIN_VALUE} when unknown */
    static long millis(Message m) {
        return m.sentAt() == null ? Long.MIN_VALUE : m.sentAt().toEpochMilli();
    }

    static int compareIds(String a, String b) {
        boolean an = JsonValues.isDigits(a);
        boolean bn = JsonValues.isDigits(b);
        if (an && bn) {
            return Long.compare(Long.parseLong(a), Long.parseLong(b));
        }
        if (an != bn) {
            return an ? -1 : 1;
        }
        return a.compareTo(b);
    }

    static String encode(ChatCursor c) {
        return PageCursor.encode(CHATS, c.page(), c.seen());
    }

    static ChatCursor decodeChats(String cursor, ErrorDetails details) {
        PageCursor c = PageCursor.decode(cursor, CHATS, 2, details);
        long page = c.number(0);
        if (page < 1 || page > Integer.MAX_VALUE) {
            throw PageCursor.notIssued(details);
        }
        return new ChatCursor((int) page, Set.copyOf(c.list(1)));
    }

    static String encode(MessageKey k) {
        return PageCursor.encode(MESSAGES, k.order() == MessageQuery.Order.ASCENDING, k.millis(), k.id());
    }

    /** @throws io.chatgateway.InvalidRequestException also when the cursor was made for the other order */
    static MessageKey decodeMessages(String cursor, MessageQuery.Order expected, ErrorDetails details) {
        PageCursor c = PageCursor.decode(cursor, MESSAGES, 3, details);
        MessageQuery.Order order = c.flag(0) ? MessageQuery.Order.ASCENDING : MessageQuery.Order.DESCENDING;
        String id = c.text(2);
        if (order != expected || id.isEmpty()) {
            throw PageCursor.notIssued(details);
        }
        return new MessageKey(order, c.number(1), id);
    }
}
