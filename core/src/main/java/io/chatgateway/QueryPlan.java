package io.chatgateway;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Where each filter of a query runs: at the provider, in the adapter, or in the gateway after fetching.
 *
 * @param atProvider filters sent to the provider
 * @param inAdapter  filters the adapter applies in memory to the provider's whole answer, before paging
 *                   (providers that return whole arrays, such as SMSBAT's chat history)
 * @param local      filters the gateway applies to each page the adapter returned
 * @param notes      plain-language remarks, e.g. the provider's default time window
 */
public record QueryPlan(Set<QueryFilter> atProvider, Set<QueryFilter> inAdapter, Set<QueryFilter> local,
                        List<String> notes) {

    /** Copies the sets and notes; a filter may run in one place only. */
    public QueryPlan {
        atProvider = copy(atProvider);
        inAdapter = copy(inAdapter);
        local = copy(local);
        notes = notes == null ? List.of() : List.copyOf(notes);
        for (QueryFilter f : local) {
            if (atProvider.contains(f) || inAdapter.contains(f)) {
                throw new InvalidRequestException("Filter " + f + " cannot run both at the provider and locally.");
            }
        }
        for (QueryFilter f : inAdapter) {
            if (atProvider.contains(f)) {
                throw new InvalidRequestException("Filter " + f + " cannot run both at the provider and in the adapter.");
            }
        }
    }

    /**
     * A plan with nothing applied in the adapter.
     *
     * @param atProvider filters sent to the provider
     * @param local      filters the gateway applies to each page
     * @param notes      plain-language remarks
     */
    public QueryPlan(Set<QueryFilter> atProvider, Set<QueryFilter> local, List<String> notes) {
        this(atProvider, Set.of(), local, notes);
    }

    private static Set<QueryFilter> copy(Set<QueryFilter> filters) {
        return filters == null || filters.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(filters));
    }

    /** @return one readable line per fact, e.g. for {@code chatgw messages --explain} */
    public String explain() {
        StringBuilder sb = new StringBuilder();
        sb.append("at provider: ").append(atProvider.isEmpty() ? "none" : sorted(atProvider)).append('\n');
        if (!inAdapter.isEmpty()) {
            sb.append("in adapter: ").append(sorted(inAdapter)).append('\n');
        }
        sb.append("locally: ").append(local.isEmpty() ? "none" : sorted(local));
        for (String note : notes) {
            sb.append('\n').append("note: ").append(note);
        }
        return sb.toString();
    }

    private static String sorted(Set<QueryFilter> filters) {
        return EnumSet.copyOf(filters).toString();
    }
}
