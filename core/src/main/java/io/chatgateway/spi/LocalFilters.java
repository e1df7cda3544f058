package io.chatgateway.spi;

import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.Participant;
import io.chatgateway.QueryPlan;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The meaning of every {@link QueryPlan.Filter}, as predicates over neutral messages and conversations: the one
 * definition both the gateway (for {@link QueryPlan#local()}) and adapters that filter a whole answer in memory
 * (for {@link QueryPlan#inAdapter()}) apply. Stateless and thread-safe.
 *
 * <p>Time filters keep only items with a known time ({@code since} inclusive, {@code until} exclusive; the update
 * filters on {@link Message#updatedAt()}); text matches case-insensitively ({@link Locale#ROOT}); a conversation's
 * text matches its title or id. Participant filters match ids: an {@code …In} filter drops a message without a
 * known author (recipient), a {@code …NotIn} filter keeps it.
 */
public final class LocalFilters {

    private LocalFilters() {}

    /**
     * @param q the query
     * @return whether {@code q} sets any filter that {@link #messages} could apply; when not, every message passes
     */
    public static boolean anyIn(MessageQuery q) {
        return bitsIn(q) != 0;
    }

    /**
     * @param q the query
     * @return the filters {@code q} sets that {@link #messages} applies (every one but
     *         {@link QueryPlan.Filter#PROVIDER_QUERY}); the gateway applies locally those a provider's plan places
     *         nowhere (e.g. filters added to the neutral model after the adapter was written)
     */
    public static Set<QueryPlan.Filter> setIn(MessageQuery q) {
        EnumSet<QueryPlan.Filter> set = EnumSet.noneOf(QueryPlan.Filter.class);
        int bits = bitsIn(q);
        for (QueryPlan.Filter f : MESSAGE_FILTERS) {
            if ((bits & 1 << f.ordinal()) != 0) {
                set.add(f);
            }
        }
        return set;
    }

    /** Bits {@link #bitsIn} can set: the message filters' ordinals are below this. */
    static final int MESSAGE_FILTER_BITS = QueryPlan.Filter.UPDATED_UNTIL.ordinal() + 1;

    private static final QueryPlan.Filter[] MESSAGE_FILTERS = {QueryPlan.Filter.SINCE, QueryPlan.Filter.UNTIL,
        QueryPlan.Filter.TEXT, QueryPlan.Filter.SENDERS_IN, QueryPlan.Filter.SENDERS_NOT_IN, QueryPlan.Filter.RECIPIENTS_IN,
        QueryPlan.Filter.RECIPIENTS_NOT_IN, QueryPlan.Filter.UPDATED_SINCE, QueryPlan.Filter.UPDATED_UNTIL};

    /**
     * @param q the query
     * @return {@link #setIn} as bits ({@code 1 << filter.ordinal()}), without a set: the shape of a query, e.g. to
     *         keep plans by ({@link QueryPlans})
     */
    public static int bitsIn(MessageQuery q) {
        int bits = 0;
        if (q.since() != null) bits |= 1 << QueryPlan.Filter.SINCE.ordinal();
        if (q.until() != null) bits |= 1 << QueryPlan.Filter.UNTIL.ordinal();
        if (q.textContains() != null) bits |= 1 << QueryPlan.Filter.TEXT.ordinal();
        if (!q.sendersIn().isEmpty()) bits |= 1 << QueryPlan.Filter.SENDERS_IN.ordinal();
        if (!q.sendersNotIn().isEmpty()) bits |= 1 << QueryPlan.Filter.SENDERS_NOT_IN.ordinal();
        if (!q.recipientsIn().isEmpty()) bits |= 1 << QueryPlan.Filter.RECIPIENTS_IN.ordinal();
        if (!q.recipientsNotIn().isEmpty()) bits |= 1 << QueryPlan.Filter.RECIPIENTS_NOT_IN.ordinal();
        if (q.updatedSince() != null) bits |= 1 << QueryPlan.Filter.UPDATED_SINCE.ordinal();
        if (q.updatedUntil() != null) bits |= 1 << QueryPlan.Filter.UPDATED_UNTIL.ordinal();
        return bits;
    }

    /**
     * @param q     the query
     * @param which the filters to apply (others are ignored)
     * @return a predicate keeping the messages that pass those filters of {@code q}
     */
    public static Predicate<Message> messages(MessageQuery q, Set<QueryPlan.Filter> which) {
        Predicate<Message> p = m -> true;
        if (which.contains(QueryPlan.Filter.SINCE) && q.since() != null) {
            p = p.and(m -> m.sentAt() != null && !m.sentAt().isBefore(q.since()));
        }
        if (which.contains(QueryPlan.Filter.UNTIL) && q.until() != null) {
            p = p.and(m -> m.sentAt() != null && m.sentAt().isBefore(q.until()));
        }
        if (which.contains(QueryPlan.Filter.TEXT) && q.textContains() != null) {
            String needle = q.textContains().toLowerCase(Locale.ROOT);
            p = p.and(m -> m.text().toLowerCase(Locale.ROOT).contains(needle));
        }
        if (which.contains(QueryPlan.Filter.SENDERS_IN) && !q.sendersIn().isEmpty()) {
            p = p.and(m -> named(q.sendersIn(), m.author()));
        }
        if (which.contains(QueryPlan.Filter.SENDERS_NOT_IN) && !q.sendersNotIn().isEmpty()) {
            p = p.and(m -> !named(q.sendersNotIn(), m.author()));
        }
        if (which.contains(QueryPlan.Filter.RECIPIENTS_IN) && !q.recipientsIn().isEmpty()) {
            p = p.and(m -> named(q.recipientsIn(), m.recipient()));
        }
        if (which.contains(QueryPlan.Filter.RECIPIENTS_NOT_IN) && !q.recipientsNotIn().isEmpty()) {
            p = p.and(m -> !named(q.recipientsNotIn(), m.recipient()));
        }
        Instant updatedSince = q.updatedSince();
        if (which.contains(QueryPlan.Filter.UPDATED_SINCE) && updatedSince != null) {
            p = p.and(m -> m.updatedAt() != null && !m.updatedAt().isBefore(updatedSince));
        }
        Instant updatedUntil = q.updatedUntil();
        if (which.contains(QueryPlan.Filter.UPDATED_UNTIL) && updatedUntil != null) {
            p = p.and(m -> m.updatedAt() != null && m.updatedAt().isBefore(updatedUntil));
        }
        return p;
    }

    /** @return whether the participant is known, has an id, and that id is one of {@code ids} (which hold no null) */
    private static boolean named(Set<String> ids, @Nullable Participant p) {
        if (p == null) {
            return false;
        }
        String id = p.id();
        return id != null && ids.contains(id);
    }

    /**
     * @param q     the query
     * @param which the filters to apply (others are ignored)
     * @return a predicate keeping the conversations that pass those filters of {@code q}
     */
    public static Predicate<Conversation> conversations(ConversationQuery q, Set<QueryPlan.Filter> which) {
        Predicate<Conversation> p = c -> true;
        if (which.contains(QueryPlan.Filter.TEXT) && q.text() != null) {
            String needle = q.text().toLowerCase(Locale.ROOT);
            p = p.and(c -> c.title() != null && c.title().toLowerCase(Locale.ROOT).contains(needle)
                    || c.ref().id().toLowerCase(Locale.ROOT).contains(needle));
        }
        if (which.contains(QueryPlan.Filter.STATUS) && !q.statuses().isEmpty()) {
            p = p.and(c -> q.statuses().contains(c.status()));
        }
        String assignee = q.assigneeId();
        if (which.contains(QueryPlan.Filter.ASSIGNEE) && assignee != null) {
            p = p.and(c -> c.assignee() != null && assignee.equals(c.assignee().id()));
        }
        if (which.contains(QueryPlan.Filter.SINCE) && q.activeSince() != null) {
            p = p.and(c -> c.lastMessageAt() != null && !c.lastMessageAt().isBefore(q.activeSince()));
        }
        if (which.contains(QueryPlan.Filter.UNTIL) && q.activeUntil() != null) {
            p = p.and(c -> c.lastMessageAt() != null && c.lastMessageAt().isBefore(q.activeUntil()));
        }
        if (which.contains(QueryPlan.Filter.CHANNEL) && !q.channels().isEmpty()) {
            p = p.and(c -> q.channels().contains(c.channel()));
        }
        return p;
    }
}
