package io.chatgateway.quickblox.internal;

import io.chatgateway.InvalidRequestException;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.quickblox.QuickbloxFilter;
import io.chatgateway.spi.JsonValues;
import io.chatgateway.QueryPlan;
import io.chatgateway.spi.PageCursor.Keyset;
import io.chatgateway.spi.QueryPlans;
import java.time.Instant;
import io.chatgateway.spi.HttpCall;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Compiles a {@link MessageQuery} and a page cursor into the query parameters of {@code GET /chat/Message.json}
 * (QuickBlox operators such as {@code date_sent[gte]}, {@code sender_id[in]}, {@code recipient_id[nin]},
 * {@code updated_at[lt]}, {@code message[ctn]}, each written by {@link QuickbloxFilter.Condition}), and says in
 * a {@link QueryPlan} which filters QuickBlox applies.
 *
 * <p>Paging is a keyset on {@code date_sent}: the next page asks for messages at or after (newest first: at or
 * before) the second of the last message returned, and drops the ids already returned at that second —
 * {@code _id[ne]} when there is one, otherwise by asking for that many more and dropping them here. New messages
 * arriving between pages therefore never shift a page, unlike a bare {@code skip}. A {@link QuickbloxFilter} adds
 * its conditions (a bound on the same key as {@code since}/{@code until} or the cursor keeps the tighter one); its
 * sort by another field than {@code date_sent} pages by offset instead.
 */
final class MessageQueryCompiler {

    /** Largest {@code limit} asked of QuickBlox. */
    static final int MAX_LIMIT = 100;

    /** A time bound that is not sent. */
    private static final long NONE = Long.MIN_VALUE;

    /** No re-check: every message QuickBlox returned is kept. */
    private static final Predicate<Message> ANY = m -> true;

    /** What to ask for one page. Immutable. */
    static final class Compiled {
        /** name, value, name, value… in the first {@link #count} slots */
        private final String[] params;
        private final int count;
        private final int limit;
        private final int pageSize;
        private final Set<String> drop;
        private final Long offset;
        private final Predicate<Message> recheck;

        private Compiled(Params p, int limit, int pageSize, Set<String> drop, Long offset, Predicate<Message> recheck) {
            this.params = p.pairs; // the builder's array, no longer written: no copy
            this.count = p.size;
            this.limit = limit;
            this.pageSize = pageSize;
            this.drop = drop;
            this.offset = offset;
            this.recheck = recheck;
        }

        /** Adds the query parameters, in order (raw names and values; encoded by {@code HttpCall}). */
        void addTo(HttpCall.Builder call) {
            for (int i = 0; i < count; i += 2) {
                call.query(params[i], params[i + 1]);
            }
        }

        /** @return the query parameters in order (raw names and values) */
        List<Map.Entry<String, String>> params() {
            List<Map.Entry<String, String>> out = new ArrayList<>(count / 2);
            for (int i = 0; i < count; i += 2) {
                out.add(Map.entry(params[i], params[i + 1]));
            }
            return out;
        }

        /** @return the {@code limit} sent: fewer rows back means the last page */
        int limit() {
            return limit;
        }

        /** @return how many messages to return at most */
        int pageSize() {
            return pageSize;
        }

        /** @return ids to drop from the answer (already returned) */
        Set<String> drop() {
            return drop;
        }

        /** @return the {@code skip} sent when pages advance by offset (a sort by another field), else {@code null} */
        Long offset() {
            return offset;
        }

        /** @return what the adapter re-checks on each message QuickBlox returned (typed {@code ctn}) */
        Predicate<Message> recheck() {
            return recheck;
        }
    }

    /**
     * Query parameters in the order first put, a name once (a second put replaces the value in place, as a
     * {@code LinkedHashMap} does): names and values side by side in one array, looked up by a scan (a page has
     * about ten of them).
     */
    private static final class Params {
        private String[] pairs = new String[16];
        private int size;

        String get(String name) {
            for (int i = 0; i < size; i += 2) {
                if (pairs[i].equals(name)) {
                    return pairs[i + 1];
                }
            }
            return null;
        }

        void put(String name, String value) {
            for (int i = 0; i < size; i += 2) {
                if (pairs[i].equals(name)) {
                    pairs[i + 1] = value;
                    return;
                }
            }
            if (size == pairs.length) {
                pairs = Arrays.copyOf(pairs, size * 2);
            }
            pairs[size++] = name;
            pairs[size++] = value;
        }
    }

    /** The {@code limit} texts up to {@link #MAX_LIMIT} twice over (a page plus the ids dropped), made once. */
    private static final String[] LIMITS = new String[2 * MAX_LIMIT + 1];

    static {
        for (int i = 0; i < LIMITS.length; i++) {
            LIMITS[i] = Integer.toString(i);
        }
    }

    private final boolean textAtProvider;
    /** Plans of queries without participant ids or a typed filter, which depend only on the filters set. */
    private final QueryPlans plans = new QueryPlans(q -> plan(q, null));

    MessageQueryCompiler(boolean textAtProvider) {
        this.textAtProvider = textAtProvider;
    }

    /**
     * @param q a message query
     * @return its typed QuickBlox filter checked against the message list, or {@code null}
     * @throws InvalidRequestException when it carries another provider query, a dialog field, or clashes with a
     *         neutral filter
     */
    static QuickbloxFilter typed(MessageQuery q) {
        if (q.providerQuery() == null) {
            return null;
        }
        if (!(q.providerQuery() instanceof QuickbloxFilter f)) {
            throw new InvalidRequestException("QuickBlox understands QuickbloxFilter as typed filters, not "
                    + q.providerQuery().getClass().getSimpleName() + ".");
        }
        f.requireFor(QuickbloxFilter.Resource.MESSAGES);
        clash(f, QuickbloxFilter.Field.MESSAGE, QuickbloxFilter.Operator.CTN, q.textContains() != null, "textContains");
        clash(f, QuickbloxFilter.Field.SENDER_ID, QuickbloxFilter.Operator.IN, !q.sendersIn().isEmpty(), "sendersIn");
        clash(f, QuickbloxFilter.Field.SENDER_ID, QuickbloxFilter.Operator.NIN, !q.sendersNotIn().isEmpty(), "sendersNotIn");
        clash(f, QuickbloxFilter.Field.RECIPIENT_ID, QuickbloxFilter.Operator.IN, !q.recipientsIn().isEmpty(), "recipientsIn");
        clash(f, QuickbloxFilter.Field.RECIPIENT_ID, QuickbloxFilter.Operator.NIN, !q.recipientsNotIn().isEmpty(),
                "recipientsNotIn");
        return f;
    }

    private static void clash(QuickbloxFilter f, QuickbloxFilter.Field field, QuickbloxFilter.Operator op, boolean neutral,
                              String name) {
        if (neutral && f.condition(field, op).isPresent()) {
            throw new InvalidRequestException("The message query sets " + name + " and its QuickbloxFilter sets "
                    + field.wire() + "[" + op.wire() + "]; QuickBlox reads one value per parameter, so use one of them.");
        }
    }

    /**
     * @param q a message query
     * @return where each of its filters runs; kept per shape of query ({@link QueryPlans}) unless it names
     *         participants (whether QuickBlox can take their ids depends on the ids) or carries a typed filter
     */
    QueryPlan plan(MessageQuery q) {
        QuickbloxFilter typed = typed(q);
        if (typed != null || !q.sendersIn().isEmpty() || !q.sendersNotIn().isEmpty() || !q.recipientsIn().isEmpty()
                || !q.recipientsNotIn().isEmpty()) {
            return plan(q, typed);
        }
        return plans.plan(q);
    }

    private QueryPlan plan(MessageQuery q, QuickbloxFilter typed) {
        EnumSet<QueryPlan.Filter> provider = EnumSet.noneOf(QueryPlan.Filter.class);
        EnumSet<QueryPlan.Filter> adapter = EnumSet.noneOf(QueryPlan.Filter.class);
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
            local.add(QueryPlan.Filter.TEXT);
            if (textAtProvider) {
                provider.add(QueryPlan.Filter.TEXT);
                notes.add("The text filter is narrowed at QuickBlox as message[ctn] (its case rules are not documented)"
                        + " and re-checked here case-insensitively; text-filter-at-provider=false matches locally only.");
            }
        }
        if (!q.sendersIn().isEmpty()) {
            (sendable(q.sendersIn()) ? provider : local).add(QueryPlan.Filter.SENDERS_IN);
        }
        if (!q.sendersNotIn().isEmpty()) {
            (sendable(q.sendersNotIn()) ? provider : local).add(QueryPlan.Filter.SENDERS_NOT_IN);
        }
        if (!q.recipientsIn().isEmpty()) {
            (sendable(q.recipientsIn()) ? provider : local).add(QueryPlan.Filter.RECIPIENTS_IN);
        }
        if (!q.recipientsNotIn().isEmpty()) {
            (sendable(q.recipientsNotIn()) ? provider : local).add(QueryPlan.Filter.RECIPIENTS_NOT_IN);
        }
        if (q.updatedSince() != null) {
            provider.add(QueryPlan.Filter.UPDATED_SINCE);
        }
        if (q.updatedUntil() != null) {
            provider.add(QueryPlan.Filter.UPDATED_UNTIL);
        }
        if (q.updatedSince() != null || q.updatedUntil() != null) {
            notes.add("QuickBlox keeps update times in whole seconds; updatedSince and updatedUntil are rounded up to a"
                    + " whole second (updated_at[gte] / updated_at[lt]).");
        }
        if (local.contains(QueryPlan.Filter.SENDERS_IN) || local.contains(QueryPlan.Filter.SENDERS_NOT_IN)
                || local.contains(QueryPlan.Filter.RECIPIENTS_IN) || local.contains(QueryPlan.Filter.RECIPIENTS_NOT_IN)) {
            notes.add("Participant ids that are not all QuickBlox user ids (positive whole numbers), or more than "
                    + QuickbloxFilter.MAX_VALUES + " of them, are matched locally.");
        }
        if (typed != null) {
            provider.add(QueryPlan.Filter.PROVIDER_QUERY);
            StringBuilder sb = new StringBuilder("QuickbloxFilter at QuickBlox:");
            typed.conditions().forEach(c -> sb.append(' ').append(c.key()).append('=').append(c.value()));
            if (typed.sort() != null) {
                sb.append(' ').append(typed.sort().key()).append('=').append(typed.sort().field().wire());
            }
            notes.add(sb.append('.').toString());
            if (typed.condition(QuickbloxFilter.Field.MESSAGE, QuickbloxFilter.Operator.CTN).isPresent()) {
                adapter.add(QueryPlan.Filter.PROVIDER_QUERY);
                notes.add("message[ctn] is re-checked in the adapter case-insensitively.");
            }
            if (offsetPaging(typed)) {
                notes.add("Sorted by " + typed.sort().field().wire() + " (replacing the query's order): pages advance"
                        + " by offset, so messages arriving meanwhile can shift them.");
            }
        }
        notes.add("Listing sends mark_as_read=0, so reading never marks messages read.");
        return new QueryPlan(provider, adapter, local, notes);
    }

    /** @return whether the filter sorts by a field other than {@code date_sent}, so the keyset cannot page */
    static boolean offsetPaging(QuickbloxFilter typed) {
        return typed != null && typed.sort() != null && typed.sort().field() != QuickbloxFilter.Field.DATE_SENT;
    }

    /**
     * @param q      the query (page size already set by the gateway)
     * @param cursor where the previous page ended: a {@link Keyset}, a {@code Long} offset, or {@code null}
     * @return the request of the page
     */
    Compiled compile(MessageQuery q, Object cursor) {
        QueryPlan plan = plan(q);
        QuickbloxFilter typed = typed(q);
        int pageSize = Math.max(1, Math.min(q.pageSize() == 0 ? MAX_LIMIT : q.pageSize(), MAX_LIMIT));
        MessageQuery.Order order = typed != null && typed.sort() != null ? typed.sort().order() : q.order();
        boolean ascending = order == MessageQuery.Order.ASCENDING;
        boolean byOffset = offsetPaging(typed);
        Keyset keyset = cursor instanceof Keyset k ? k : null;
        Params p = new Params();
        p.put("chat_dialog_id", q.conversation().id());
        p.put("mark_as_read", "0");
        p.put(ascending ? "sort_asc" : "sort_desc", byOffset ? typed.sort().field().wire() : "date_sent");
        // NONE for a bound not sent (primitives: no boxed seconds per page)
        long lower = q.since() == null ? NONE : ceilSeconds(q.since());
        long upperExclusive = q.until() == null ? NONE : ceilSeconds(q.until());
        long upperInclusive = NONE;
        if (keyset != null) {
            if (ascending) {
                lower = lower == NONE ? keyset.boundary() : Math.max(lower, keyset.boundary());
            } else {
                upperInclusive = upperExclusive == NONE ? keyset.boundary() : Math.min(keyset.boundary(), upperExclusive - 1);
                upperExclusive = NONE;
            }
        }
        if (lower != NONE) {
            p.put("date_sent[gte]", Long.toString(lower));
        }
        if (upperExclusive != NONE) {
            p.put("date_sent[lt]", Long.toString(upperExclusive));
        }
        if (upperInclusive != NONE) {
            p.put("date_sent[lte]", Long.toString(upperInclusive));
        }
        if (plan.atProvider().contains(QueryPlan.Filter.SENDERS_IN)) {
            put(p, ids(QuickbloxFilter.Field.SENDER_ID, QuickbloxFilter.Operator.IN, q.sendersIn()));
        }
        if (plan.atProvider().contains(QueryPlan.Filter.SENDERS_NOT_IN)) {
            put(p, ids(QuickbloxFilter.Field.SENDER_ID, QuickbloxFilter.Operator.NIN, q.sendersNotIn()));
        }
        if (plan.atProvider().contains(QueryPlan.Filter.RECIPIENTS_IN)) {
            put(p, ids(QuickbloxFilter.Field.RECIPIENT_ID, QuickbloxFilter.Operator.IN, q.recipientsIn()));
        }
        if (plan.atProvider().contains(QueryPlan.Filter.RECIPIENTS_NOT_IN)) {
            put(p, ids(QuickbloxFilter.Field.RECIPIENT_ID, QuickbloxFilter.Operator.NIN, q.recipientsNotIn()));
        }
        if (q.updatedSince() != null) {
            put(p, new QuickbloxFilter.Condition(QuickbloxFilter.Field.UPDATED_AT, QuickbloxFilter.Operator.GTE,
                    List.of(Long.toString(ceilSeconds(q.updatedSince())))));
        }
        if (q.updatedUntil() != null) {
            put(p, new QuickbloxFilter.Condition(QuickbloxFilter.Field.UPDATED_AT, QuickbloxFilter.Operator.LT,
                    List.of(Long.toString(ceilSeconds(q.updatedUntil())))));
        }
        if (plan.atProvider().contains(QueryPlan.Filter.TEXT)) {
            p.put("message[ctn]", q.textContains());
        }
        Predicate<Message> recheck = ANY;
        if (typed != null) {
            for (QuickbloxFilter.Condition c : typed.conditions()) {
                String mine = p.get(c.key());
                p.put(c.key(), mine == null ? c.value() : tighter(c.operator(), mine, c.value()));
                if (c.operator() == QuickbloxFilter.Operator.CTN) {
                    String needle = c.value().toLowerCase(Locale.ROOT);
                    recheck = m -> m.text().toLowerCase(Locale.ROOT).contains(needle);
                }
            }
        }
        Set<String> seen = keyset == null ? Set.of() : keyset.seen();
        int limit = pageSize;
        Long offset = null;
        if (byOffset) {
            offset = cursor instanceof Long n ? n : 0L;
            if (offset > 0) {
                p.put("skip", Long.toString(offset));
            }
        } else if (seen.size() == 1 && p.get("_id[ne]") == null) {
            p.put("_id[ne]", seen.iterator().next());
        } else if (!seen.isEmpty() && pageSize + seen.size() <= MAX_LIMIT) {
            limit = pageSize + seen.size();
        } else if (!seen.isEmpty()) {
            // more messages in one second than a page can hold: skip them in QuickBlox's order of ties
            p.put("skip", Integer.toString(seen.size()));
        }
        p.put("limit", limit < LIMITS.length ? LIMITS[limit] : Integer.toString(limit));
        return new Compiled(p, limit, pageSize, seen, offset, recheck);
    }

    /** Two bounds on one key must both hold: keep the tighter one. Only time bounds can meet here. */
    private static String tighter(QuickbloxFilter.Operator op, String a, String b) {
        long x = Long.parseLong(a);
        long y = Long.parseLong(b);
        return Long.toString(op == QuickbloxFilter.Operator.GT || op == QuickbloxFilter.Operator.GTE ? Math.max(x, y)
                : Math.min(x, y));
    }

    /**
     * @return whether QuickBlox can take these participant ids as one list condition: at most 100 user ids (positive
     *         whole numbers; 0 is QuickBlox's "no recipient" of group messages, which the neutral model maps to none)
     */
    private static boolean sendable(Set<String> ids) {
        if (ids.size() > QuickbloxFilter.MAX_VALUES) {
            return false;
        }
        for (String id : ids) {
            if (!JsonValues.isDigits(id) || Long.parseLong(id) == 0) {
                return false;
            }
        }
        return true;
    }

    /** @return the list condition on a user-id field, ids in ascending numeric order (QuickbloxFilter writes it) */
    private static QuickbloxFilter.Condition ids(QuickbloxFilter.Field field, QuickbloxFilter.Operator op, Set<String> ids) {
        return new QuickbloxFilter.Condition(field, op,
                ids.stream().map(Long::parseLong).sorted().distinct().map(String::valueOf).toList());
    }

    private static void put(Params params, QuickbloxFilter.Condition c) {
        params.put(c.key(), c.value());
    }

    /** @return the first whole second at or after {@code t} */
    static long ceilSeconds(Instant t) {
        return t.getNano() == 0 ? t.getEpochSecond() : t.getEpochSecond() + 1;
    }
}
