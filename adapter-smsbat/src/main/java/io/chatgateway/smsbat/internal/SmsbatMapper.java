package io.chatgateway.smsbat.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.Channel;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationRef;
import io.chatgateway.DeliveryStatus;
import io.chatgateway.Message;
import io.chatgateway.MessageKind;
import io.chatgateway.MessageRef;
import io.chatgateway.Participant;
import io.chatgateway.smsbat.SmsbatConfig;
import io.chatgateway.spi.JsonValues;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * ChatHub wire objects → the neutral model, and the enum tables (published in the README).
 *
 * <p>Tolerant: numbers may arrive as strings, fields may be missing or {@code null}, media objects may
 * use camelCase ({@code name/format/dataBase64/type}, REST) or PascalCase ({@code Name/Format/...},
 * SignalR). Unknown enum values map to {@code UNKNOWN}/{@code OTHER}; fields with no neutral home are
 * kept in {@code attributes}. Stateless.
 */
final class SmsbatMapper {

    /** Author values. */
    private static final String PROVIDER = SmsbatConfig.PROVIDER_ID;

    static final int AUTHOR_OPERATOR = 0;
    static final int AUTHOR_CLIENT = 1;
    static final int AUTHOR_BOT = 2;
    static final int AUTHOR_VIBER_BUSINESS = 3;

    /** Chat source: Viber bot. */
    static final int SOURCE_VIBER = 1;
    /** Chat source: Telegram. */
    static final int SOURCE_TELEGRAM = 2;

    /** Message status that means Read. */
    static final int STATUS_READ = 3;

    private static final Set<String> CHAT_KNOWN = Set.of("id", "theme", "operator", "chatStatus", "countUnread",
            "lastMessageDate", "lastMessageAt");
    private static final Set<String> MESSAGE_KNOWN = Set.of("id", "chatId", "message", "author", "status", "date",
            "operator", "messageType", "media", "Media", "mediaData", "phone");
    private static final Set<String> MEDIA_KNOWN = Set.of("id", "Id", "name", "Name", "format", "Format", "type", "Type",
            "uri", "Uri", "url", "Url", "dataBase64", "DataBase64", "size", "Size");

    private SmsbatMapper() {}

    // ------------------------------------------------------------------ chats

    /**
     * @param chatStatus ChatHub chat status
     * @return the neutral status: 0 New, 1 Open, 2 Waiting, 3 OnPause, 4 Closed; others UNKNOWN
     */
    static Conversation.Status status(Integer chatStatus) {
        if (chatStatus == null) {
            return Conversation.Status.UNKNOWN;
        }
        return switch (chatStatus) {
            case 0 -> Conversation.Status.NEW;
            case 1 -> Conversation.Status.OPEN;
            case 2 -> Conversation.Status.WAITING;
            case 3 -> Conversation.Status.PAUSED;
            case 4 -> Conversation.Status.CLOSED;
            default -> Conversation.Status.UNKNOWN;
        };
    }

    /**
     * @param status a neutral status other than UNKNOWN
     * @return ChatHub's number for it
     */
    static int statusCode(Conversation.Status status) {
        return switch (status) {
            case NEW -> 0;
            case OPEN -> 1;
            case WAITING -> 2;
            case PAUSED -> 3;
            case CLOSED -> 4;
            case UNKNOWN -> throw new IllegalArgumentException("UNKNOWN has no SMSBAT chat status");
        };
    }

    /**
     * @param source ChatHub chat source (the raw value stays in the {@code source} attribute)
     * @return the neutral channel: 1 Viber bot → VIBER, 2 Telegram → TELEGRAM, others UNKNOWN (only these two
     *         numbers are documented)
     */
    static Channel channel(Integer source) {
        if (source == null) {
            return Channel.UNKNOWN;
        }
        return switch (source) {
            case SOURCE_VIBER -> Channel.VIBER;
            case SOURCE_TELEGRAM -> Channel.TELEGRAM;
            default -> Channel.UNKNOWN;
        };
    }

    /**
     * @param channel a neutral channel
     * @return ChatHub's {@code source} number for it, or {@code null} when SMSBAT documents none
     */
    static Integer sourceCode(Channel channel) {
        return switch (channel) {
            case VIBER -> SOURCE_VIBER;
            case TELEGRAM -> SOURCE_TELEGRAM;
            default -> null;
        };
    }

    /**
     * @param account account name
     * @param item    one item of {@code /api/chat/chats}
     * @return the conversation, or {@code null} when the item has no id
     */
    static Conversation conversation(String account, JsonNode item) {
        String id = JsonValues.asText(item.get("id"));
        if (id == null || id.isBlank()) {
            return null;
        }
        Long unread = JsonValues.asLong(item.get("countUnread"));
        Map<String, Object> attributes = new LinkedHashMap<>(JsonValues.remaining(item, CHAT_KNOWN));
        Integer rawStatus = JsonValues.asInt(item.get("chatStatus"));
        if (item.has("chatStatus")) {
            attributes.put("chatStatus", JsonValues.toJava(item.get("chatStatus")));
        }
        JsonNode operator = item.get("operator");
        if (operator != null && operator.isObject() && operator.hasNonNull("photo")) {
            attributes.put("operatorPhoto", JsonValues.asText(operator.get("photo")));
        }
        Instant last = instant(item.get("lastMessageDate"));
        if (last == null) {
            last = instant(item.get("lastMessageAt"));
        }
        JsonNode source = item.has("source") ? item.get("source") : item.get("messSource");
        return Conversation.builder(new ConversationRef(account, id), PROVIDER).title(JsonValues.asText(item.get("theme")))
                .channel(channel(JsonValues.asInt(source)))
                .status(status(rawStatus)).unreadCount(unread != null && unread >= 0 ? unread : null).lastMessageAt(last)
                .assignee(operator(operator)).attributes(attributes).build();
    }

    /**
     * @param operator ChatHub operator object ({@code id}, {@code name}, maybe {@code photo}, {@code status},
     *                 {@code organization})
     * @return the agent, or {@code null} when absent
     */
    static Participant operator(JsonNode operator) {
        if (JsonValues.isAbsent(operator) || !operator.isObject()) {
            return null;
        }
        String id = JsonValues.asText(operator.get("id"));
        String name = JsonValues.asText(operator.get("name"));
        if (id == null && name == null) {
            return null;
        }
        return new Participant(id, name, Participant.Role.AGENT);
    }

    // ------------------------------------------------------------------ messages

    /**
     * What one answer's messages share, made once: the participants (a chat's client is on every message, its
     * operators on many) and one {@link Message.Builder} (with its attribute sink) going from message to message.
     * Not thread-safe: one per answer, on the thread that maps it.
     */
    static final class Messages {
        private Message.Builder builder;
        private BiConsumer<String, Object> attributes;
        private JsonNode operatorId;
        private JsonNode operatorName;
        private Participant operator;
        private String phone;
        private String clientName;
        private Participant client;
    }

    private static final Participant ANY_AGENT = new Participant(null, null, Participant.Role.AGENT);
    private static final Participant BOT = new Participant(null, "System bot", Participant.Role.BOT);
    private static final Participant VIBER_BUSINESS = new Participant(null, "Viber business account", Participant.Role.AGENT);
    private static final Participant UNKNOWN_AUTHOR = new Participant(null, null, Participant.Role.UNKNOWN);

    /**
     * @param chat the conversation
     * @param item one element of the messages array
     * @return the message, or {@code null} when the item has no id
     */
    static Message message(ConversationRef chat, JsonNode item) {
        return message(chat, item, new Messages());
    }

    /**
     * @param chat the conversation
     * @param item one element of the messages array
     * @param seen what the answer's messages share (participants so far, the builder)
     * @return the message, or {@code null} when the item has no id
     */
    static Message message(ConversationRef chat, JsonNode item, Messages seen) {
        String id = JsonValues.asText(item.get("id"));
        if (id == null || id.isBlank()) {
            return null;
        }
        Integer author = JsonValues.asInt(item.get("author"));
        Integer status = JsonValues.asInt(item.get("status"));
        Message.Direction direction = direction(author);
        List<Message.Attachment> attachments = attachments(item);
        MessageKind kind = kind(JsonValues.asInt(item.get("messageType")));
        if (!item.hasNonNull("messageType") && !attachments.isEmpty()) {
            kind = attachments.get(0).kind();
        }
        MessageRef ref = new MessageRef(chat, id);
        if (seen.builder == null) {
            seen.builder = Message.builder(ref, PROVIDER);
            seen.attributes = seen.builder::attribute;
        }
        Message.Builder b = seen.builder.next(ref)
                .direction(direction)
                .author(author(author, item, seen))
                .recipient(direction == Message.Direction.OUTBOUND ? client(item, seen) : null)
                .text(text(item))
                .kind(kind)
                .sentAt(instant(item.get("date")))
                .attachments(attachments);
        JsonValues.forEachRemaining(item, MESSAGE_KNOWN, seen.attributes);
        b.delivery(delivery(direction, status));
        b.readStatus(direction == Message.Direction.INBOUND ? inboundRead(status) : Message.ReadStatus.READ);
        if (author != null) {
            b.attribute("author", author);
        }
        if (status != null) {
            b.attribute("status", status);
        }
        if (item.hasNonNull("phone")) {
            b.attribute("phone", JsonValues.asText(item.get("phone")));
        }
        return b.build();
    }

    private static String text(JsonNode item) {
        JsonNode m = item.get("message");
        if (m != null && m.isTextual()) {
            return m.textValue();
        }
        String t = JsonValues.asText(item.get("textMessage"));
        return t != null ? t : JsonValues.asText(item.get("text"));
    }

    /**
     * @param author ChatHub author
     * @return OUTBOUND for the business side (0 operator, 2 bot, 3 Viber business account), INBOUND for the
     *         client (1) and for unknown authors
     */
    static Message.Direction direction(Integer author) {
        if (author == null) {
            return Message.Direction.INBOUND;
        }
        return switch (author) {
            case AUTHOR_OPERATOR, AUTHOR_BOT, AUTHOR_VIBER_BUSINESS -> Message.Direction.OUTBOUND;
            default -> Message.Direction.INBOUND;
        };
    }

    /**
     * @return the chat's client as a message names it (id: the {@code phone} every message carries): the author of
     *         a client message, the recipient of the business side's (id {@code null} when the phone is absent)
     */
    private static Participant client(JsonNode item, Messages seen) {
        String phone = JsonValues.asText(item.get("phone"));
        String name = JsonValues.asText(item.path("client").get("name"));
        if (seen.client == null || !Objects.equals(phone, seen.phone) || !Objects.equals(name, seen.clientName)) {
            seen.phone = phone;
            seen.clientName = name;
            seen.client = new Participant(phone, name, Participant.Role.CUSTOMER);
        }
        return seen.client;
    }

    /** {@link #operator(JsonNode)}, made once for the same id and name nodes in a row. */
    private static Participant operator(JsonNode operator, Messages seen) {
        if (JsonValues.isAbsent(operator) || !operator.isObject()) {
            return null;
        }
        JsonNode id = operator.get("id");
        JsonNode name = operator.get("name");
        if (seen.operator == null || !Objects.equals(id, seen.operatorId) || !Objects.equals(name, seen.operatorName)) {
            seen.operatorId = id;
            seen.operatorName = name;
            seen.operator = operator(operator);
        }
        return seen.operator;
    }

    private static Participant author(Integer author, JsonNode item, Messages seen) {
        if (author == null) {
            return null;
        }
        return switch (author) {
            case AUTHOR_OPERATOR -> {
                Participant p = operator(item.get("operator"), seen);
                yield p != null ? p : ANY_AGENT;
            }
            case AUTHOR_CLIENT -> client(item, seen);
            case AUTHOR_BOT -> BOT;
            case AUTHOR_VIBER_BUSINESS -> VIBER_BUSINESS;
            default -> UNKNOWN_AUTHOR;
        };
    }

    /**
     * @param messageType ChatHub message type
     * @return 0 TEXT, 1 PHOTO, 2 FILE, others OTHER; absent TEXT
     */
    static MessageKind kind(Integer messageType) {
        if (messageType == null) {
            return MessageKind.TEXT;
        }
        return switch (messageType) {
            case 0 -> MessageKind.TEXT;
            case 1 -> MessageKind.PHOTO;
            case 2 -> MessageKind.FILE;
            default -> MessageKind.OTHER;
        };
    }

    /**
     * @param item a message object
     * @return its delivery status, as {@link #message} maps it (without mapping the whole message)
     */
    static DeliveryStatus delivery(JsonNode item) {
        Integer author = JsonValues.asInt(item.get("author"));
        return delivery(direction(author), JsonValues.asInt(item.get("status")));
    }

    private static DeliveryStatus delivery(Message.Direction direction, Integer status) {
        return direction == Message.Direction.INBOUND ? DeliveryStatus.DELIVERED : outboundDelivery(status);
    }

    /**
     * @param status ChatHub message status of a client message
     * @return 3 READ; 0 New and 1 Success UNREAD; others UNKNOWN
     */
    static Message.ReadStatus inboundRead(Integer status) {
        if (status == null) {
            return Message.ReadStatus.UNKNOWN;
        }
        return switch (status) {
            case 3 -> Message.ReadStatus.READ;
            case 0, 1 -> Message.ReadStatus.UNREAD;
            default -> Message.ReadStatus.UNKNOWN;
        };
    }

    /**
     * @param status ChatHub message status of an operator, bot or business message
     * @return 0 PENDING, 1 SENT, 2 FAILED, 3 READ, others UNKNOWN
     */
    static DeliveryStatus outboundDelivery(Integer status) {
        if (status == null) {
            return DeliveryStatus.UNKNOWN;
        }
        return switch (status) {
            case 0 -> DeliveryStatus.PENDING;
            case 1 -> DeliveryStatus.SENT;
            case 2 -> DeliveryStatus.FAILED;
            case 3 -> DeliveryStatus.READ;
            default -> DeliveryStatus.UNKNOWN;
        };
    }

    /**
     * @param item a message
     * @return its media as attachments: {@code media} / {@code Media} (object or array) or
     *         {@code mediaData.media}, camelCase or PascalCase
     */
    static List<Message.Attachment> attachments(JsonNode item) {
        JsonNode media = item.get("media");
        JsonNode capitalised = item.get("Media");
        JsonNode nested = item.path("mediaData").get("media");
        if (JsonValues.isAbsent(media) && JsonValues.isAbsent(capitalised) && JsonValues.isAbsent(nested)) {
            return List.of(); // the usual text message: no list
        }
        List<Message.Attachment> out = new ArrayList<>();
        for (JsonNode m : new JsonNode[] {media, capitalised, nested}) {
            if (JsonValues.isAbsent(m)) {
                continue;
            }
            if (m.isArray()) {
                m.forEach(one -> addMedia(out, one));
            } else {
                addMedia(out, m);
            }
        }
        return out;
    }

    private static void addMedia(List<Message.Attachment> out, JsonNode m) {
        if (m == null || !m.isObject()) {
            return;
        }
        Message.Attachment a = attachment(m);
        if (a != null) {
            out.add(a);
        }
    }

    /**
     * @param m a media object, camelCase or PascalCase
     * @return the attachment; inline {@code dataBase64} becomes a {@code data:} URL when there is no URI
     */
    static Message.Attachment attachment(JsonNode m) {
        String name = text(m, "name", "Name");
        String format = text(m, "format", "Format");
        String url = text(m, "uri", "Uri");
        if (url == null) {
            url = text(m, "url", "Url");
        }
        String data = text(m, "dataBase64", "DataBase64");
        Long size = JsonValues.asLong(m.has("size") ? m.get("size") : m.get("Size"));
        if (data != null && size == null) {
            size = base64Length(data);
        }
        if (url == null && data != null) {
            String mime = format != null && format.contains("/") ? format : "application/octet-stream";
            url = "data:" + mime + ";base64," + data;
        }
        Integer type = JsonValues.asInt(m.has("type") ? m.get("type") : m.get("Type"));
        MessageKind kind = type == null ? MessageKind.OTHER : switch (type) {
            case 1 -> MessageKind.PHOTO;
            case 2 -> MessageKind.FILE;
            default -> MessageKind.OTHER;
        };
        Map<String, Object> attributes = new LinkedHashMap<>(JsonValues.remaining(m, MEDIA_KNOWN));
        if (type != null) {
            attributes.put("type", type);
        }
        return new Message.Attachment(text(m, "id", "Id"), kind, name, format, url, size, attributes);
    }

    private static long base64Length(String data) {
        String d = data.trim();
        int padding = d.endsWith("==") ? 2 : d.endsWith("=") ? 1 : 0;
        return Math.max(0, d.length() * 3L / 4 - padding);
    }

    private static String text(JsonNode o, String camel, String pascal) {
        String t = JsonValues.asText(o.get(camel));
        return t != null ? t : JsonValues.asText(o.get(pascal));
    }

    // ------------------------------------------------------------------ times

    /**
     * @param node ISO-8601 text with or without offset (zone-less read as UTC), or epoch seconds/milliseconds
     * @return the instant, or {@code null} when absent or unreadable
     */
    static Instant instant(JsonNode node) {
        if (JsonValues.isAbsent(node)) {
            return null;
        }
        if (node.isNumber()) {
            long v = node.asLong();
            return v > 100_000_000_000L ? Instant.ofEpochMilli(v) : Instant.ofEpochSecond(v);
        }
        String t = JsonValues.asText(node);
        if (t == null || t.isBlank()) {
            return null;
        }
        t = t.trim();
        Instant exact = JsonValues.parseOffset(t);
        if (exact != null) {
            return exact;
        }
        LocalDateTime local = JsonValues.parseLocal(t);
        if (local != null) {
            return local.toInstant(ZoneOffset.UTC);
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }
}
