package io.chatgateway.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Tolerant readers of provider JSON: numbers that arrive as strings, booleans as 0/1, missing and null
 * fields alike, arrays sent as JSON text. Every reader returns {@code null} (or an empty list) for
 * absent or unreadable values rather than throwing, so that an adapter can decide what is required.
 */
public final class JsonValues {

    private JsonValues() {}

    /**
     * @param node a node
     * @return {@code true} when missing or JSON null
     */
    public static boolean isAbsent(@Nullable JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull();
    }

    /**
     * @param node a number or a numeric string
     * @return the value
     */
    public static @Nullable Long asLong(@Nullable JsonNode node) {
        if (isAbsent(node)) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isTextual()) {
            return parseLong(node.textValue().trim());
        }
        return null;
    }

    /** @return the value of up to 18 digits with an optional minus, or {@code null}; no regex, no exception */
    private static @Nullable Long parseLong(String t) {
        int start = t.startsWith("-") ? 1 : 0;
        int digits = t.length() - start;
        if (digits < 1 || digits > 18) {
            return null;
        }
        long v = 0;
        for (int i = start; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            v = v * 10 + (c - '0');
        }
        return start == 1 ? -v : v;
    }

    /**
     * @param node a number or a numeric string
     * @return the value if it fits an int
     */
    public static @Nullable Integer asInt(@Nullable JsonNode node) {
        Long v = asLong(node);
        return v == null || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE ? null : v.intValue();
    }

    /**
     * @param node a scalar
     * @return its text (numbers and booleans as text)
     */
    public static @Nullable String asText(@Nullable JsonNode node) {
        if (isAbsent(node) || node.isContainerNode()) {
            return null;
        }
        return node.asText();
    }

    /**
     * @param node {@code true}/{@code false}, {@code 1}/{@code 0} or their strings
     * @return the value
     */
    public static @Nullable Boolean asBoolean(@Nullable JsonNode node) {
        if (isAbsent(node)) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        String t = node.asText().trim();
        return switch (t) {
            case "true", "1" -> Boolean.TRUE;
            case "false", "0" -> Boolean.FALSE;
            default -> null;
        };
    }

    /**
     * @param node an array of numbers, an array of numeric strings, or a string holding a JSON array or a
     *             comma-separated list
     * @return the numbers; unreadable items are skipped
     */
    public static List<Long> asLongList(@Nullable JsonNode node) {
        if (isAbsent(node)) {
            return List.of();
        }
        List<Long> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> {
                Long v = asLong(n);
                if (v != null) {
                    out.add(v);
                }
            });
        } else if (node.isTextual() || node.isNumber()) {
            String t = node.asText().trim();
            if (t.startsWith("[") && t.endsWith("]")) {
                t = t.substring(1, t.length() - 1);
            }
            for (String part : t.split(",")) {
                Long v = parseLong(part.trim().replace("\"", ""));
                if (v != null) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    /**
     * @param node any JSON
     * @return the same as plain Java: {@code Map}, {@code List}, {@code String}, {@code Long}/{@code Double}/
     *         {@code BigDecimal}, {@code Boolean}
     */
    public static @Nullable Object toJava(@Nullable JsonNode node) {
        if (isAbsent(node)) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> m.put(e.getKey(), toJava(e.getValue())));
            return Collections.unmodifiableMap(m);
        }
        if (node.isArray()) {
            List<Object> l = new ArrayList<>();
            node.forEach(n -> l.add(toJava(n)));
            return Collections.unmodifiableList(l);
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.decimalValue();
        }
        if (node.isNumber()) {
            return node.isBigDecimal() ? node.decimalValue() : node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asText();
    }

    /**
     * @param object a JSON object
     * @param known  field names the adapter maps to the neutral model
     * @return every other field as plain Java, in order (nulls kept), for {@code attributes}
     */
    public static Map<String, @Nullable Object> remaining(@Nullable JsonNode object, Set<String> known) {
        if (object == null || !object.isObject()) {
            return Map.of();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = object.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!known.contains(e.getKey())) {
                m.put(e.getKey(), toJava(e.getValue()));
            }
        }
        return m;
    }
}
