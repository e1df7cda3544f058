package io.chatgateway.navixy.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.Channel;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationRef;
import io.chatgateway.DeliveryStatus;
import io.chatgateway.Message;
import io.chatgateway.MessageKind;
import io.chatgateway.MessageRef;
import io.chatgateway.Participant;
import io.chatgateway.navixy.NavixyConfig;
import io.chatgateway.spi.JsonValues;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Navixy JSON to the neutral model, tolerantly: numbers as strings, keys as strings, missing or null
 * fields, unknown fields (kept as attributes) and unknown enum values ({@code UNKNOWN}). Stateless.
 */
final class NavixyMapper {

    private static final String PROVIDER = NavixyConfig.PROVIDER_ID;

    private static final Set<String> MESSAGE_FIELDS = Set.of("id", "submit_time", "update_time", "text", "type",
            "status", "employee_id");
    private static final Set<String> TRACKER_FIELDS = Set.of("id", "label", "source");

    /** Attribute of a conversation whose tracker Navixy would not serve in list calls; the value says why. */
    static final String CHAT_UNAVAILABLE = "chat_unavailable";

    private NavixyMapper() {}

    /** Authors without an employee id, by role: one instance each instead of one per message. */
    private static final Participant CUSTOMER = new Participant(null, null, Participant.Role.CUSTOMER);
    private static final Participant AGENT = new Participant(null, null, Participant.Role.AGENT);
    private static final Participant UNKNOWN = new Participant(null, null, Participant.Role.UNKNOWN);

    /**
     * @param node         one ChatMessage
     * @param conversation the tracker's conversation
     * @param time         the date/time codec
     * @return the message, or {@code null} when the item has no readable id (it cannot be referenced)
     * @throws NavixyTime.ZoneRequired when a zone-less time needs the account's zone
     */
    static Message message(JsonNode node, ConversationRef conversation, NavixyTime time) {
        return new Messages(conversation, time).message(node);
    }

    /**
     * Maps the messages of one answer, with what they share made once: the tracker as the recipient of OUTGOING
     * messages, and one {@link Message.Builder} (with its attribute sink) going from message to message. Not
     * thread-safe: one per answer.
     */
    static final class Messages {
        private final ConversationRef conversation;
        private final NavixyTime time;
        /** The recipient of OUTGOING messages: the tracker (its device or driver app). */
        private final Participant tracker;
        private Message.Builder builder;
        private BiConsumer<String, Object> attributes;

        /**
         * @param conversation the tracker's conversation
         * @param time         the date/time codec
         */
        Messages(ConversationRef conversation, NavixyTime time) {
            this.conversation = conversation;
            this.time = time;
            this.tracker = new Participant(conversation.id(), null, Participant.Role.CUSTOMER);
        }

        /**
         * @param node one ChatMessage
         * @return the message, or {@code null} when the item has no readable id (it cannot be referenced); its ref's
         *         id is the id in decimal digits
         * @throws NavixyTime.ZoneRequired when a zone-less time needs the account's zone
         */
        Message message(JsonNode node) {
            JsonNode idNode = node.get("id");
            long id;
            if (idNode != null && idNode.isIntegralNumber() && idNode.canConvertToLong()) {
                id = idNode.longValue(); // the usual number, read without a boxed Long
            } else {
                Long parsed = JsonValues.asLong(idNode);
                if (parsed == null) {
                    return null;
                }
                id = parsed;
            }
            String rawSubmit = JsonValues.asText(node.get("submit_time"));
            String rawUpdate = JsonValues.asText(node.get("update_time"));
            Instant sentAt = time.parse(rawSubmit);
            Instant updatedAt = time.parse(rawUpdate);
            String type = upper(JsonValues.asText(node.get("type")));
            String status = upper(JsonValues.asText(node.get("status")));
            String employee = JsonValues.asText(node.get("employee_id"));
            Message.Direction direction = "OUTGOING".equals(type) ? Message.Direction.OUTBOUND : Message.Direction.INBOUND;
            Participant.Role role = switch (type == null ? "" : type) {
                case "INCOMING" -> Participant.Role.CUSTOMER;
                case "OUTGOING" -> Participant.Role.AGENT;
                default -> Participant.Role.UNKNOWN;
            };
            DeliveryStatus delivery = switch (status == null ? "" : status) {
                case "PENDING" -> DeliveryStatus.PENDING;
                case "DELIVERED" -> DeliveryStatus.DELIVERED;
                default -> DeliveryStatus.UNKNOWN;
            };
            MessageRef ref = conversation.message(Long.toString(id));
            if (builder == null) {
                builder = Message.builder(ref, PROVIDER);
                attributes = builder::attribute;
            }
            Message.Builder b = builder.next(ref)
                    .direction(direction)
                    .author(employee != null ? new Participant(employee, null, role) : anonymous(role))
                    // Navixy names no addressee: an OUTGOING message goes to the tracker (its device/driver app), an
                    // INCOMING one to the platform as a whole (no one in particular)
                    .recipient(direction == Message.Direction.OUTBOUND ? tracker : null)
                    .text(JsonValues.asText(node.get("text")))
                    .kind(MessageKind.TEXT)
                    .sentAt(sentAt)
                    .updatedAt(updatedAt)
                    .delivery(delivery)
                    .readStatus(Message.ReadStatus.UNKNOWN);
            if (employee != null) {
                b.attribute("employee_id", JsonValues.toJava(node.get("employee_id")));
            }
            if (!"INCOMING".equals(type) && !"OUTGOING".equals(type)) {
                b.attribute("type", JsonValues.asText(node.get("type")));
            }
            if (status != null && delivery == DeliveryStatus.UNKNOWN) {
                b.attribute("status", JsonValues.asText(node.get("status")));
            }
            if (rawSubmit != null && sentAt == null) {
                b.attribute("submit_time", rawSubmit);
            }
            if (rawUpdate != null && updatedAt == null) {
                b.attribute("update_time", rawUpdate);
            }
            JsonValues.forEachRemaining(node, MESSAGE_FIELDS, attributes);
            return b.build();
        }
    }

    private static Participant anonymous(Participant.Role role) {
        return switch (role) {
            case CUSTOMER -> CUSTOMER;
            case AGENT -> AGENT;
            default -> UNKNOWN;
        };
    }

    /**
     * @param node       one Tracker of {@code tracker/list}
     * @param account    the account name
     * @param unread     unread counts by tracker id, or {@code null} when not known
     * @param lastActive last activity by tracker id, or {@code null} when not known
     * @param unavailable why Navixy would not tell its last activity ({@code chat_unavailable} attribute:
     *                    blocked, not_found, rejected, unresolved), or {@code null} for a healthy tracker
     * @return the conversation, or {@code null} when the item has no readable id
     */
    static Conversation tracker(JsonNode node, String account, Map<Long, Long> unread, Map<Long, Instant> lastActive,
                                String unavailable) {
        Long id = JsonValues.asLong(node.get("id"));
        if (id == null) {
            return null;
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        JsonNode source = node.get("source");
        Boolean blocked = source == null ? null : JsonValues.asBoolean(source.get("blocked"));
        attributes.put("blocked", Boolean.TRUE.equals(blocked));
        if (source != null && source.isObject()) {
            Map<String, Object> src = new LinkedHashMap<>(JsonValues.remaining(source, Set.of()));
            String deviceId = JsonValues.asText(source.get("device_id"));
            if (deviceId != null) {
                src.put("device_id", deviceId);
            }
            attributes.put("source", src);
        }
        attributes.putAll(JsonValues.remaining(node, TRACKER_FIELDS));
        if (unavailable != null) {
            attributes.put(CHAT_UNAVAILABLE, unavailable);
        }
        Long count = unread == null ? null : unread.getOrDefault(id, 0L);
        Instant last = lastActive == null || unavailable != null ? null : lastActive.get(id);
        return Conversation.builder(new ConversationRef(account, Long.toString(id)), PROVIDER)
                .title(JsonValues.asText(node.get("label"))).channel(Channel.DEVICE).unreadCount(count).lastMessageAt(last)
                .attributes(attributes).build();
    }

    /**
     * @param value a {@code value} object keyed by tracker id (keys as strings)
     * @return tracker id to number; unreadable keys or values are skipped
     */
    static Map<Long, Long> countsById(JsonNode value) {
        Map<Long, Long> out = new LinkedHashMap<>();
        forEachTracker(value, (id, v) -> {
            Long n = JsonValues.asLong(v);
            if (n != null && n >= 0) {
                out.put(id, n);
            }
        });
        return out;
    }

    /**
     * @param value a {@code value} object keyed by tracker id, values date/times
     * @param time  the codec
     * @return tracker id to instant; unreadable entries are skipped
     * @throws NavixyTime.ZoneRequired when a zone-less time needs the account's zone
     */
    static Map<Long, Instant> timesById(JsonNode value, NavixyTime time) {
        Map<Long, Instant> out = new LinkedHashMap<>();
        forEachTracker(value, (id, v) -> {
            Instant t = time.parse(JsonValues.asText(v));
            if (t != null) {
                out.put(id, t);
            }
        });
        return out;
    }

    /** @param node an array of ids, ids as strings, or a JSON array as text @return the ids */
    static List<Long> ids(JsonNode node) {
        return new ArrayList<>(JsonValues.asLongList(node));
    }

    private static void forEachTracker(JsonNode value, java.util.function.BiConsumer<Long, JsonNode> action) {
        if (value == null || !value.isObject()) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> it = value.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey().trim();
            if (JsonValues.isDigits(key)) {
                action.accept(Long.parseLong(key), e.getValue());
            }
        }
    }

    private static String upper(String s) {
        return s == null ? null : s.trim().toUpperCase(Locale.ROOT);
    }
}
