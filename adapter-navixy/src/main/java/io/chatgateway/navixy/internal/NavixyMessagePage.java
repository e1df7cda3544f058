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
import java.util.ArrayList;
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
        List<NavixyMapper.Row> rows = new ArrayList<>(returned);
        for (JsonNode n : list) {
            NavixyMapper.Row row = NavixyMapper.message(n, conversation, time);
            if (row != null) {
                rows.add(row);
            }
        }
        if (hasRepeatedIds(rows)) {
            Set<Long> ids = new HashSet<>();
            rows.removeIf(r -> !ids.add(r.id())); // the first of the same id wins
        }
        List<NavixyMapper.Row> candidates = new ArrayList<>(rows.size());
        for (NavixyMapper.Row row : rows) {
            long sec = second(row, at);
            boolean inWindow = sec >= at.lo() && sec <= at.hi() && (asc ? sec >= at.boundary() : sec <= at.boundary());
            if (inWindow && !at.position().skips(sec, row.message().ref().id())) {
                candidates.add(row);
            }
        }
        if (!inOrder(candidates, at)) {
            Comparator<NavixyMapper.Row> order = Comparator.<NavixyMapper.Row>comparingLong(r -> second(r, at))
                    .thenComparingLong(NavixyMapper.Row::id);
            candidates.sort(asc ? order : order.reversed());
        }
        boolean exhausted = returned < limit;
        int taken = Math.min(pageSize, candidates.size());
        if (taken == 0) {
            if (exhausted) {
                return PageSlice.last(List.of());
            }
            throw new ProtocolException("More than " + NavixyChatProviderFactory.MAX_PAGE_SIZE + " messages of tracker " + conversation.id()
                    + " share the second " + Instant.ofEpochSecond(at.boundary()) + "; Navixy pages by time only,"
                    + " so they cannot be listed without gaps.", details);
        }
        Message[] items = new Message[taken];
        for (int i = 0; i < taken; i++) {
            items[i] = candidates.get(i).message();
        }
        if (exhausted && taken == candidates.size()) {
            return PageSlice.last(List.of(items));
        }
        return new PageSlice<>(List.of(items), new MessageCursor(asc, at.lo(), at.hi(), after(at, candidates, taken)).encode());
    }

    /** @return whether two rows share an id (ids strictly rising or falling, the usual answer, are checked without a set) */
    private static boolean hasRepeatedIds(List<NavixyMapper.Row> rows) {
        boolean rising = true;
        boolean falling = true;
        for (int i = 1; i < rows.size(); i++) {
            long previous = rows.get(i - 1).id();
            long id = rows.get(i).id();
            rising &= id > previous;
            falling &= id < previous;
        }
        if (rising || falling) {
            return false;
        }
        long[] ids = new long[rows.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rows.get(i).id();
        }
        Arrays.sort(ids);
        for (int i = 1; i < ids.length; i++) {
            if (ids[i] == ids[i - 1]) {
                return true;
            }
        }
        return false;
    }

    /** @return whether the rows already stand in the page's order (by second, then id; reversed when descending) */
    private static boolean inOrder(List<NavixyMapper.Row> rows, MessageCursor at) {
        for (int i = 1; i < rows.size(); i++) {
            NavixyMapper.Row a = rows.get(i - 1);
            NavixyMapper.Row b = rows.get(i);
            int c = Long.compare(second(a, at), second(b, at));
            if (c == 0) {
                c = Long.compare(a.id(), b.id());
            }
            if (at.ascending() ? c > 0 : c < 0) {
                return false;
            }
        }
        return true;
    }

    /** The position after the first {@code taken} rows (one keyset, not one per row: {@link Keyset#afterAll}). */
    private static Keyset after(MessageCursor at, List<NavixyMapper.Row> rows, int taken) {
        return at.position().afterAll(rows.subList(0, taken), row -> second(row, at), row -> row.message().ref().id());
    }

    /** A message without a readable time is placed at the boundary second, so that it is never repeated. */
    private static long second(NavixyMapper.Row row, MessageCursor at) {
        return row.sentAt() == null ? at.boundary() : row.sentAt().getEpochSecond();
    }
}
