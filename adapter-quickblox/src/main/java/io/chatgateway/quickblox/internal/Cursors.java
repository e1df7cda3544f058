package io.chatgateway.quickblox.internal;

import io.chatgateway.ErrorDetails;
import io.chatgateway.spi.PageCursor.Keyset;
import io.chatgateway.spi.PageCursor;

/**
 * The adapter's page cursors, in the SPI's one cursor format ({@link PageCursor}):
 *
 * <ul>
 *   <li>messages: a {@link Keyset} on {@code date_sent} — the second of the last message returned and the
 *       ids already returned at that second, so the next page starts at that second and drops them;</li>
 *   <li>messages sorted by another field than {@code date_sent} (a {@code QuickbloxFilter} sort): the offset;</li>
 *   <li>dialogs: the offset in creation order and the id of the last dialog returned, so that the
 *       next page can find its place again when dialogs were deleted or inserted meanwhile.</li>
 * </ul>
 */
final class Cursors {

    /** Where a dialog page ends. @param offset position after the last dialog @param lastId the last dialog's id */
    record DialogKey(long offset, String lastId) { }

    private static final String MESSAGES = "qbMessages";
    private static final String DIALOGS = "qbDialogs";
    private static final String MESSAGES_AT = "qbMessagesAt";

    private final ErrorDetails details;

    /** @param details account and provider, for the error about a foreign cursor */
    Cursors(ErrorDetails details) {
        this.details = details;
    }

    String encode(Keyset key) {
        return PageCursor.encode(MESSAGES, key);
    }

    Keyset decodeMessages(String cursor) {
        return PageCursor.decode(cursor, MESSAGES, 1, details).keyset(0);
    }

    String encodeOffset(long offset) {
        return PageCursor.encode(MESSAGES_AT, offset);
    }

    /** @return a {@link Keyset} when {@code byOffset} is false, else the offset as a {@code Long} */
    Object decodeMessages(String cursor, boolean byOffset) {
        if (!byOffset) {
            return decodeMessages(cursor);
        }
        long offset = PageCursor.decode(cursor, MESSAGES_AT, 1, details).number(0);
        if (offset < 0) {
            throw PageCursor.notIssued(details);
        }
        return offset;
    }

    String encode(DialogKey key) {
        return PageCursor.encode(DIALOGS, key.offset(), key.lastId() == null ? "" : key.lastId());
    }

    DialogKey decodeDialogs(String cursor) {
        PageCursor c = PageCursor.decode(cursor, DIALOGS, 2, details);
        long offset = c.number(0);
        if (offset < 0) {
            throw PageCursor.notIssued(details);
        }
        String last = c.text(1);
        return new DialogKey(offset, last.isEmpty() ? null : last);
    }
}
