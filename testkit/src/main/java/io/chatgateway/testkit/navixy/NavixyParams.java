package io.chatgateway.testkit.navixy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.chatgateway.testkit.RecordedRequest;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Request parameters from the query string, a form body or a JSON body, all as JSON nodes. */
final class NavixyParams {

    static final DateTimeFormatter PLAIN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Map<String, JsonNode> values = new LinkedHashMap<>();

    static NavixyParams of(RecordedRequest request, ObjectMapper mapper) {
        NavixyParams p = new NavixyParams();
        request.query().forEach((k, v) -> p.values.put(k, TextNode.valueOf(v.get(0))));
        String type = request.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        String body = request.bodyText();
        if (body.isBlank()) {
            return p;
        }
        if (type.contains("json") || body.trim().startsWith("{")) {
            try {
                JsonNode root = mapper.readTree(body);
                if (root == null || !root.isObject()) {
                    throw new NavixyError(5, "Wrong request format", 400, null);
                }
                root.fields().forEachRemaining(e -> p.values.put(e.getKey(), e.getValue()));
            } catch (IOException e) {
                throw new NavixyError(5, "Wrong request format", 400, null);
            }
        } else {
            io.chatgateway.testkit.SimulatorServer.parseQuery(body).forEach((k, v) -> p.values.put(k, TextNode.valueOf(v.get(0))));
        }
        return p;
    }

    boolean has(String name) {
        JsonNode n = values.get(name);
        return n != null && !n.isNull();
    }

    String text(String name) {
        JsonNode n = values.get(name);
        return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
    }

    Boolean bool(String name) {
        String t = text(name);
        if (t == null) {
            return null;
        }
        return switch (t.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> Boolean.TRUE;
            case "false", "0" -> Boolean.FALSE;
            default -> null;
        };
    }

    Long longValue(String name) {
        String t = text(name);
        if (t == null) {
            return null;
        }
        try {
            return Long.parseLong(t.trim());
        } catch (NumberFormatException e) {
            throw NavixyError.invalid(name, "must be an integer");
        }
    }

    long requireLong(String name) {
        Long v = longValue(name);
        if (v == null) {
            throw NavixyError.invalid(name, "required");
        }
        return v;
    }

    List<Long> requireLongs(String name) {
        JsonNode n = values.get(name);
        if (n == null || n.isNull()) {
            throw NavixyError.invalid(name, "required");
        }
        List<Long> out = new ArrayList<>();
        for (String s : items(n)) {
            try {
                out.add(Long.parseLong(s.trim()));
            } catch (NumberFormatException e) {
                throw NavixyError.invalid(name, "must be an array of integers");
            }
        }
        return out;
    }

    List<String> strings(String name) {
        JsonNode n = values.get(name);
        return n == null || n.isNull() ? List.of() : items(n);
    }

    private static List<String> items(JsonNode n) {
        JsonNode array = n;
        if (n.isTextual()) {
            String t = n.asText().trim();
            if (!t.startsWith("[")) {
                return List.of(t.split(","));
            }
            try {
                array = new ObjectMapper().readTree(t);
            } catch (IOException e) {
                throw new NavixyError(5, "Wrong request format", 400, null);
            }
        }
        if (!array.isArray()) {
            return List.of(array.asText());
        }
        List<String> out = new ArrayList<>();
        array.forEach(i -> out.add(i.asText()));
        return out;
    }

    Instant time(String name, ZoneId zone) {
        String t = text(name);
        try {
            if (t.contains("T")) {
                return OffsetDateTime.parse(t.trim()).toInstant();
            }
            return ZonedDateTime.ofLocal(LocalDateTime.parse(t.trim(), PLAIN), zone, null).toInstant();
        } catch (DateTimeParseException e) {
            throw NavixyError.invalid(name, "wrong date/time format");
        }
    }
}
