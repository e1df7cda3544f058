package io.chatgateway;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Where each filter of a query runs: at the provider, in the adapter, or in the gateway after fetching.
 * A filter may be named both at the provider and locally (or in the adapter): the provider narrows
 * coarsely (e.g. SMSBAT dates by whole day, QuickBlox {@code ctn} with undocumented case rules) and the
 * library re-checks the exact meaning.
 *
 * @param atProvider filters sent to the provider
 * @param inAdapter  filters the adapter applies in memory to the provider's whole answer, before paging
 *                   (providers that return whole arrays, such as SMSBAT's chat history)
 * @param local      filters the gateway applies to each page the adapter returned
 * @param notes      plain-language remarks, e.g. the provider's default time window
 */
public record QueryPlan(Set<Filter> atProvider, Set<Filter> inAdapter, Set<Filter> local,
                        List<String> notes) {

    /** Copies the sets and notes; a filter runs locally or in the adapter, not both. */
    public QueryPlan {
        atProvider = copy(atProvider);
        inAdapter = copy(inAdapter);
        local = copy(local);
        notes = notes == null ? List.of() : List.copyOf(notes);
        for (Filter f : local) {
            if (inAdapter.contains(f)) {
                throw new InvalidRequestException("Filter " + f + " cannot run both in the adapter and locally.");
            }
        }
    }

    /**
     * @param filter a filter
     * @return whether the provider only narrows it and the library re-checks the exact meaning
     */
    public boolean rechecked(Filter filter) {
        return atProvider.contains(filter) && (local.contains(filter) || inAdapter.contains(filter));
    }

    /**
     * A plan with nothing applied in the adapter.
     *
     * @param atProvider filters sent to the provider
     * @param local      filters the gateway applies to each page
     * @param notes      plain-language remarks
     */
    public QueryPlan(Set<Filter> atProvider, Set<Filter> local, List<String> notes) {
        this(atProvider, Set.of(), local, notes);
    }

    private static Set<Filter> copy(Set<Filter> filters) {
        // an unmodifiable enum set: one bit set, not a hash set copied into an immutable one (a plan is made per call)
        return filters == null || filters.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(filters));
    }

    /** @return one readable line per fact, e.g. for {@code chatgw messages --explain} */
    public String explain() {
        StringBuilder sb = new StringBuilder();
        sb.append("at provider: ").append(atProvider.isEmpty() ? "none" : sorted(atProvider)).append('\n');
        if (!inAdapter.isEmpty()) {
            sb.append("in adapter: ").append(sorted(inAdapter)).append('\n');
        }
        sb.append("locally: ").append(local.isEmpty() ? "none" : sorted(local));
        EnumSet<Filter> rechecked = EnumSet.noneOf(Filter.class);
        atProvider.stream().filter(this::rechecked).forEach(rechecked::add);
        if (!rechecked.isEmpty()) {
            sb.append('\n').append("narrowed at provider, re-checked exactly here: ").append(rechecked);
        }
        for (String note : notes) {
            sb.append('\n').append("note: ").append(note);
        }
        return sb.toString();
    }

    private static String sorted(Set<Filter> filters) {
        return EnumSet.copyOf(filters).toString();
    }

    /** A filter of a {@link MessageQuery} or {@link ConversationQuery}, as named by a {@link QueryPlan}. */
    public enum Filter {
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
        /** {@link MessageQuery#recipientsIn()}. */
        RECIPIENTS_IN,
        /** {@link MessageQuery#recipientsNotIn()}. */
        RECIPIENTS_NOT_IN,
        /** {@link MessageQuery#updatedSince()}. */
        UPDATED_SINCE,
        /** {@link MessageQuery#updatedUntil()}. */
        UPDATED_UNTIL,
        /** {@link ConversationQuery#statuses()}. */
        STATUS,
        /** {@link ConversationQuery#assigneeId()}. */
        ASSIGNEE,
        /** {@link ConversationQuery#channels()}. */
        CHANNEL,
        /**
         * {@link ConversationQuery#providerQuery()} / {@link MessageQuery#providerQuery()}: typed filters of one
         * provider (at the provider; re-checked in the adapter where the provider's meaning is looser).
         */
        PROVIDER_QUERY
    }
}
