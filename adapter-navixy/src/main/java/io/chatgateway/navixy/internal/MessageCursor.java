package io.chatgateway.navixy.internal;

import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a walk through one tracker's chat stands. Navixy pages only by time window ({@code from}/{@code to},
 * whole seconds) and {@code limit}, so the cursor holds the fixed window, the boundary second reached so
 * far and the ids already returned at that second: the next request starts again at the boundary second
 * and skips those ids. Opaque to callers (URL-safe Base64 text).
 *
 * @param ascending whether the walk goes oldest first
 * @param lo        first second of the window (epoch seconds, inclusive)
 * @param hi        last second of the window (epoch seconds, inclusive)
 * @param boundary  the second the next request starts from (ascending) or ends at (descending)
 * @param seen      ids already returned at {@code boundary}
 */
record MessageCursor(boolean ascending, long lo, long hi, long boundary, Set<Long> seen) {

    private static final String VERSION = "n1";

    MessageCursor {
        seen = Set.copyOf(new TreeSet<>(seen));
    }

    /** @return the cursor as opaque text */
    String encode() {
        StringBuilder sb = new StringBuilder(VERSION).append('|').append(ascending ? 'A' : 'D').append('|')
                .append(lo).append('|').append(hi).append('|').append(boundary).append('|');
        boolean first = true;
        for (Long id : new TreeSet<>(seen)) {
            if (!first) {
                sb.append(',');
            }
            sb.append(id);
            first = false;
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param text    a cursor from {@link #encode()}
     * @param details for the error
     * @return the cursor
     * @throws InvalidRequestException when the text is not a Navixy message cursor
     */
    static MessageCursor decode(String text, ErrorDetails details) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            String[] p = raw.split("\\|", -1);
            if (p.length != 6 || !p[0].equals(VERSION) || !(p[1].equals("A") || p[1].equals("D"))) {
                throw new IllegalArgumentException("shape");
            }
            List<Long> ids = new ArrayList<>();
            if (!p[5].isEmpty()) {
                for (String id : p[5].split(",")) {
                    ids.add(Long.parseLong(id));
                }
            }
            return new MessageCursor(p[1].equals("A"), Long.parseLong(p[2]), Long.parseLong(p[3]),
                    Long.parseLong(p[4]), new TreeSet<>(ids));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("The page cursor is not one this Navixy adapter issued for messages.", details);
        }
    }
}
