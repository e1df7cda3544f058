package io.chatgateway.quickblox.internal;

import io.chatgateway.ConversationQuery;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.QueryPlan;
import io.chatgateway.quickblox.QuickbloxFilter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles a {@link ConversationQuery} into the sort and filter parameters of {@code GET /chat/Dialog.json}
 * (the activity range on {@code last_message_date_sent}, the {@code type} filter and a {@link QuickbloxFilter}'s
 * conditions and sort), and says in a {@link QueryPlan} which filters QuickBlox applies.
 */
final class DialogQueryCompiler {

    private DialogQueryCompiler() {
    }

    /**
     * @param q a conversation query
     * @return where each of its filters runs, with notes on QuickBlox's dialog listing
     * @throws InvalidRequestException as {@link #filters}
     */
    static QueryPlan plan(ConversationQuery q) {
        Map<String, String> filters = filters(q);
        EnumSet<QueryPlan.Filter> provider = EnumSet.noneOf(QueryPlan.Filter.class);
        EnumSet<QueryPlan.Filter> local = EnumSet.noneOf(QueryPlan.Filter.class);
        if (q.activeSince() != null) provider.add(QueryPlan.Filter.SINCE);
        if (q.activeUntil() != null) provider.add(QueryPlan.Filter.UNTIL);
        if (q.text() != null) local.add(QueryPlan.Filter.TEXT);
        if (!q.statuses().isEmpty()) local.add(QueryPlan.Filter.STATUS);
        if (q.assigneeId() != null) local.add(QueryPlan.Filter.ASSIGNEE);
        if (!q.channels().isEmpty()) local.add(QueryPlan.Filter.CHANNEL);
        List<String> notes = new ArrayList<>();
        notes.add("QuickBlox dialogs have no status: every dialog's status is UNKNOWN.");
        if (q.activeSince() != null || q.activeUntil() != null) {
            notes.add("The activity range runs at QuickBlox on last_message_date_sent; dialogs without messages drop out.");
        }
        if (q.providerQuery() != null) {
            provider.add(QueryPlan.Filter.PROVIDER_QUERY);
            StringBuilder sb = new StringBuilder("QuickbloxFilter at QuickBlox:");
            filters.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
            notes.add(sb.append('.').toString());
            if (!"created_at".equals(filters.get("sort_asc"))) {
                notes.add("Dialogs sorted by another order than creation: pages advance by offset, so dialogs that change"
                        + " meanwhile can move between pages.");
            }
        }
        return new QueryPlan(provider, local, notes);
    }

    /**
     * @param q a conversation query
     * @return the dialog list's sort and filter parameters, in order (validated; nothing is sent)
     * @throws InvalidRequestException on an unknown provider filter, a typed filter that does not apply to dialogs,
     *         or two values for one parameter
     */
    static Map<String, String> filters(ConversationQuery q) {
        for (String name : q.providerFilters().keySet()) {
            if (!name.equals("type")) {
                throw new InvalidRequestException("QuickBlox knows the conversation filter 'type' (1 public group,"
                        + " 2 group, 3 private, comma-separated), not '" + name + "'.");
            }
        }
        String type = q.providerFilters().get("type");
        if (type != null && !type.matches("[123](,[123])*")) {
            throw new InvalidRequestException(
                    "The QuickBlox conversation filter 'type' takes 1, 2 or 3, comma-separated, not '" + type + "'.");
        }
        QuickbloxFilter typed = null;
        if (q.providerQuery() != null) {
            if (!(q.providerQuery() instanceof QuickbloxFilter f)) {
                throw new InvalidRequestException("QuickBlox understands QuickbloxFilter as typed filters, not "
                        + q.providerQuery().getClass().getSimpleName() + ".");
            }
            f.requireFor(QuickbloxFilter.Resource.DIALOGS);
            typed = f;
        }
        Map<String, String> p = new LinkedHashMap<>();
        if (typed != null && typed.sort() != null) {
            p.put(typed.sort().key(), typed.sort().field().wire());
        } else {
            p.put("sort_asc", "created_at");
        }
        if (q.activeSince() != null) {
            p.put("last_message_date_sent[gte]", Long.toString(MessageQueryCompiler.ceilSeconds(q.activeSince())));
        }
        if (q.activeUntil() != null) {
            p.put("last_message_date_sent[lt]", Long.toString(MessageQueryCompiler.ceilSeconds(q.activeUntil())));
        }
        if (type != null) {
            p.put("type[in]", type);
        }
        if (typed != null) {
            for (QuickbloxFilter.Condition c : typed.conditions()) {
                if (p.containsKey(c.key())) {
                    throw new InvalidRequestException("The conversation query sets " + c.key() + " twice (a neutral or"
                            + " provider filter and its QuickbloxFilter); QuickBlox reads one value per parameter.");
                }
                p.put(c.key(), c.value());
            }
        }
        return p;
    }
}
