package io.chatgateway.internal;

import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.QueryFilter;
import io.chatgateway.QueryPlan;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/** The filters a {@link QueryPlan} names as local, as predicates over what the provider returned. */
final class LocalFilters {

    private LocalFilters() {}

    static Predicate<Message> messages(MessageQuery q, QueryPlan plan) {
        Set<QueryFilter> local = plan.local();
        Predicate<Message> p = m -> true;
        if (local.contains(QueryFilter.SINCE) && q.since() != null) {
            p = p.and(m -> m.sentAt() != null && !m.sentAt().isBefore(q.since()));
        }
        if (local.contains(QueryFilter.UNTIL) && q.until() != null) {
            p = p.and(m -> m.sentAt() != null && m.sentAt().isBefore(q.until()));
        }
        if (local.contains(QueryFilter.TEXT) && q.textContains() != null) {
            String needle = q.textContains().toLowerCase(Locale.ROOT);
            p = p.and(m -> m.text().toLowerCase(Locale.ROOT).contains(needle));
        }
        if (local.contains(QueryFilter.SENDERS_IN) && !q.sendersIn().isEmpty()) {
            p = p.and(m -> m.author() != null && q.sendersIn().contains(m.author().id()));
        }
        if (local.contains(QueryFilter.SENDERS_NOT_IN) && !q.sendersNotIn().isEmpty()) {
            p = p.and(m -> m.author() == null || !q.sendersNotIn().contains(m.author().id()));
        }
        return p;
    }

    static Predicate<Conversation> conversations(ConversationQuery q, QueryPlan plan) {
        Set<QueryFilter> local = plan.local();
        Predicate<Conversation> p = c -> true;
        if (local.contains(QueryFilter.TEXT) && q.text() != null) {
            String needle = q.text().toLowerCase(Locale.ROOT);
            p = p.and(c -> c.title() != null && c.title().toLowerCase(Locale.ROOT).contains(needle)
                    || c.ref().id().toLowerCase(Locale.ROOT).contains(needle));
        }
        if (local.contains(QueryFilter.STATUS) && !q.statuses().isEmpty()) {
            p = p.and(c -> q.statuses().contains(c.status()));
        }
        if (local.contains(QueryFilter.ASSIGNEE) && q.assigneeId() != null) {
            p = p.and(c -> c.assignee() != null && q.assigneeId().equals(c.assignee().id()));
        }
        if (local.contains(QueryFilter.SINCE) && q.activeSince() != null) {
            p = p.and(c -> c.lastMessageAt() != null && !c.lastMessageAt().isBefore(q.activeSince()));
        }
        if (local.contains(QueryFilter.UNTIL) && q.activeUntil() != null) {
            p = p.and(c -> c.lastMessageAt() != null && c.lastMessageAt().isBefore(q.activeUntil()));
        }
        return p;
    }
}
