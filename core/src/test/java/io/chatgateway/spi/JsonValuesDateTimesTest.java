package io.chatgateway.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonValuesDateTimesTest {

    @ParameterizedTest
    @ValueSource(strings = {"2014-07-09T07:50:58+05:00", "2014-07-09T02:50:58Z", "2014-07-09T02:50:58z",
            "2014-07-09 07:50:58+0500", "2014-07-09T07:50:58+05", "2014-07-09T01:50:58-01:00",
            "2025-04-01T09:46:24.687Z", "2014-07-09T08:35:58+05:45", "2014-07-09T02:50:58.123456789Z"})
    void should_read_offset_date_times_as_java_time_does(String text) {
        Instant expected = OffsetDateTime.parse(text.replace(' ', 'T').replace('z', 'Z')
                .replaceAll("([+-]\\d\\d)(\\d\\d)$", "$1:$2").replaceAll("([+-]\\d\\d)$", "$1:00")).toInstant();
        assertThat(JsonValues.parseOffset(text)).isEqualTo(expected);
    }

    @Test
    void should_read_local_date_times() {
        assertThat(JsonValues.parseLocal("2014-04-15 09:02:24")).isEqualTo(LocalDateTime.of(2014, 4, 15, 9, 2, 24));
        assertThat(JsonValues.parseLocal("2014-04-15T09:02:24.5")).isEqualTo(LocalDateTime.of(2014, 4, 15, 9, 2, 24, 500_000_000));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2014-04-15", "2014-04-15 09:02", "2014-13-15 09:02:24", "2014-04-15 25:02:24",
            "2014-04-15X09:02:24", "2014-04-15 09:02:24.", "2014-04-15 09:02:24+5", "2014-04-15 09:02:24 UTC",
            "abcd-ef-gh ij:kl:mn", "2014-04-15 09:02:24+19:00"})
    void should_leave_other_shapes_to_the_tolerant_formatter(String text) {
        assertThat(JsonValues.parseOffset(text)).isNull();
        if (!text.startsWith("2014-04-15 09:02:24") || text.length() == 19) {
            assertThat(JsonValues.parseLocal(text)).isNull();
        }
    }

    @Test
    void should_agree_with_java_time_on_random_instants() {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE), random.nextInt(1_000_000_000));
            assertThat(JsonValues.parseOffset(instant.toString())).isEqualTo(instant);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2023-02-29T00:00:00Z", "2024-02-30T00:00:00Z", "2024-04-31T00:00:00Z",
            "2100-02-29T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T23:60:00Z", "2024-01-01T23:59:60Z",
            "2024-00-10T10:00:00Z", "2024-01-00T10:00:00Z"})
    void should_refuse_dates_and_times_the_calendar_does_not_have(String text) {
        assertThat(JsonValues.parseOffset(text)).isNull();
    }

    @Test
    void should_agree_with_java_time_on_every_year_and_day_with_offsets() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            int year = random.nextInt(10_000);
            int month = 1 + random.nextInt(12);
            int day = 1 + random.nextInt(31);
            String offset = random.nextBoolean() ? "Z" : String.format("%s%02d:%02d", random.nextBoolean() ? "+" : "-",
                    random.nextInt(18), random.nextInt(60));
            String text = String.format("%04d-%02d-%02dT%02d:%02d:%02d%s", year, month, day, random.nextInt(24),
                    random.nextInt(60), random.nextInt(60), offset);
            Instant expected;
            try {
                expected = OffsetDateTime.parse(text).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                expected = null; // e.g. 30 February
            }
            assertThat(JsonValues.parseOffset(text)).as(text).isEqualTo(expected);
        }
    }

    @Test
    void should_read_local_date_times_as_java_time_does_on_every_year_and_day() {
        Random random = new Random(13);
        for (int i = 0; i < 20_000; i++) {
            int year = random.nextInt(10_000);
            int month = 1 + random.nextInt(12);
            int day = 1 + random.nextInt(31);
            int hour = random.nextInt(24);
            int minute = random.nextInt(60);
            int second = random.nextInt(60);
            int nano = random.nextBoolean() ? 0 : random.nextInt(1_000_000_000);
            String text = String.format("%04d-%02d-%02d %02d:%02d:%02d%s", year, month, day, hour, minute, second,
                    nano == 0 ? "" : String.format(".%09d", nano));
            LocalDateTime expected;
            try {
                expected = LocalDateTime.of(year, month, day, hour, minute, second, nano);
            } catch (java.time.DateTimeException e) {
                expected = null; // e.g. 31 April
            }
            assertThat(JsonValues.parseLocal(text)).as(text).isEqualTo(expected);
        }
    }
}
