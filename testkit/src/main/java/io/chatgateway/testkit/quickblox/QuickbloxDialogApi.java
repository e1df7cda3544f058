package io.chatgateway.testkit.quickblox;

import static io.chatgateway.testkit.quickblox.QuickbloxSimulator.*;
import static io.chatgateway.testkit.quickblox.QuickbloxWire.*;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatgateway.testkit.RecordedRequest;
import io.chatgateway.testkit.SimulatorServer.Response;
import io.chatgateway.testkit.quickblox.QuickbloxState.Dialog;
import io.chatgateway.testkit.quickblox.QuickbloxState.Msg;
import io.chatgateway.testkit.quickblox.QuickbloxWire.Refusal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;

/** {@code GET|POST /chat/Dialog.json} and {@code DELETE /chat/Dialog/{ids}.json}. */
final class QuickbloxDialogApi {

    private final QuickbloxState state;

    QuickbloxDialogApi(QuickbloxState state) {
        this.state = state;
    }

    Response listDialogs(RecordedRequest r, long user) {
        Map<String, String> p = single(r.query());
        List<Dialog> list = new ArrayList<>();
        for (Dialog d : state.dialogs.values()) {
            if (state.visible(d, user)) {
                list.add(d);
            }
        }
        for (Map.Entry<String, String> e : p.entrySet()) {
            String key = e.getKey();
            if (Set.of("skip", "limit", "sort_asc", "sort_desc").contains(key)) {
                continue;
            }
            Matcher m = OPERATOR.matcher(key);
            String field = m.matches() ? m.group(1) : key;
            String op = m.matches() ? m.group(2) : "eq";
            String v = e.getValue();
            Predicate<Dialog> keep;
            if (field.equals("_id") && op.equals("eq")) {
                keep = d -> d.id.equals(v);
            } else if (field.equals("type") && (op.equals("in") || op.equals("eq"))) {
                Set<Long> types = longs(key, v);
                keep = d -> types.contains((long) d.type);
            } else if (Set.of("last_message_date_sent", "created_at", "updated_at").contains(field)
                    && Set.of("lt", "lte", "gt", "gte").contains(op)) {
                long bound = seconds(key, v);
                keep = d -> {
                    Long x = state.dialogTime(d, field);
                    return x != null && compare(x, op, bound);
                };
            } else {
                throw new Refusal(base(422, "Unsupported dialog filter " + key));
            }
            list.removeIf(keep.negate());
        }
        String sortField = p.getOrDefault("sort_desc", p.get("sort_asc"));
        boolean desc = p.containsKey("sort_desc") || sortField == null;
        String field = sortField == null ? "last_message_date_sent" : sortField;
        if (!Set.of("last_message_date_sent", "created_at", "updated_at", "_id", "name").contains(field)) {
            throw new Refusal(base(422, "Unsupported sort field " + field));
        }
        Comparator<Dialog> order = Comparator.comparing((Dialog d) -> field.equals("name") ? 0L
                : field.equals("_id") ? 0L : state.dialogTimeOrMin(d, field));
        if (field.equals("name")) {
            order = Comparator.comparing(d -> d.name == null ? "" : d.name);
        }
        order = order.thenComparing(d -> d.id);
        list.sort(desc ? order.reversed() : order);
        int skip = intParam(p, "skip", 0, 0, Integer.MAX_VALUE);
        int limit = intParam(p, "limit", 100, 1, MAX_LIMIT);
        ArrayNode items = state.json.createArrayNode();
        list.stream().skip(skip).limit(limit).forEach(d -> items.add(dialogJson(d, user, true)));
        ObjectNode root = state.json.createObjectNode();
        root.put("total_entries", list.size());
        root.put("skip", skip);
        root.put("limit", limit);
        root.set("items", items);
        return Response.json(200, root.toString());
    }

    Response createDialog(RecordedRequest r, long user) {
        Map<String, String> p = flatParams(state.json, r);
        int type = (int) longOr(p.get("type"), "type", 2);
        if (type < 1 || type > 3) {
            return field(422, "type", "is invalid");
        }
        Set<Long> occupants = new LinkedHashSet<>();
        occupants.add(user);
        String occ = p.getOrDefault("occupants_ids", "");
        for (String s : occ.replace("[", "").replace("]", "").split(",")) {
            if (!s.isBlank()) {
                occupants.add(longOr(s.trim(), "occupants_ids", 0));
            }
        }
        if (type == PRIVATE && occupants.size() != 2) {
            return errors(422, occupants.size() > 2 ? "Too many occupants for Private Dialog." : "Too few occupants for Private Dialog.");
        }
        Dialog d = new Dialog(state.objectId(), type, p.get("name"), user, state.now());
        d.occupants.addAll(occupants);
        state.dialogs.put(d.id, d);
        return Response.json(201, dialogJson(d, user, false).toString());
    }

    Response deleteDialogs(RecordedRequest r, long user, List<String> ids) {
        boolean force = "1".equals(single(r.query()).get("force"));
        for (String id : ids) {
            Dialog d = state.dialogs.get(id);
            if (d == null || user != 0 && !state.visible(d, user)) {
                return errors(404, "Resource not found");
            }
        }
        for (String id : ids) {
            Dialog d = state.dialogs.get(id);
            if (force && (d.owner == user || user == 0)) {
                state.dialogs.remove(id);
                state.messages.values().removeIf(m -> m.dialogId.equals(id));
            } else if (force) {
                return errors(403, "You don't have appropriate permissions to perform this operation");
            } else {
                d.hiddenFor.add(user);
            }
        }
        return Response.empty(200);
    }

    ObjectNode dialogJson(Dialog d, long user, boolean withUnread) {
        Msg last = state.messages.values().stream().filter(m -> m.dialogId.equals(d.id) && !m.hiddenFor.contains(user))
                .max(Comparator.comparingLong((Msg m) -> m.dateSent).thenComparing(m -> m.id)).orElse(null);
        ObjectNode n = state.json.createObjectNode();
        n.put("_id", d.id);
        n.put("created_at", iso(d.createdAt));
        putOrNull(n, "last_message", last == null ? null : last.text);
        if (last == null) {
            n.putNull("last_message_date_sent");
            n.putNull("last_message_id");
            n.putNull("last_message_user_id");
        } else {
            n.put("last_message_date_sent", last.dateSent);
            n.put("last_message_id", last.id);
            n.put("last_message_user_id", last.senderId);
        }
        putOrNull(n, "name", d.name);
        ArrayNode occ = n.putArray("occupants_ids");
        d.occupants.forEach(occ::add);
        putOrNull(n, "photo", d.photo);
        if (d.joinRequired) {
            n.put("is_join_required", 1);
        }
        n.put("type", d.type);
        n.put("updated_at", iso(last == null || d.updatedAt.getEpochSecond() > last.dateSent ? d.updatedAt
                : Instant.ofEpochSecond(last.dateSent)));
        n.put("user_id", d.owner);
        if (d.type == PRIVATE) {
            n.putNull("xmpp_room_jid");
        } else {
            n.put("xmpp_room_jid", APPLICATION_ID + "_" + d.id + "@muc.chat.quickblox.com");
        }
        if (withUnread) {
            n.put("unread_messages_count", state.messages.values().stream()
                    .filter(m -> m.dialogId.equals(d.id) && QuickbloxState.isUnread(m, user)).count());
        } else {
            n.putNull("unread_messages_count");
        }
        return n;
    }

}
