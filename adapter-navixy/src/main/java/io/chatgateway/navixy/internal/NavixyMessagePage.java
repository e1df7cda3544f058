package io.chatgateway.navixy.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.ConversationRef;
import io.chatgateway.ErrorDetails;
import io.chatgateway.Message;
import io.chatgateway.ProtocolException;
import io.chatgateway.navixy.NavixyChatProviderFactory;
import io.chatgateway.spi.PageCursor.Keyset;
import io.chatgateway.spi.PageSlice;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Turns one answer of {@code tracker/chat/list} into a page of messages and the cursor after it. */
final class NavixyMessagePage {

    private NavixyMessagePage() {
    }

    /**
     * One page of {@code tracker/chat/list}'s answer: rows mapped, repeated ids dropped, rows outside the cursor's
     * window or already returned at its boundary second skipped, ordered by second then id, and the cursor after
     * the page (none when Navixy returned fewer rows than asked and all fitted).
     */
    static PageSlice<Message> slice(JsonNode json, ConversationRef conversation, NavixyTime time, MessageCursor at,
                                    int pageSize, int limit, ErrorDetails details) {
        JsonNode list = json.path("list");
        int returned = list.isArray() ? list.size() : 0;
        boolean asc = at.ascending();
        NavixyMapper.Messages mapper = new NavixyMapper.Messages(conversation, time);
        // the rows in one array, filtered and sorted in place (no list per step)
        Message[] rows = new Message[returned];
        int n = 0;
        for (int i = 0; i < returned; i++) {
            Message m = mapper.message(list.get(i));
            if (m != null) {
                rows[n++] = m;
            }
        }
        if (hasRepeatedIds(rows, n)) {
            n = dropRepeatedIds(rows, n); // the first of the same id wins
        }
        int kept = 0; // the candidates: rows in the window and not returned before, moved to the front in place
        for (int i = 0; i < n; i++) {
            long sec = second(rows[i], at);
            boolean inWindow = sec >= at.lo() && sec <= at.hi() && (asc ? sec >= at.boundary() : sec <= at.boundary());
            if (inWindow && !at.position().skips(sec, rows[i].ref().id())) {
                rows[kept++] = rows[i];
            }
        }
        if (!inOrder(rows, kept, at)) {
            Comparator<Message> order = Comparator.<Message>comparingLong(m -> second(m, at))
                    .thenComparingLong(NavixyMessagePage::id);
            Arrays.sort(rows, 0, kept, asc ? order : order.reversed());
        }
        boolean exhausted = returned < limit;
        int taken = Math.min(pageSize, kept);
        if (taken == 0) {
            if (exhausted) {
                return PageSlice.last(List.of());
            }
            throw new ProtocolException("More than " + NavixyChatProviderFactory.MAX_PAGE_SIZE + " messages of tracker " + conversation.id()
                    + " share the second " + Instant.ofEpochSecond(at.boundary()) + "; Navixy pages by time only,"
                    + " so they cannot be listed without gaps.", details);
        }
        List<Message> items = List.of(taken == rows.length ? rows : Arrays.copyOf(rows, taken));
        if (exhausted && taken == kept) {
            return PageSlice.last(items);
        }
        return new PageSlice<>(items, new MessageCursor(asc, at.lo(), at.hi(), after(at, items)).encode());
    }

    /** @return the Navixy id of a mapped message (its ref's id is the id in decimal digits) */
    private static long id(Message m) {
        return Long.parseLong(m.ref().id());
    }

    /** @return whether two rows share an id (ids strictly rising or falling, the usual answer, are checked without a set) */
    private static boolean hasRepeatedIds(Message[] rows, int n) {
        boolean rising = true;
        boolean falling = true;
        long previous = n == 0 ? 0 : id(rows[0]);
        for (int i = 1; i < n; i++) {
            long id = id(rows[i]);
            rising &= id > previous;
            falling &= id < previous;
            previous = id;
        }
        if (rising || falling) {
            return false;
        }
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = id(rows[i]);
        }
        Arrays.sort(ids);
        for (int i = 1; i < n; i++) {
            if (ids[i] == ids[i - 1]) {
                return true;
            }
        }
        return false;
    }

    /** @return how many rows are left at the front after dropping every row whose id an earlier row has */
    private static int dropRepeatedIds(Message[] rows, int n) {
        Set<Long> seen = new HashSet<>();
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (seen.add(id(rows[i]))) {
                rows[kept++] = rows[i];
            }
        }
        return kept;
    }

    /** @return whether the first {@code n} rows already stand in the page's order (by second, then id; reversed when descending) */
    private static boolean inOrder(Message[] rows, int n, MessageCursor at) {
        for (int i = 1; i < n; i++) {
            Message a = rows[i - 1];
            Message b = rows[i];
            int c = Long.compare(second(a, at), second(b, at));
            if (c == 0) {
                c = Long.compare(id(a), id(b));
            }
            if (at.ascending() ? c > 0 : c < 0) {
                return false;
            }
        }
        return true;
    }

    /** The position after the page's items (one keyset, not one per item: {@link Keyset#afterAll}). */
    private static Keyset after(MessageCursor at, List<Message> items) {
        return at.position().afterAll(items, m -> second(m, at), m -> m.ref().id());
    }

    /** A message without a readable time is placed at the boundary second, so that it is never repeated. */
    private static long second(Message m, MessageCursor at) {
        return m.sentAt() == null ? at.boundary() : m.sentAt().getEpochSecond();
    }
}
