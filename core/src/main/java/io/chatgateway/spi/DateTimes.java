package io.chatgateway.spi;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * Fast readers of the date-time shapes providers actually send: {@code yyyy-MM-dd HH:mm:ss} and
 * {@code yyyy-MM-ddTHH:mm:ss}, with an optional fraction of up to 9 digits and, for
 * {@link #parseOffset}, a {@code Z}, {@code ±HH:MM}, {@code ±HHMM} or {@code ±HH} offset.
 *
 * <p>They read characters by position and allocate almost nothing, where a {@code DateTimeFormatter}
 * with optional sections costs kilobytes per value. Text of any other shape gives {@code null}, so that
 * an adapter falls back to its tolerant formatter; a value of the right shape but out of range (month 13)
 * also gives {@code null}. Thread-safe, stateless.
 */
public final class DateTimes {

    private DateTimes() {}

    /**
     * @param text a date-time with an offset, e.g. {@code 2014-07-09T07:50:58+05:00} or {@code …58.687Z}
     * @return the instant, or {@code null} when the text is not of that shape
     */
    public static @Nullable Instant parseOffset(String text) {
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
        LocalDateTime local = local(text, end);
        return local == null ? null : Instant.ofEpochSecond(local.toEpochSecond(ZoneOffset.UTC) - offsetSeconds, local.getNano());
    }

    /**
     * @param text a date-time without offset, e.g. {@code 2014-04-15 09:02:24}
     * @return the local date-time, or {@code null} when the text is not of that shape (or has an offset)
     */
    public static @Nullable LocalDateTime parseLocal(String text) {
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

    private static LocalDateTime local(String t, int end) {
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int nano = 0;
        if (end > 19) {
            int n = end - 20;
            nano = digits(t, 20, n);
            for (int k = n; k < 9; k++) {
                nano *= 10;
            }
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nano);
        } catch (DateTimeException outOfRange) {
            return null;
        }
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
