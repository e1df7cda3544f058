package io.chatgateway.quickblox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.Channel;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationRef;
import io.chatgateway.DeliveryStatus;
import io.chatgateway.Message;
import io.chatgateway.MessageKind;
import io.chatgateway.MessageRef;
import io.chatgateway.Participant;
import io.chatgateway.quickblox.QuickbloxConfig;
import io.chatgateway.spi.JsonValues;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * QuickBlox dialogs and messages to the neutral model. Message.Direction and read state are relative to the acting
 * user; fields with no neutral home (custom fields included) go to {@code attributes}.
 */
final class QuickbloxMapper {

    private static final String PROVIDER = QuickbloxConfig.PROVIDER_ID;

    private static final Set<String> MESSAGE_FIELDS = Set.of("_id", "chat_dialog_id", "message", "date_sent",
            "sender_id", "attachments", "updated_at");
    private static final Set<String> DIALOG_FIELDS = Set.of("_id", "name", "unread_messages_count",
            "last_message_date_sent", "user_id");
    private static final Set<String> ATTACHMENT_FIELDS = Set.of("id", "type", "name", "content-type", "content_type",
            "url", "size");

    private final String account;

    QuickbloxMapper(String account) {
        this.account = account;
    }

    /**
     * @param m        a message object
     * @param dialogId the dialog it was asked of (used when the object names none)
     * @param me       the acting user
     * @return the message, or {@code null} when it has no {@code _id}
     */
    Message message(JsonNode m, String dialogId, long me) {
        String id = JsonValues.asText(m.get("_id"));
        if (id == null || id.isBlank()) {
            return null;
        }
        String dialog = JsonValues.asText(m.get("chat_dialog_id"));
        if (dialog == null || dialog.isBlank()) {
            dialog = dialogId;
        }
        MessageRef ref = new ConversationRef(account, dialog).message(id);
        Long sender = JsonValues.asLong(m.get("sender_id"));
        boolean outbound = sender != null && sender == me;
        Message.Direction direction = outbound ? Message.Direction.OUTBOUND : Message.Direction.INBOUND;
        JsonNode readIds = m.get("read_ids");
        List<Message.Attachment> attachments = attachments(m.get("attachments"));
        Message.Builder b = Message.builder(ref, PROVIDER)
                .direction(direction)
                .author(sender == null ? null : new Participant(Long.toString(sender), null,
                        outbound ? Participant.Role.AGENT : Participant.Role.CUSTOMER))
                .recipient(recipient(m, me))
                .text(JsonValues.asText(m.get("message")))
                .kind(attachments.isEmpty() ? MessageKind.TEXT : attachments.get(0).kind())
                .sentAt(seconds(m.get("date_sent")))
                .updatedAt(time(m.get("updated_at")))
                .attachments(attachments);
        JsonValues.forEachRemaining(m, MESSAGE_FIELDS, b::attribute);
        if (outbound) {
            boolean readByOther = anyOther(readIds, me);
            boolean deliveredToOther = anyOther(m.get("delivered_ids"), me);
            b.delivery(readByOther ? DeliveryStatus.READ : deliveredToOther ? DeliveryStatus.DELIVERED : DeliveryStatus.SENT);
        } else {
            b.delivery(DeliveryStatus.DELIVERED);
        }
        b.readStatus(readStatus(readIds, me));
        return b.build();
    }

    /**
     * @return the addressee of a private-dialog message ({@code recipient_id}; the attribute stays too), or
     *         {@code null} when QuickBlox names none (0 in group dialogs, absent)
     */
    private static Participant recipient(JsonNode m, long me) {
        Long id = JsonValues.asLong(m.get("recipient_id"));
        if (id == null || id <= 0) {
            return null;
        }
        return new Participant(Long.toString(id), null, id == me ? Participant.Role.AGENT : Participant.Role.CUSTOMER);
    }

    private static Message.ReadStatus readStatus(JsonNode readIds, long me) {
        if (contains(readIds, me)) {
            return Message.ReadStatus.READ;
        }
        if (JsonValues.isAbsent(readIds)) {
            return Message.ReadStatus.UNKNOWN;
        }
        return Message.ReadStatus.UNREAD;
    }

    /** @return whether the user ids ({@link JsonValues#asLongList} shapes) hold {@code user}; an array is read without a list */
    static boolean contains(JsonNode ids, long user) {
        if (ids != null && ids.isArray()) {
            for (int i = 0, n = ids.size(); i < n; i++) { // by index: no iterator, no boxed id per element
                JsonNode id = ids.get(i);
                if (id.isIntegralNumber() ? id.canConvertToLong() && id.longValue() == user
                        : Long.valueOf(user).equals(JsonValues.asLong(id))) {
                    return true;
                }
            }
            return false;
        }
        return JsonValues.asLongList(ids).contains(user);
    }

    /** @return whether the user ids hold anyone but {@code user} */
    private static boolean anyOther(JsonNode ids, long user) {
        if (ids != null && ids.isArray()) {
            for (int i = 0, n = ids.size(); i < n; i++) {
                JsonNode id = ids.get(i);
                if (id.isIntegralNumber() ? id.canConvertToLong() && id.longValue() != user
                        : isOther(JsonValues.asLong(id), user)) {
                    return true;
                }
            }
            return false;
        }
        for (long v : JsonValues.asLongList(ids)) {
            if (v != user) {
                return true;
            }
        }
        return false;
    }

    private static boolean isOther(Long id, long user) {
        return id != null && id != user;
    }

    /**
     * @param m  a message object
     * @param me the acting user
     * @return {@code true} when it came from someone else and the acting user has not read it
     */
    static boolean unreadInbound(JsonNode m, long me) {
        Long sender = JsonValues.asLong(m.get("sender_id"));
        return (sender == null || sender != me) && !contains(m.get("read_ids"), me);
    }

    List<Message.Attachment> attachments(JsonNode node) {
        if (JsonValues.isAbsent(node) || node.isContainerNode() && node.isEmpty()) {
            return List.of(); // the usual text message: no list
        }
        List<Message.Attachment> out = new ArrayList<>();
        Iterable<JsonNode> items = node;
        if (node.isObject()) {
            // the form-encoding heritage: {"0": {...}, "1": {...}}
            List<JsonNode> values = new ArrayList<>();
            node.elements().forEachRemaining(values::add);
            items = values;
        } else if (!node.isArray()) {
            return out;
        }
        for (JsonNode a : items) {
            if (!a.isObject()) {
                continue;
            }
            String type = JsonValues.asText(a.get("type"));
            String contentType = JsonValues.asText(a.get("content-type"));
            if (contentType == null) {
                contentType = JsonValues.asText(a.get("content_type"));
            }
            Map<String, Object> attrs = new LinkedHashMap<>();
            if (type != null) {
                attrs.put("type", type);
            }
            attrs.putAll(JsonValues.remaining(a, ATTACHMENT_FIELDS));
            out.add(new Message.Attachment(JsonValues.asText(a.get("id")), kind(type, contentType), JsonValues.asText(a.get("name")),
                    contentType, JsonValues.asText(a.get("url")), JsonValues.asLong(a.get("size")), attrs));
        }
        return out;
    }

    /** @return PHOTO for images, FILE for files, OTHER for the rest (audio, video, location, unknown) */
    static MessageKind kind(String type, String contentType) {
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
        if (t.equals("image") || t.equals("photo") || t.isEmpty() && contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("image/")) {
            return MessageKind.PHOTO;
        }
        if (t.equals("file") || t.equals("document")) {
            return MessageKind.FILE;
        }
        return MessageKind.OTHER;
    }

    /**
     * @param d  a dialog object
     * @param me the acting user
     * @return the conversation, or {@code null} when it has no {@code _id}
     */
    Conversation dialog(JsonNode d, long me) {
        String id = JsonValues.asText(d.get("_id"));
        if (id == null || id.isBlank()) {
            return null;
        }
        Map<String, Object> attributes = new LinkedHashMap<>(JsonValues.remaining(d, DIALOG_FIELDS));
        Integer type = JsonValues.asInt(d.get("type"));
        attributes.put("type_name", typeName(type));
        Long owner = JsonValues.asLong(d.get("user_id"));
        Participant assignee = owner == null || owner == 0 ? null : new Participant(Long.toString(owner), null,
                owner == me ? Participant.Role.AGENT : Participant.Role.UNKNOWN);
        Long unread = JsonValues.asLong(d.get("unread_messages_count"));
        return Conversation.builder(new ConversationRef(account, id), PROVIDER).title(JsonValues.asText(d.get("name")))
                .channel(Channel.IN_APP)
                .unreadCount(unread == null || unread < 0 ? null : unread)
                .lastMessageAt(seconds(d.get("last_message_date_sent"))).assignee(assignee).attributes(attributes).build();
    }

    /** @return {@code PUBLIC_GROUP}, {@code GROUP}, {@code PRIVATE} or {@code UNKNOWN} */
    static String typeName(Integer type) {
        if (type == null) {
            return "UNKNOWN";
        }
        return switch (type) {
            case 1 -> "PUBLIC_GROUP";
            case 2 -> "GROUP";
            case 3 -> "PRIVATE";
            default -> "UNKNOWN";
        };
    }

    /**
     * @param answer {@code {"total": 15, "<dialog id>": 3, ...}}
     * @return per-dialog counts (dialog-id keys with numbers; a nested object of such is accepted too)
     */
    Map<ConversationRef, Long> unread(JsonNode answer) {
        Map<ConversationRef, Long> out = new LinkedHashMap<>();
        if (answer == null || !answer.isObject()) {
            return out;
        }
        Iterator<Map.Entry<String, JsonNode>> it = answer.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("total")) {
                continue;
            }
            if (e.getValue().isObject()) {
                out.putAll(unread(e.getValue()));
                continue;
            }
            Long n = JsonValues.asLong(e.getValue());
            if (n != null && n >= 0 && !e.getKey().isBlank()) {
                out.put(new ConversationRef(account, e.getKey()), n);
            }
        }
        return out;
    }

    /** @return Unix seconds as an instant, or {@code null} */
    static Instant seconds(JsonNode node) {
        Long s = JsonValues.asLong(node);
        return s == null ? null : Instant.ofEpochSecond(s);
    }

    /** @return an ISO-8601 time or Unix seconds as an instant, or {@code null} */
    static Instant time(JsonNode node) {
        if (JsonValues.isAbsent(node)) {
            return null;
        }
        Long s = JsonValues.asLong(node);
        if (s != null) {
            return Instant.ofEpochSecond(s);
        }
        Instant exact = JsonValues.parseOffset(node.asText().trim());
        if (exact != null) {
            return exact;
        }
        try {
            return Instant.parse(node.asText().trim());
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(node.asText().trim()).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
