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
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

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

    /** Slots of each cache of shared values below (a power of two). */
    private static final int CACHED = 16;
    /** Longer arrays of ids are not shared. */
    private static final int MAX_CACHED_IDS = 8;

    private final String account;
    /**
     * Participants made lately, by user id (direct-mapped; entries are immutable and replaced whole, so threads can
     * share the array without locks: a stale or lost entry is only a miss).
     */
    private final KnownUser[] users = new KnownUser[CACHED];
    /** Lists of user ids made lately, by their content (direct-mapped, shared like {@link #users}). */
    private final KnownIds[] idLists = new KnownIds[CACHED];

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
        return messages(dialogId, me).message(m);
    }

    /**
     * @param dialogId the dialog the messages were asked of (used when one names none)
     * @param me       the acting user
     * @return a mapping for the messages of one answer
     */
    Messages messages(String dialogId, long me) {
        return new Messages(dialogId, me);
    }

    /**
     * Maps the messages of one answer. What repeats from message to message is made once and shared, never per
     * message: the dialog's reference, the participants (a dialog has a few users; see {@link #participant}) and the
     * lists of user ids in {@code read_ids} / {@code delivered_ids} ({@link #idList}). Shared values are immutable and
     * equal to what mapping each message alone gives. Not thread-safe: one per answer.
     */
    final class Messages implements BiConsumer<String, JsonNode> {
        private final String dialogId;
        private final long me;
        private ConversationRef dialog;
        /**
         * The attributes of the message being mapped, filled by {@link #accept} (one sink per answer, not a lambda per
         * message) and emptied for the next: {@code Message} copies its attributes, so one map serves every message
         * of the answer, and no {@code Message.Builder} is made per message.
         */
        private final Scratch attributes = new Scratch();

        private Messages(String dialogId, long me) {
            this.dialogId = dialogId;
            this.me = me;
        }

        /**
         * @param m a message object
         * @return the message, or {@code null} when it has no {@code _id}
         */
        Message message(JsonNode m) {
            String id = JsonValues.asText(m.get("_id"));
            if (id == null || id.isBlank()) {
                return null;
            }
            MessageRef ref = conversation(JsonValues.asText(m.get("chat_dialog_id"))).message(id);
            JsonNode senderNode = m.get("sender_id");
            long sender = longOr(senderNode, Long.MIN_VALUE);
            boolean known = sender != Long.MIN_VALUE || JsonValues.asLong(senderNode) != null;
            boolean outbound = known && sender == me;
            JsonNode readIds = m.get("read_ids");
            List<Message.Attachment> attachments = attachments(m.get("attachments"));
            DeliveryStatus delivery = DeliveryStatus.DELIVERED;
            if (outbound) {
                delivery = anyOther(readIds, me) ? DeliveryStatus.READ
                        : anyOther(m.get("delivered_ids"), me) ? DeliveryStatus.DELIVERED : DeliveryStatus.SENT;
            }
            attributes.clear();
            m.forEachEntry(this);
            return new Message(ref, PROVIDER, outbound ? Message.Direction.OUTBOUND : Message.Direction.INBOUND,
                    known ? participant(sender, me) : null, recipient(m, me), JsonValues.asText(m.get("message")),
                    attachments.isEmpty() ? MessageKind.TEXT : attachments.get(0).kind(), seconds(m.get("date_sent")),
                    time(m.get("updated_at")), delivery, readStatus(readIds, me), attachments, attributes);
        }

        /** Every field with no neutral home, as {@link JsonValues#toJava} gives it, to the message's attributes. */
        @Override
        public void accept(String name, JsonNode value) {
            if (!MESSAGE_FIELDS.contains(name)) {
                attributes.put(name, value.isArray() ? idList(value) : JsonValues.toJava(value));
            }
        }

        /** @return the dialog's reference, made once per answer for the dialog asked of */
        private ConversationRef conversation(String named) {
            if (named != null && !named.isBlank() && !named.equals(dialogId)) {
                return new ConversationRef(account, named);
            }
            if (dialog == null) {
                dialog = new ConversationRef(account, dialogId);
            }
            return dialog;
        }
    }

    /**
     * @return the addressee of a private-dialog message ({@code recipient_id}; the attribute stays too), or
     *         {@code null} when QuickBlox names none (0 in group dialogs, absent)
     */
    private Participant recipient(JsonNode m, long me) {
        long id = longOr(m.get("recipient_id"), 0);
        return id <= 0 ? null : participant(id, me);
    }

    /**
     * @return user {@code id} as a participant ({@code AGENT} if it is the acting user, else {@code CUSTOMER}), the
     *         same one as last time when it is still in the cache: a page's messages name the same few users over and
     *         over, and each would otherwise cost a {@code Participant} and its id text
     */
    private Participant participant(long id, long me) {
        Participant.Role role = id == me ? Participant.Role.AGENT : Participant.Role.CUSTOMER;
        int slot = (int) (id ^ (id >>> 32)) & (CACHED - 1);
        KnownUser known = users[slot]; // a racy read of an immutable value: at worst a miss
        if (known != null && known.id() == id && known.participant().role() == role) {
            return known.participant();
        }
        Participant p = new Participant(Long.toString(id), null, role);
        users[slot] = new KnownUser(id, p);
        return p;
    }

    /**
     * @param array a JSON array
     * @return it as {@link JsonValues#toJava} gives it; an array of user ids (whole numbers) that was seen before is
     *         the list made then (immutable; {@code read_ids} and {@code delivered_ids} of a page mostly repeat the
     *         same one or two users)
     */
    private Object idList(JsonNode array) {
        int n = array.size();
        if (n == 0 || n > MAX_CACHED_IDS) {
            return JsonValues.toJava(array);
        }
        long hash = 1;
        for (int i = 0; i < n; i++) {
            JsonNode v = array.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                return JsonValues.toJava(array);
            }
            hash = 31 * hash + v.longValue();
        }
        int slot = (int) (hash ^ (hash >>> 32)) & (CACHED - 1);
        KnownIds known = idLists[slot];
        if (known != null && known.matches(array)) {
            return known.list();
        }
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = array.get(i).longValue();
        }
        Object list = JsonValues.toJava(array);
        idLists[slot] = new KnownIds(ids, list);
        return list;
    }

    /**
     * A map to fill and empty again, for a value that copies it ({@code Message}'s attributes): insertion order, a
     * name once (a JSON object's names are unique), null values kept; names and values side by side in one array.
     * Not thread-safe; never handed out except to be copied.
     */
    private static final class Scratch extends AbstractMap<String, Object> {
        private Object[] entries = new Object[16];
        private int size;

        @Override
        public void clear() {
            Arrays.fill(entries, 0, 2 * size, null);
            size = 0;
        }

        @Override
        public Object put(String name, Object value) {
            if (2 * size == entries.length) {
                entries = Arrays.copyOf(entries, 2 * entries.length);
            }
            entries[2 * size] = name;
            entries[2 * size + 1] = value;
            size++;
            return null;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super Object> action) {
            for (int i = 0; i < size; i++) {
                action.accept((String) entries[2 * i], entries[2 * i + 1]);
            }
        }

        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            Map<String, Object> copy = new LinkedHashMap<>();
            forEach(copy::put);
            return copy.entrySet();
        }
    }

    /** A user already mapped to a participant. */
    private record KnownUser(long id, Participant participant) { }

    /** A list of user ids already made, with the ids to compare a new array to. */
    private record KnownIds(long[] ids, Object list) {
        boolean matches(JsonNode array) {
            if (array.size() != ids.length) {
                return false;
            }
            for (int i = 0; i < ids.length; i++) {
                if (array.get(i).longValue() != ids[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * @param node     a number or a numeric string
     * @param fallback what to return when it is neither
     * @return its value, read without a boxed number when it is a JSON number
     */
    static long longOr(JsonNode node, long fallback) {
        if (node != null && node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        Long v = JsonValues.asLong(node);
        return v == null ? fallback : v;
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
        if (node != null && node.isIntegralNumber() && node.canConvertToLong()) {
            return Instant.ofEpochSecond(node.longValue()); // no boxed number
        }
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
