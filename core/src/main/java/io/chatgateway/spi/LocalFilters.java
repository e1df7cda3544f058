package io.chatgateway.spi;

import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.QueryPlan;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The meaning of every {@link QueryPlan.Filter}, as predicates over neutral messages and conversations: the one
 * definition both the gateway (for {@link QueryPlan#local()}) and adapters that filter a whole answer in memory
 * (for {@link QueryPlan#inAdapter()}) apply. Stateless and thread-safe.
 *
 * <p>Time filters keep only items with a known time ({@code since} inclusive, {@code until} exclusive); text
 * matches case-insensitively ({@link Locale#ROOT}); a conversation's text matches its title or id.
 */
public final class LocalFilters {

    private LocalFilters() {}

    /**
     * @param q the query
     * @return whether {@code q} sets any filter that {@link #messages} could apply; when not, every message passes
     */
    public static boolean anyIn(MessageQuery q) {
        return q.since() != null || q.until() != null || q.textContains() != null || !q.sendersIn().isEmpty()
                || !q.sendersNotIn().isEmpty();
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
            p = p.and(m -> m.author() != null && q.sendersIn().contains(m.author().id()));
        }
        if (which.contains(QueryPlan.Filter.SENDERS_NOT_IN) && !q.sendersNotIn().isEmpty()) {
            p = p.and(m -> m.author() == null || !q.sendersNotIn().contains(m.author().id()));
        }
        return p;
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
