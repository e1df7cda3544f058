package io.chatgateway.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatgateway.Capability;
import io.chatgateway.ChatGatewayException;
import io.chatgateway.Conversation;
import io.chatgateway.Message;
import io.chatgateway.Participant;
import io.chatgateway.QueryPlan;
import io.chatgateway.spi.ProviderMetadata;
import java.time.Instant;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;

/**
 * The CLI's JSON Lines output: field names as the model records, instants as ISO-8601 UTC, absent
 * values as {@code null}. One object per line, no pretty-printing.
 */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {}

    static ObjectNode object() {
        return NODES.objectNode();
    }

    /** @param node a JSON value @return its compact one-line text */
    static String line(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write JSON", e);
        }
    }

    static ObjectNode conversation(Conversation c) {
        ObjectNode n = object();
        n.put("ref", c.ref().toString());
        n.put("provider", c.provider());
        n.put("title", c.title());
        n.put("status", c.status().name());
        n.put("unreadCount", c.unreadCount());
        n.put("lastMessageAt", instant(c.lastMessageAt()));
        n.set("assignee", participant(c.assignee()));
        n.put("channel", c.channel().name());
        n.set("attributes", value(c.attributes()));
        return n;
    }

    static ObjectNode message(Message m) {
        ObjectNode n = object();
        n.put("ref", m.ref().toString());
        n.put("conversation", m.ref().conversation().toString());
        n.put("provider", m.provider());
        n.put("direction", m.direction().name());
        n.set("author", participant(m.author()));
        n.set("recipient", participant(m.recipient()));
        n.put("text", m.text());
        n.put("kind", m.kind().name());
        n.put("sentAt", instant(m.sentAt()));
        n.put("updatedAt", instant(m.updatedAt()));
        n.put("delivery", m.delivery().name());
        n.put("readStatus", m.readStatus().name());
        ArrayNode attachments = n.putArray("attachments");
        for (Message.Attachment a : m.attachments()) {
            attachments.add(attachment(a));
        }
        n.set("attributes", value(m.attributes()));
        return n;
    }

    static ObjectNode attachment(Message.Attachment a) {
        ObjectNode n = object();
        n.put("id", a.id());
        n.put("kind", a.kind().name());
        n.put("name", a.name());
        n.put("contentType", a.contentType());
        n.put("url", a.url());
        n.put("size", a.size());
        n.set("attributes", value(a.attributes()));
        return n;
    }

    static JsonNode participant(Participant p) {
        if (p == null) {
            return NODES.nullNode();
        }
        ObjectNode n = object();
        n.put("id", p.id());
        n.put("name", p.name());
        n.put("role", p.role().name());
        return n;
    }

    static ObjectNode provider(ProviderMetadata metadata) {
        ObjectNode n = object();
        n.put("id", metadata.id());
        n.put("name", metadata.displayName());
        ObjectNode capabilities = n.putObject("capabilities");
        for (Capability c : Capability.values()) {
            capabilities.put(c.name(), metadata.support(c).name());
        }
        return n;
    }

    static ObjectNode capabilities(Map<Capability, Capability.Support> support) {
        ObjectNode n = object();
        for (Capability c : Capability.values()) {
            n.put(c.name(), support.getOrDefault(c, Capability.Support.UNSUPPORTED).name());
        }
        return n;
    }

    static ObjectNode plan(QueryPlan plan) {
        ObjectNode n = object();
        ArrayNode atProvider = n.putArray("atProvider");
        sorted(plan.atProvider()).forEach(f -> atProvider.add(f.name()));
        ArrayNode inAdapter = n.putArray("inAdapter");
        sorted(plan.inAdapter()).forEach(f -> inAdapter.add(f.name()));
        ArrayNode local = n.putArray("local");
        sorted(plan.local()).forEach(f -> local.add(f.name()));
        ArrayNode notes = n.putArray("notes");
        plan.notes().forEach(notes::add);
        return n;
    }

    /** @param e a gateway error @return {@code {"type":…,"message":…,"providerCode":…,"httpStatus":…,"retryable":…}} */
    static ObjectNode error(ChatGatewayException e) {
        ObjectNode n = object();
        n.put("type", e.getClass().getSimpleName());
        n.put("message", e.getMessage());
        n.put("providerCode", e.providerCode().orElse(null));
        if (e.httpStatus().isPresent()) {
            n.put("httpStatus", e.httpStatus().getAsInt());
        } else {
            n.putNull("httpStatus");
        }
        n.put("retryable", e.isRetryable());
        return n;
    }

    /** @param instant a time or {@code null} @return ISO-8601 UTC text, e.g. {@code 2014-04-15T09:02:24Z}, or {@code null} */
    static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** @param value a JSON-like value (maps, lists, strings, numbers, booleans, nulls) @return its JSON node */
    static JsonNode value(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode n = object();
            map.forEach((k, v) -> n.set(String.valueOf(k), value(v)));
            return n;
        }
        if (value instanceof Collection<?> list) {
            ArrayNode a = NODES.arrayNode();
            list.forEach(v -> a.add(value(v)));
            return a;
        }
        if (value instanceof Object[] array) {
            ArrayNode a = NODES.arrayNode();
            for (Object v : array) {
                a.add(value(v));
            }
            return a;
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return MAPPER.valueToTree(value);
        }
        if (value instanceof Instant i) {
            return NODES.textNode(i.toString());
        }
        if (value instanceof TemporalAccessor || value instanceof Enum<?> || value instanceof CharSequence) {
            return NODES.textNode(value.toString());
        }
        return NODES.textNode(String.valueOf(value));
    }

    private static EnumSet<QueryPlan.Filter> sorted(Collection<QueryPlan.Filter> filters) {
        return filters.isEmpty() ? EnumSet.noneOf(QueryPlan.Filter.class) : EnumSet.copyOf(filters);
    }
}
