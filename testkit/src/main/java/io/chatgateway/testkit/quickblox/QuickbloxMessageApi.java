package io.chatgateway.testkit.quickblox;

import static io.chatgateway.testkit.quickblox.QuickbloxSimulator.*;
import static io.chatgateway.testkit.quickblox.QuickbloxWire.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatgateway.testkit.RecordedRequest;
import io.chatgateway.testkit.SimulatorServer.Response;
import io.chatgateway.testkit.quickblox.QuickbloxState.Dialog;
import io.chatgateway.testkit.quickblox.QuickbloxState.Msg;
import io.chatgateway.testkit.quickblox.QuickbloxWire.Refusal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;

/**
 * {@code GET|POST /chat/Message.json} with every documented list operator, {@code PUT|DELETE
 * /chat/Message/{ids}.json} and {@code GET /chat/Message/unread.json}.
 */
final class QuickbloxMessageApi {

    private static final Set<String> NUMERIC = Set.of("date_sent", "sender_id", "recipient_id");
    private static final Map<String, Set<String>> MESSAGE_OPERATORS = Map.of(
            "lt", Set.of("date_sent", "sender_id", "recipient_id", "updated_at"),
            "lte", Set.of("date_sent", "sender_id", "recipient_id", "updated_at"),
            "gt", Set.of("date_sent", "sender_id", "recipient_id", "updated_at"),
            "gte", Set.of("date_sent", "sender_id", "recipient_id", "updated_at"),
            "ne", Set.of("_id", "message", "date_sent", "sender_id", "recipient_id"),
            "in", Set.of("date_sent", "sender_id", "recipient_id"),
            "nin", Set.of("date_sent", "sender_id", "recipient_id"),
            "or", Set.of("date_sent", "sender_id", "recipient_id"),
            "ctn", Set.of("message"));
    private static final Set<String> MESSAGE_EQ = Set.of("_id", "message", "date_sent", "sender_id", "recipient_id",
            "updated_at");
    private static final Set<String> MESSAGE_SORT = Set.of("_id", "date_sent", "sender_id", "recipient_id",
            "updated_at", "created_at", "message");
    private static final Set<String> MESSAGE_RESERVED = Set.of("chat_dialog_id", "skip", "limit", "sort_asc",
            "sort_desc", "mark_as_read");
    private static final Set<String> MESSAGE_CREATE_RESERVED = Set.of("chat_dialog_id", "message", "send_to_chat",
            "markable", "recipient_id", "attachments", "date_sent", "_id", "sender_id", "read_ids", "delivered_ids",
            "created_at", "updated_at", "read");

    private final QuickbloxState state;

    QuickbloxMessageApi(QuickbloxState state) {
        this.state = state;
    }

    Response listMessages(RecordedRequest r, long user) {
        Map<String, List<String>> q = r.query();
        Map<String, String> p = single(q);
        Dialog d = state.readableDialog(p.get("chat_dialog_id"), user);
        List<Msg> list = new ArrayList<>();
        for (Msg m : state.messages.values()) {
            if (m.dialogId.equals(d.id) && !m.hiddenFor.contains(user)) {
                list.add(m);
            }
        }
        for (Map.Entry<String, List<String>> e : q.entrySet()) {
            if (MESSAGE_RESERVED.contains(e.getKey())) {
                continue;
            }
            for (String v : e.getValue()) {
                Predicate<Msg> keep = condition(e.getKey(), v);
                list.removeIf(keep.negate());
            }
        }
        if (p.containsKey("sort_asc") && p.containsKey("sort_desc")) {
            return base(422, "Use either sort_asc or sort_desc");
        }
        String sortField = p.getOrDefault("sort_asc", p.getOrDefault("sort_desc", "_id"));
        if (!MESSAGE_SORT.contains(sortField)) {
            return base(422, "Unsupported sort field " + sortField);
        }
        Comparator<Msg> order = comparator(sortField).thenComparing(m -> m.id);
        list.sort(p.containsKey("sort_desc") ? order.reversed() : order);
        int skip = intParam(p, "skip", 0, 0, Integer.MAX_VALUE);
        int limit = intParam(p, "limit", 100, 1, MAX_LIMIT);
        // the stricter reading of the documentation: listed messages become read unless mark_as_read=0
        String markAsRead = p.getOrDefault("mark_as_read", "1");
        if (!markAsRead.equals("0") && !markAsRead.equals("1")) {
            return field(422, "mark_as_read", "must be 0 or 1");
        }
        List<Msg> page = list.stream().skip(skip).limit(limit).toList();
        if (markAsRead.equals("1")) {
            page.forEach(m -> {
                m.readIds.add(user);
                m.deliveredIds.add(user);
            });
        }
        ArrayNode items = state.json.createArrayNode();
        page.forEach(m -> items.add(messageJson(m, false)));
        ObjectNode root = state.json.createObjectNode();
        root.put("skip", skip);
        root.put("limit", limit);
        root.set("items", items);
        return Response.json(200, root.toString());
    }

    Predicate<Msg> condition(String key, String value) {
        Matcher m = OPERATOR.matcher(key);
        String field;
        String op;
        if (m.matches()) {
            field = m.group(1);
            op = m.group(2);
            Set<String> fields = MESSAGE_OPERATORS.get(op);
            if (fields == null || !fields.contains(field)) {
                throw new Refusal(base(422, "Operator " + op + " is not supported on " + field));
            }
        } else {
            field = key;
            op = "eq";
            if (!MESSAGE_EQ.contains(field)) {
                throw new Refusal(base(422, "Unknown parameter " + key));
            }
        }
        switch (op) {
            case "ctn": {
                String needle = value.toLowerCase(Locale.ROOT);
                return x -> x.text != null && x.text.toLowerCase(Locale.ROOT).contains(needle);
            }
            case "in":
            case "or": {
                Set<Long> set = longs(key, value);
                return x -> set.contains(numeric(x, field));
            }
            case "nin": {
                Set<Long> set = longs(key, value);
                return x -> !set.contains(numeric(x, field));
            }
            case "ne":
            case "eq": {
                Predicate<Msg> eq;
                if (field.equals("_id")) {
                    eq = x -> x.id.equals(value);
                } else if (field.equals("message")) {
                    eq = x -> value.equals(x.text);
                } else if (field.equals("updated_at")) {
                    long s = seconds(key, value);
                    eq = x -> x.updatedAt.getEpochSecond() == s;
                } else {
                    long n = longOr(value, key, 0);
                    eq = x -> numeric(x, field) == n;
                }
                return op.equals("eq") ? eq : eq.negate();
            }
            default: {
                long bound = field.equals("updated_at") ? seconds(key, value) : longOr(value, key, 0);
                return x -> compare(field.equals("updated_at") ? x.updatedAt.getEpochSecond() : numeric(x, field), op, bound);
            }
        }
    }

    static long numeric(Msg m, String field) {
        return switch (field) {
            case "date_sent" -> m.dateSent;
            case "sender_id" -> m.senderId;
            case "recipient_id" -> m.recipientId;
            default -> throw new IllegalArgumentException(field);
        };
    }

    static Comparator<Msg> comparator(String field) {
        return switch (field) {
            case "date_sent" -> Comparator.comparingLong(m -> m.dateSent);
            case "sender_id" -> Comparator.comparingLong(m -> m.senderId);
            case "recipient_id" -> Comparator.comparingLong(m -> m.recipientId);
            case "updated_at" -> Comparator.comparing(m -> m.updatedAt);
            case "created_at" -> Comparator.comparing(m -> m.createdAt);
            case "message" -> Comparator.comparing(m -> m.text == null ? "" : m.text);
            default -> Comparator.comparing(m -> m.id);
        };
    }

    Response createMessage(RecordedRequest r, long user) {
        JsonNode body = bodyJson(state.json, r);
        String dialogId = text(body.get("chat_dialog_id"));
        Dialog d = state.readableDialog(dialogId, user);
        if ((d.type != PUBLIC_GROUP || d.joinRequired) && !d.occupants.contains(user)) {
            return errors(403, "You don't have appropriate permissions to perform this operation");
        }
        String text = text(body.get("message"));
        JsonNode attachments = body.get("attachments");
        boolean hasAttachments = attachments != null && attachments.size() > 0;
        if ((text == null || text.isEmpty()) && !hasAttachments) {
            return field(422, "message", "can't be blank");
        }
        long dateSent = body.hasNonNull("date_sent") ? longOr(text(body.get("date_sent")), "date_sent", 0)
                : state.clock.instant().getEpochSecond();
        Msg m = state.store(d, user, text, dateSent);
        if (hasAttachments) {
            attachments.elements().forEachRemaining(m.attachments::add);
        }
        String markable = text(body.get("markable"));
        if (markable != null) {
            m.markable = "1".equals(markable) || "true".equals(markable) ? 1 : 0;
        }
        body.fields().forEachRemaining(e -> {
            if (!MESSAGE_CREATE_RESERVED.contains(e.getKey())) {
                m.custom.put(e.getKey(), e.getValue());
            }
        });
        return Response.json(201, messageJson(m, true).toString());
    }

    Response updateMessage(RecordedRequest r, long user, List<String> ids) {
        if (ids.size() != 1) {
            return base(422, "Update one message at a time");
        }
        JsonNode body = bodyJson(state.json, r);
        Dialog d = state.readableDialog(text(body.get("chat_dialog_id")), user);
        Msg m = state.messages.get(ids.get(0));
        if (m == null || !m.dialogId.equals(d.id) || m.hiddenFor.contains(user)) {
            return errors(404, "Resource not found");
        }
        if ("1".equals(text(body.get("read"))) || "true".equals(text(body.get("read")))) {
            m.readIds.add(user);
            m.deliveredIds.add(user);
        }
        if ("1".equals(text(body.get("delivered"))) || "true".equals(text(body.get("delivered")))) {
            m.deliveredIds.add(user);
        }
        String edit = text(body.get("message"));
        if (edit != null) {
            if (m.senderId != user) {
                return errors(403, "You don't have appropriate permissions to perform this operation");
            }
            m.text = edit;
            m.updatedAt = state.now();
        }
        return Response.empty(200);
    }

    Response deleteMessages(RecordedRequest r, long user, List<String> ids) {
        boolean force = "1".equals(single(r.query()).get("force"));
        List<String> deleted = new ArrayList<>();
        List<String> notFound = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (String id : ids) {
            Msg m = state.messages.get(id);
            Dialog d = m == null ? null : state.dialogs.get(m.dialogId);
            if (m == null || d == null || !state.visible(d, user) || m.hiddenFor.contains(user)) {
                notFound.add(id);
            } else if (force && m.senderId != user) {
                wrong.add(id);
            } else {
                if (force) {
                    state.messages.remove(id);
                } else {
                    m.hiddenFor.add(user);
                }
                deleted.add(id);
            }
        }
        ObjectNode root = state.json.createObjectNode();
        deleted.forEach(root.putObject("SuccessfullyDeleted").putArray("ids")::add);
        notFound.forEach(root.putObject("NotFound").putArray("ids")::add);
        if (!wrong.isEmpty()) {
            wrong.forEach(root.putObject("WrongPermissions").putArray("ids")::add);
        }
        return Response.json(200, root.toString());
    }

    Response unreadCounts(RecordedRequest r, long user) {
        String listed = single(r.query()).get("chat_dialog_ids");
        List<String> ids = new ArrayList<>();
        if (listed != null) {
            for (String s : listed.split(",")) {
                if (!s.isBlank()) {
                    ids.add(s.trim());
                }
            }
        } else {
            state.dialogs.values().stream().filter(d -> state.visible(d, user)).forEach(d -> ids.add(d.id));
        }
        ObjectNode root = state.json.createObjectNode();
        long total = 0;
        Map<String, Long> per = new LinkedHashMap<>();
        for (String id : ids) {
            Dialog d = state.dialogs.get(id);
            long n = d == null || !state.visible(d, user) ? 0 : state.messages.values().stream()
                    .filter(m -> m.dialogId.equals(id) && QuickbloxState.isUnread(m, user)).count();
            per.put(id, n);
            total += n;
        }
        root.put("total", total);
        if (listed != null) {
            per.forEach(root::put);
        }
        return Response.json(200, root.toString());
    }

    ObjectNode messageJson(Msg m, boolean justCreated) {
        ObjectNode n = state.json.createObjectNode();
        n.put("_id", m.id);
        ArrayNode a = n.putArray("attachments");
        m.attachments.forEach(a::add);
        n.put("chat_dialog_id", m.dialogId);
        if (justCreated) {
            n.putNull("created_at");
        } else {
            n.put("created_at", iso(m.createdAt));
        }
        n.put("date_sent", m.dateSent);
        ArrayNode delivered = n.putArray("delivered_ids");
        m.deliveredIds.forEach(delivered::add);
        putOrNull(n, "message", m.text);
        ArrayNode read = n.putArray("read_ids");
        m.readIds.forEach(read::add);
        n.put("recipient_id", m.recipientId);
        n.put("sender_id", m.senderId);
        if (justCreated) {
            n.putNull("updated_at");
        } else {
            n.put("updated_at", iso(m.updatedAt));
        }
        n.put("read", m.recipientId != 0 && m.readIds.contains(m.recipientId) ? 1 : 0);
        if (m.markable != null) {
            n.put("markable", m.markable);
        }
        m.custom.forEach(n::set);
        return n;
    }

}
