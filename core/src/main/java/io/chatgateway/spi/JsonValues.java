package io.chatgateway.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Tolerant readers of provider values: JSON numbers that arrive as strings, booleans as 0/1, missing and null
 * fields alike, arrays sent as JSON text; and the date-time shapes providers actually send
 * ({@link #parseOffset}, {@link #parseLocal}). Every reader returns {@code null} (or an empty list) for absent
 * or unreadable values rather than throwing, so that an adapter can decide what is required.
 *
 * <p>The date-time readers take {@code yyyy-MM-dd HH:mm:ss} and {@code yyyy-MM-ddTHH:mm:ss}, with an optional
 * fraction of up to 9 digits and, for {@link #parseOffset}, a {@code Z}, {@code ±HH:MM}, {@code ±HHMM} or
 * {@code ±HH} offset. They read characters by position and allocate almost nothing, where a
 * {@code DateTimeFormatter} with optional sections costs kilobytes per value. Text of any other shape gives
 * {@code null}, so that an adapter falls back to its tolerant formatter; a value of the right shape but out of
 * range (month 13) also gives {@code null}. Thread-safe, stateless.
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
        if (node == null || isAbsent(node)) {
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

    /**
     * The shape of the numeric ids providers use, checked without a regex (this runs per call and per message).
     *
     * @param text any text, may be {@code null}
     * @return {@code true} when it is 1 to 18 ASCII digits (so it parses as a non-negative {@code long})
     */
    public static boolean isDigits(String text) {
        if (text == null || text.isEmpty() || text.length() > 18) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
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
        if (node == null || isAbsent(node) || node.isContainerNode()) {
            return null;
        }
        return node.asText();
    }

    /**
     * @param node {@code true}/{@code false}, {@code 1}/{@code 0} or their strings
     * @return the value
     */
    public static @Nullable Boolean asBoolean(@Nullable JsonNode node) {
        if (node == null || isAbsent(node)) {
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
        if (node == null || isAbsent(node)) {
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
        if (node == null || isAbsent(node)) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> m.put(e.getKey(), toJava(e.getValue())));
            return Collections.unmodifiableMap(m);
        }
        if (node.isArray()) {
            int n = node.size();
            if (n == 0) {
                return List.of();
            }
            @Nullable Object[] items = new Object[n]; // exact size, no iterator: an attribute's array is often [id] or [a, b]
            for (int i = 0; i < n; i++) {
                items[i] = toJava(node.get(i));
            }
            return new FrozenList(items);
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
     * What {@link #remaining} returns, handed field by field to {@code action} instead of collected in a map: e.g.
     * straight to {@code Message.Builder::attribute}, so that a message's attributes are put in one map, not two.
     *
     * @param object a JSON object; nothing is handed on for anything else
     * @param known  field names the adapter maps to the neutral model
     * @param action receives every other field's name and its value as plain Java, in order (nulls kept)
     */
    public static void forEachRemaining(@Nullable JsonNode object, Set<String> known,
                                        BiConsumer<String, @Nullable Object> action) {
        if (object == null || !object.isObject() || onlyKnown(object, known)) {
            return;
        }
        // the tree's own forEach: no entry set and iterator per object (this runs once per mapped message)
        object.forEachEntry((name, value) -> {
            if (!known.contains(name)) {
                action.accept(name, toJava(value));
            }
        });
    }

    /**
     * @return whether every field of the object is a known one: counted by looking the known names up, without an
     *         iterator or a lambda (the usual message has no other field; this runs once per mapped message)
     */
    private static boolean onlyKnown(JsonNode object, Set<String> known) {
        int fields = object.size();
        if (fields > known.size()) {
            return false;
        }
        int present = 0;
        for (String name : known) {
            if (object.get(name) != null) {
                present++;
            }
        }
        return present == fields;
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
        Map<String, Object> m = null; // made only when there is something left: most items have nothing
        Iterator<Map.Entry<String, JsonNode>> it = object.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!known.contains(e.getKey())) {
                if (m == null) {
                    m = new LinkedHashMap<>();
                }
                m.put(e.getKey(), toJava(e.getValue()));
            }
        }
        return m == null ? Map.of() : m;
    }

    /** An unmodifiable list over an array nobody else holds: JSON arrays as plain Java (nulls kept). */
    private static final class FrozenList extends AbstractList<@Nullable Object> implements RandomAccess {
        private final @Nullable Object[] items;

        FrozenList(@Nullable Object[] items) {
            this.items = items;
        }

        @Override
        public @Nullable Object get(int i) {
            return items[i];
        }

        @Override
        public int size() {
            return items.length;
        }
    }

    // ---------------------------------------------------------------- date-times

    /**
     * @param text a date-time with an offset, e.g. {@code 2014-07-09T07:50:58+05:00} or {@code …58.687Z}
     * @return the instant, or {@code null} when the text is not of that shape
     */
    public static @Nullable Instant parseOffset(@Nullable String text) {
        if (text == null) {
            return null;
        }
        int end = fractionEnd(text);
        if (end < 0 || end == text.length()) {
            return null;
        }
        int offsetSeconds = offsetSeconds(text, end);
        if (offsetSeconds == Integer.MIN_VALUE) {
            return null;
        }
        long seconds = utcSeconds(text);
        // epoch seconds straight from the fields: no LocalDate, LocalTime and LocalDateTime per value
        return seconds == INVALID ? null : Instant.ofEpochSecond(seconds - offsetSeconds, nanos(text, end));
    }

    /** What {@link #utcSeconds} returns for fields the calendar does not have. */
    private static final long INVALID = Long.MIN_VALUE;

    /**
     * @param t text starting {@code yyyy-MM-dd?HH:mm:ss} (shape already checked)
     * @return those fields as epoch seconds in UTC, or {@link #INVALID} when they are not digits or not a real
     *         date and time (30 February, 24:00, a 60th second), as {@code LocalDateTime.of} would refuse them
     */
    private static long utcSeconds(String t) {
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1
                || day > lengthOfMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
            return INVALID;
        }
        return epochDay(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second;
    }

    /** The proleptic Gregorian day count since 1970-01-01, as {@code LocalDate.toEpochDay} computes it. */
    private static long epochDay(int year, int month, int day) {
        long y = year;
        long total = 365 * y + (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400; // years 0000..9999 only
        total += (367L * month - 362) / 12;
        total += day - 1;
        if (month > 2) {
            total--;
            if (!isLeap(year)) {
                total--;
            }
        }
        return total - 719_528; // days from 0000-01-01 to 1970-01-01
    }

    private static boolean isLeap(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** @return the fraction after the seconds (position 19 to {@code end}) as nanoseconds */
    private static int nanos(String t, int end) {
        if (end <= 19) {
            return 0;
        }
        int n = end - 20;
        int nano = digits(t, 20, n);
        for (int k = n; k < 9; k++) {
            nano *= 10;
        }
        return nano;
    }

    /**
     * @param text a date-time without offset, e.g. {@code 2014-04-15 09:02:24}
     * @return the local date-time, or {@code null} when the text is not of that shape (or has an offset)
     */
    public static @Nullable LocalDateTime parseLocal(@Nullable String text) {
        if (text == null) {
            return null;
        }
        int end = fractionEnd(text);
        return end != text.length() ? null : local(text, end);
    }

    /** @return where the seconds (and fraction) end, or -1 when the text does not start with a date-time */
    private static int fractionEnd(String t) {
        if (t.length() < 19 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return -1;
        }
        char sep = t.charAt(10);
        if (sep != 'T' && sep != ' ' && sep != 't') {
            return -1;
        }
        int i = 19;
        if (i < t.length() && t.charAt(i) == '.') {
            int start = ++i;
            while (i < t.length() && i - start < 9 && isDigit(t.charAt(i))) {
                i++;
            }
            if (i == start) {
                return -1;
            }
        }
        return i;
    }

    private static @Nullable LocalDateTime local(String t, int end) {
        long seconds = utcSeconds(t);
        return seconds == INVALID ? null : LocalDateTime.ofEpochSecond(seconds, nanos(t, end), ZoneOffset.UTC);
    }

    /** @return the offset in seconds, or {@code Integer.MIN_VALUE} when the rest is not an offset */
    private static int offsetSeconds(String t, int i) {
        char c = t.charAt(i);
        if ((c == 'Z' || c == 'z') && i + 1 == t.length()) {
            return 0;
        }
        if (c != '+' && c != '-') {
            return Integer.MIN_VALUE;
        }
        int rest = t.length() - i - 1;
        int hours = rest >= 2 ? digits(t, i + 1, 2) : -1;
        int minutes;
        if (rest == 2) {
            minutes = 0;
        } else if (rest == 5 && t.charAt(i + 3) == ':') {
            minutes = digits(t, i + 4, 2);
        } else if (rest == 4) {
            minutes = digits(t, i + 3, 2);
        } else {
            return Integer.MIN_VALUE;
        }
        if (hours < 0 || minutes < 0 || hours > 18 || minutes > 59) {
            return Integer.MIN_VALUE;
        }
        int seconds = hours * 3600 + minutes * 60;
        return c == '-' ? -seconds : seconds;
    }

    private static int digits(String t, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = t.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
