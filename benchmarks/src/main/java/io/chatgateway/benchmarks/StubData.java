package io.chatgateway.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The stub's virtual conversations as each provider's wire JSON: message {@code i} of a conversation was
 * sent at {@link #BASE} + {@code i} seconds, with realistic texts (quotes, Cyrillic), both directions and
 * the provider's usual fields. Pure functions of (conversation, window), so any page can be regenerated.
 */
public final class StubData {

    /** When message 0 of every virtual conversation was sent. */
    public static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    static final long BASE_SECONDS = BASE.getEpochSecond();

    /** Navixy {@code user/get_info} answer: the account's zone is UTC. */
    static final String NAVIXY_USER_INFO = "{\"success\":true,\"user_info\":{\"id\":9001,\"login\":\"bench@example.com\","
            + "\"first_name\":\"Bench\",\"last_name\":\"Mark\",\"time_zone\":\"UTC\",\"locale\":\"en_US\"}}";

    private static final String[] TEXTS = {
        "On my way to the customer, ETA 15 minutes.",
        "Arrived at depot #4, unloading now.",
        "Traffic jam on the ring road, I will be about 20 minutes late.",
        "Please confirm the delivery address: 12 \"Green\" Street, apt. 5.",
        "Привіт! Вантаж отримано, все гаразд.",
        "Fuel level low, stopping at the next station.",
        "OK",
        "Customer not at home, leaving the parcel with the neighbour at no. 14 as agreed by phone.",
    };

    private static final DateTimeFormatter NAVIXY_PLAIN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private StubData() {}

    static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    /** @param text a Navixy {@code from}/{@code to}: plain UTC (the account's zone) or ISO-8601 @return epoch seconds */
    static long parseNavixyTime(String text) {
        String t = text.replace("\"", "").trim();
        if (t.indexOf('T') > 0) {
            return OffsetDateTime.parse(t).toEpochSecond();
        }
        return LocalDateTime.parse(t, NAVIXY_PLAIN).toEpochSecond(ZoneOffset.UTC);
    }

    /**
     * @param provider the provider
     * @param id       a message id as the gateway reports it
     * @param index    the index the message should have
     * @return whether the id is that of message {@code index}
     */
    public static boolean sameIndex(String provider, String id, long index) {
        return Long.parseLong(id, provider.equals("quickblox") ? 16 : 10) == index + 1;
    }

    /** @param i message index @return its text */
    public static String text(long i) {
        return TEXTS[(int) (i % TEXTS.length)];
    }

    // ------------------------------------------------------------------ Navixy

    /**
     * @return {@code tracker/chat/list} answer for the messages of a {@code count}-message tracker sent
     *         within [from, to] (epoch seconds, both inclusive), at most {@code limit}, oldest or newest first
     */
    static byte[] navixyList(long count, long from, long to, int limit, boolean ascending, boolean iso) {
        long lo = Math.max(0, from - BASE_SECONDS);
        long hi = Math.min(count - 1, to - BASE_SECONDS);
        StringBuilder sb = new StringBuilder(64 + 200 * Math.max(0, (int) Math.min(limit, hi - lo + 1)));
        sb.append("{\"success\":true,\"list\":[");
        int n = 0;
        if (lo <= hi) {
            for (long k = 0; k < limit && k <= hi - lo; k++) {
                long i = ascending ? lo + k : hi - k;
                if (n++ > 0) {
                    sb.append(',');
                }
                navixyMessage(sb, i, iso);
            }
        }
        sb.append("]}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void navixyMessage(StringBuilder sb, long i, boolean iso) {
        boolean outgoing = i % 3 == 0;
        sb.append("{\"id\":").append(i + 1)
                .append(",\"submit_time\":");
        navixyTime(sb, BASE_SECONDS + i, iso);
        sb.append(",\"update_time\":");
        if (outgoing) {
            navixyTime(sb, BASE_SECONDS + i + 2, iso);
        } else {
            sb.append("null");
        }
        sb.append(",\"text\":");
        string(sb, text(i));
        sb.append(",\"type\":\"").append(outgoing ? "OUTGOING" : "INCOMING")
                .append("\",\"status\":\"").append(outgoing ? "DELIVERED" : "PENDING").append('"');
        if (outgoing) {
            sb.append(",\"employee_id\":").append(4000 + i % 7);
        }
        sb.append('}');
    }

    private static void navixyTime(StringBuilder sb, long epochSeconds, boolean iso) {
        sb.append('"');
        dateTime(sb, epochSeconds, iso ? 'T' : ' ');
        if (iso) {
            sb.append('Z');
        }
        sb.append('"');
    }

    // ------------------------------------------------------------------ SMSBAT

    /** @return the bare array of all messages of a {@code count}-message chat */
    static byte[] smsbatMessages(long count) {
        StringBuilder sb = new StringBuilder(2 + 260 * (int) count);
        sb.append('[');
        for (long i = 0; i < count; i++) {
            if (i > 0) {
                sb.append(',');
            }
            smsbatMessage(sb, count, i + 1, i, text(i), i % 3 == 0);
        }
        sb.append(']');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @return the answer to a send: the created message */
    static String smsbatSent(long chat, long id, String text) {
        StringBuilder sb = new StringBuilder(256);
        smsbatMessage(sb, chat, id, nowSeconds() - BASE_SECONDS, text, true);
        return sb.toString();
    }

    private static void smsbatMessage(StringBuilder sb, long chat, long id, long i, String text, boolean operator) {
        sb.append("{\"id\":").append(id).append(",\"chatId\":").append(chat).append(",\"message\":");
        string(sb, text);
        sb.append(",\"phone\":\"38093667").append(String.format("%04d", chat % 10_000))
                .append("\",\"author\":").append(operator ? 0 : 1)
                .append(",\"status\":").append(operator ? 1 : 3)
                .append(",\"date\":\"");
        dateTime(sb, BASE_SECONDS + i, 'T');
        sb.append('.').append(String.format("%03d", i * 37 % 1000)).append("Z\",\"operator\":");
        if (operator) {
            sb.append("{\"id\":21,\"name\":\"Jane Operator\"}");
        } else {
            sb.append("null");
        }
        sb.append(",\"messageType\":0}");
    }

    // ------------------------------------------------------------------ QuickBlox

    /** @param count messages @return the dialog id whose conversation has that many messages */
    public static String quickbloxDialog(long count) {
        return String.format("%024d", count);
    }

    /**
     * @return {@code GET /chat/Message.json} answer: messages {@code lo..hi} (indexes, inclusive), ordered,
     *         then {@code skip} and {@code limit} applied
     */
    static byte[] quickbloxList(String dialog, long lo, long hi, int skip, int limit, boolean ascending) {
        StringBuilder sb = new StringBuilder(64 + 330 * Math.max(0, (int) Math.min(limit, hi - lo + 1)));
        sb.append("{\"skip\":").append(skip).append(",\"limit\":").append(limit).append(",\"items\":[");
        long available = Math.max(0, hi - lo + 1 - skip);
        for (long k = 0; k < Math.min(limit, available); k++) {
            long i = ascending ? lo + skip + k : hi - skip - k;
            if (k > 0) {
                sb.append(',');
            }
            quickbloxMessage(sb, dialog, String.format("%024x", i + 1), BASE_SECONDS + i, text(i), i % 3 == 0, true);
        }
        sb.append("]}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @return the answer to a create: the message, with null timestamps as QuickBlox returns them */
    static String quickbloxSent(String dialog, long id, String text) {
        StringBuilder sb = new StringBuilder(300);
        quickbloxMessage(sb, dialog, String.format("%024x", id), nowSeconds(), text, true, false);
        return sb.toString();
    }

    private static void quickbloxMessage(StringBuilder sb, String dialog, String id, long sent, String text, boolean mine,
                                         boolean timestamps) {
        long me = 96_753_878;
        long other = 96_830_631;
        sb.append("{\"_id\":\"").append(id).append("\",\"attachments\":[],\"chat_dialog_id\":\"").append(dialog)
                .append("\",\"created_at\":");
        isoOrNull(sb, sent, timestamps);
        sb.append(",\"date_sent\":").append(sent)
                .append(",\"delivered_ids\":[").append(me).append(',').append(other).append("],\"message\":");
        string(sb, text);
        sb.append(",\"read_ids\":[").append(mine ? other : me).append("],\"recipient_id\":0,\"sender_id\":")
                .append(mine ? me : other).append(",\"updated_at\":");
        isoOrNull(sb, sent, timestamps);
        sb.append(",\"read\":0}");
    }

    private static void isoOrNull(StringBuilder sb, long epochSeconds, boolean present) {
        if (!present) {
            sb.append("null");
            return;
        }
        sb.append('"');
        dateTime(sb, epochSeconds, 'T');
        sb.append("Z\"");
    }

    // ------------------------------------------------------------------ JSON text

    private static void dateTime(StringBuilder sb, long epochSeconds, char separator) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSeconds, 0, ZoneOffset.UTC);
        sb.append(t.getYear()).append('-');
        two(sb, t.getMonthValue());
        sb.append('-');
        two(sb, t.getDayOfMonth());
        sb.append(separator);
        two(sb, t.getHour());
        sb.append(':');
        two(sb, t.getMinute());
        sb.append(':');
        two(sb, t.getSecond());
    }

    private static void two(StringBuilder sb, int v) {
        if (v < 10) {
            sb.append('0');
        }
        sb.append(v);
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
