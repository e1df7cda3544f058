package io.chatgateway;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which filters of a query the provider applies and which the gateway applies after fetching.
 *
 * @param atProvider filters sent to the provider
 * @param local      filters applied by the gateway to what the provider returned
 * @param notes      plain-language remarks, e.g. the provider's default time window
 */
public record QueryPlan(Set<QueryFilter> atProvider, Set<QueryFilter> local, List<String> notes) {

    /** Copies the sets and notes; a filter may not be in both sets. */
    public QueryPlan {
        atProvider = atProvider == null || atProvider.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(atProvider));
        local = local == null || local.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(local));
        notes = notes == null ? List.of() : List.copyOf(notes);
        for (QueryFilter f : local) {
            if (atProvider.contains(f)) {
                throw new InvalidRequestException("Filter " + f + " cannot run both at the provider and locally.");
            }
        }
    }

    /** @return one readable line per fact, e.g. for {@code chatgw messages --explain} */
    public String explain() {
        StringBuilder sb = new StringBuilder();
        sb.append("at provider: ").append(atProvider.isEmpty() ? "none" : sorted(atProvider)).append('\n');
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
