package io.chatgateway.navixy.internal;

import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.spi.PageCursor.Keyset;
import io.chatgateway.spi.PageCursor;

/**
 * Where a walk through one tracker's chat stands. Navixy pages only by time window ({@code from}/{@code to},
 * whole seconds) and {@code limit}, so the cursor holds the fixed window and a {@link Keyset} (the boundary
 * second reached so far and the ids already returned at that second): the next request starts again at the
 * boundary second and skips those ids.
 *
 * @param ascending whether the walk goes oldest first
 * @param lo        first second of the window (epoch seconds, inclusive)
 * @param hi        last second of the window (epoch seconds, inclusive)
 * @param position  the second the next request starts from (ascending) or ends at (descending), and the ids
 *                  already returned there
 */
record MessageCursor(boolean ascending, long lo, long hi, Keyset position) {

    private static final String KIND = "navixyMessages";

    /** @return the boundary second */
    long boundary() {
        return position.boundary();
    }

    /** @return the cursor as opaque text */
    String encode() {
        return PageCursor.encode(KIND, ascending, lo, hi, position);
    }

    /**
     * @param text    a cursor from {@link #encode()}
     * @param details for the error
     * @return the cursor
     * @throws InvalidRequestException when the text is not a Navixy message cursor
     */
    static MessageCursor decode(String text, ErrorDetails details) {
        PageCursor c = PageCursor.decode(text, KIND, 4, details);
        return new MessageCursor(c.flag(0), c.number(1), c.number(2), c.keyset(3));
    }
}
