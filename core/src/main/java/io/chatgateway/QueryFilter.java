package io.chatgateway;

/** A filter of a {@link MessageQuery} or {@link ConversationQuery}, as named by a {@link QueryPlan}. */
public enum QueryFilter {
    /** {@link MessageQuery#since()} / {@link ConversationQuery#activeSince()}. */
    SINCE,
    /** {@link MessageQuery#until()} / {@link ConversationQuery#activeUntil()}. */
    UNTIL,
    /** {@link MessageQuery#textContains()} / {@link ConversationQuery#text()}. */
    TEXT,
    /** {@link MessageQuery#sendersIn()}. */
    SENDERS_IN,
    /** {@link MessageQuery#sendersNotIn()}. */
    SENDERS_NOT_IN,
    /** {@link ConversationQuery#statuses()}. */
    STATUS,
    /** {@link ConversationQuery#assigneeId()}. */
    ASSIGNEE,
    /** {@link ConversationQuery#channels()}. */
    CHANNEL,
    /** {@link ConversationQuery#providerQuery()}: typed filters of one provider (always at the provider). */
    PROVIDER_QUERY
}
