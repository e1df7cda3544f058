package io.chatgateway.quickblox.internal;

import io.chatgateway.MessageQuery;
import io.chatgateway.QueryPlan;
import io.chatgateway.spi.JsonValues;
import io.chatgateway.spi.PageCursor.Keyset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compiles a {@link MessageQuery} and a page cursor into the query parameters of {@code GET /chat/Message.json}
 * (QuickBlox operators such as {@code date_sent[gte]}, {@code sender_id[in]}, {@code message[ctn]}), and says in
 * a {@link QueryPlan} which filters QuickBlox applies.
 *
 * <p>Paging is a keyset on {@code date_sent}: the next page asks for messages at or after (newest first: at or
 * before) the second of the last message returned, and drops the ids already returned at that second —
 * {@code _id[ne]} when there is one, otherwise by asking for that many more and dropping them here. New messages
 * arriving between pages therefore never shift a page, unlike a bare {@code skip}.
 */
final class MessageQueryCompiler {

    /** Largest {@code limit} asked of QuickBlox. */
    static final int MAX_LIMIT = 100;

    /**
     * What to ask for one page.
     *
     * @param params   query parameters in order (raw names and values; encoded by {@code HttpCall})
     * @param limit    the {@code limit} sent: fewer rows back means the last page
     * @param pageSize how many messages to return at most
     * @param drop     ids to drop from the answer (already returned)
     */
    record Compiled(List<Map.Entry<String, String>> params, int limit, int pageSize, Set<String> drop) { }

    private final boolean textAtProvider;

    MessageQueryCompiler(boolean textAtProvider) {
        this.textAtProvider = textAtProvider;
    }

    QueryPlan plan(MessageQuery q) {
        EnumSet<QueryPlan.Filter> provider = EnumSet.noneOf(QueryPlan.Filter.class);
        EnumSet<QueryPlan.Filter> local = EnumSet.noneOf(QueryPlan.Filter.class);
        List<String> notes = new ArrayList<>();
        if (q.since() != null) {
            provider.add(QueryPlan.Filter.SINCE);
        }
        if (q.until() != null) {
            provider.add(QueryPlan.Filter.UNTIL);
        }
        if (q.since() != null || q.until() != null) {
            notes.add("QuickBlox keeps send times in whole seconds; since and until are rounded up to a whole second"
                    + " (date_sent[gte] / date_sent[lt]).");
        }
        if (q.textContains() != null) {
            if (textAtProvider) {
                provider.add(QueryPlan.Filter.TEXT);
                notes.add("The text filter runs at QuickBlox as message[ctn]; its case sensitivity is not documented.");
            } else {
                local.add(QueryPlan.Filter.TEXT);
            }
        }
        if (!q.sendersIn().isEmpty()) {
            (numeric(q.sendersIn()) ? provider : local).add(QueryPlan.Filter.SENDERS_IN);
        }
        if (!q.sendersNotIn().isEmpty()) {
            (numeric(q.sendersNotIn()) ? provider : local).add(QueryPlan.Filter.SENDERS_NOT_IN);
        }
        notes.add("Listing sends mark_as_read=0, so reading never marks messages read.");
        return new QueryPlan(provider, local, notes);
    }

    /**
     * @param q      the query (page size already set by the gateway)
     * @param cursor where the previous page ended, or {@code null}
     * @return the request of the page
     */
    Compiled compile(MessageQuery q, Keyset cursor) {
        QueryPlan plan = plan(q);
        int pageSize = Math.max(1, Math.min(q.pageSize() == 0 ? MAX_LIMIT : q.pageSize(), MAX_LIMIT));
        boolean ascending = q.order() == MessageQuery.Order.ASCENDING;
        List<Map.Entry<String, String>> p = new ArrayList<>();
        p.add(Map.entry("chat_dialog_id", q.conversation().id()));
        p.add(Map.entry("mark_as_read", "0"));
        p.add(Map.entry(ascending ? "sort_asc" : "sort_desc", "date_sent"));
        Long lower = q.since() == null ? null : ceilSeconds(q.since());
        Long upperExclusive = q.until() == null ? null : ceilSeconds(q.until());
        Long upperInclusive = null;
        if (cursor != null) {
            if (ascending) {
                lower = lower == null ? cursor.boundary() : Math.max(lower, cursor.boundary());
            } else {
                long bound = upperExclusive == null ? cursor.boundary() : Math.min(cursor.boundary(), upperExclusive - 1);
                upperInclusive = bound;
                upperExclusive = null;
            }
        }
        if (lower != null) {
            p.add(Map.entry("date_sent[gte]", Long.toString(lower)));
        }
        if (upperExclusive != null) {
            p.add(Map.entry("date_sent[lt]", Long.toString(upperExclusive)));
        }
        if (upperInclusive != null) {
            p.add(Map.entry("date_sent[lte]", Long.toString(upperInclusive)));
        }
        if (plan.atProvider().contains(QueryPlan.Filter.SENDERS_IN)) {
            p.add(Map.entry("sender_id[in]", joined(q.sendersIn())));
        }
        if (plan.atProvider().contains(QueryPlan.Filter.SENDERS_NOT_IN)) {
            p.add(Map.entry("sender_id[nin]", joined(q.sendersNotIn())));
        }
        if (plan.atProvider().contains(QueryPlan.Filter.TEXT)) {
            p.add(Map.entry("message[ctn]", q.textContains()));
        }
        Set<String> seen = cursor == null ? Set.of() : cursor.seen();
        int limit = pageSize;
        if (seen.size() == 1) {
            p.add(Map.entry("_id[ne]", seen.iterator().next()));
        } else if (seen.size() > 1 && pageSize + seen.size() <= MAX_LIMIT) {
            limit = pageSize + seen.size();
        } else if (seen.size() > 1) {
            // more messages in one second than a page can hold: skip them in QuickBlox's order of ties
            p.add(Map.entry("skip", Integer.toString(seen.size())));
        }
        p.add(Map.entry("limit", Integer.toString(limit)));
        return new Compiled(List.copyOf(p), limit, pageSize, seen);
    }

    private static boolean numeric(Set<String> ids) {
        return ids.stream().allMatch(id -> JsonValues.isDigits(id));
    }

    private static String joined(Set<String> ids) {
        return ids.stream().map(Long::parseLong).sorted().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** @return the first whole second at or after {@code t} */
    static long ceilSeconds(Instant t) {
        return t.getNano() == 0 ? t.getEpochSecond() : t.getEpochSecond() + 1;
    }
}
