package io.chatgateway.navixy.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import io.chatgateway.spi.JsonValues;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;

/**
 * Navixy date/times: {@code yyyy-MM-dd HH:mm:ss} without offset in the account's zone, or ISO 8601 with
 * an offset ({@code 2014-07-09T07:50:58+05:00}, {@code …Z}) in ISO mode. Reading accepts both whatever
 * the mode; a zone-less value needs the account's zone and is never read as UTC by assumption.
 * Immutable and thread-safe.
 *
 * @param zone the account's zone, or {@code null} when not (yet) known
 * @param iso  whether to write ISO 8601 (ISO mode) instead of the zone-less format
 */
record NavixyTime(ZoneId zone, boolean iso) {

    /** 10000-01-01T00:00:00Z in epoch seconds. */
    private static final long YEAR_10000 = 253_402_300_800L;
    private static final DateTimeFormatter PLAIN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter ISO_WRITE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final DateTimeFormatter LOCAL_READ = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd")
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .appendPattern("HH:mm")
            .optionalStart().appendPattern(":ss").optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();
    private static final DateTimeFormatter OFFSET_READ = new DateTimeFormatterBuilder()
            .append(LOCAL_READ)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter();

    /** Thrown when a zone-less value must be read and the account's zone is not known yet. */
    static final class ZoneRequired extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ZoneRequired() {
            super("The account's time zone is needed to read a zone-less Navixy date/time.", null, false, false);
        }
    }

    /** @param value the zone @return a copy with that zone */
    NavixyTime withZone(ZoneId value) {
        return new NavixyTime(value, iso);
    }

    /** @return whether writing needs the zone, which is not known yet */
    boolean needsZoneToWrite() {
        return !iso && zone == null;
    }

    /**
     * @param instant a point in time (sub-seconds are dropped)
     * @return the value Navixy expects in {@code from}/{@code to}
     * @throws ZoneRequired in zone-less mode without a zone
     */
    String format(Instant instant) {
        Instant s = instant.truncatedTo(ChronoUnit.SECONDS);
        if (iso) {
            long second = s.getEpochSecond();
            if (second >= 0 && second < YEAR_10000) {
                return isoUtc(LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC));
            }
            return ISO_WRITE.format(s.atOffset(ZoneOffset.UTC));
        }
        if (zone == null) {
            throw new ZoneRequired();
        }
        return PLAIN.format(s.atZone(zone));
    }

    /** @return what {@link #ISO_WRITE} writes for a UTC time of years 1970–9999, without the formatter's garbage */
    private static String isoUtc(LocalDateTime t) {
        char[] c = {'0', '0', '0', '0', '-', '0', '0', '-', '0', '0', 'T', '0', '0', ':', '0', '0', ':', '0', '0', 'Z'};
        put(c, 0, 4, t.getYear());
        put(c, 5, 2, t.getMonthValue());
        put(c, 8, 2, t.getDayOfMonth());
        put(c, 11, 2, t.getHour());
        put(c, 14, 2, t.getMinute());
        put(c, 17, 2, t.getSecond());
        return new String(c);
    }

    private static void put(char[] c, int at, int width, int value) {
        int v = value;
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + v % 10);
            v /= 10;
        }
    }

    /**
     * @param text a Navixy date/time in either format, may be {@code null}
     * @return the instant, or {@code null} when absent or unreadable
     * @throws ZoneRequired when the value has no offset and the zone is not known
     */
    Instant parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim();
        // the two shapes Navixy sends, read without a formatter (the tolerant one costs kilobytes per value)
        Instant exact = JsonValues.parseOffset(t);
        if (exact != null) {
            return exact;
        }
        LocalDateTime local = JsonValues.parseLocal(t);
        if (local != null) {
            return inZone(local);
        }
        try {
            var parsed = OFFSET_READ.parseBest(t, OffsetDateTime::from, LocalDateTime::from);
            if (parsed instanceof OffsetDateTime odt) {
                return odt.toInstant();
            }
            return inZone((LocalDateTime) parsed);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private Instant inZone(LocalDateTime local) {
        if (zone == null) {
            throw new ZoneRequired();
        }
        // in a DST overlap the earlier offset is taken (documented limitation of the zone-less format)
        return ZonedDateTime.ofLocal(local, zone, null).toInstant();
    }
}
