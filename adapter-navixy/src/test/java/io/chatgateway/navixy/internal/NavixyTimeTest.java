package io.chatgateway.navixy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class NavixyTimeTest {

    private static final ZoneId KATHMANDU = ZoneId.of("Asia/Kathmandu");
    private static final ZoneId RIGA = ZoneId.of("Europe/Riga");

    @Test
    void should_write_zone_less_times_in_the_account_zone_with_a_non_whole_hour_offset() {
        NavixyTime t = new NavixyTime(KATHMANDU, false);
        assertThat(t.format(Instant.parse("2026-11-20T09:00:00.900Z"))).isEqualTo("2026-11-20 14:45:00");
        assertThat(t.parse("2026-11-20 14:45:00")).isEqualTo(Instant.parse("2026-11-20T09:00:00Z"));
    }

    @Test
    void should_write_iso_times_in_utc() {
        assertThat(new NavixyTime(null, true).format(Instant.parse("2026-11-20T09:00:00Z"))).isEqualTo("2026-11-20T09:00:00Z");
    }

    @Test
    void should_read_iso_times_with_any_offset_whatever_the_mode() {
        NavixyTime t = new NavixyTime(null, false);
        assertThat(t.parse("2014-07-09T07:50:58+05:00")).isEqualTo(Instant.parse("2014-07-09T02:50:58Z"));
        assertThat(t.parse("2014-07-09T02:50:58Z")).isEqualTo(Instant.parse("2014-07-09T02:50:58Z"));
        assertThat(t.parse("2014-07-09T08:35:58+0545")).isEqualTo(Instant.parse("2014-07-09T02:50:58Z"));
        assertThat(t.parse("2014-07-09T02:50:58.250Z")).isEqualTo(Instant.parse("2014-07-09T02:50:58.250Z"));
    }

    @Test
    void should_never_read_a_zone_less_time_as_utc_when_the_zone_is_unknown() {
        NavixyTime t = new NavixyTime(null, true);
        assertThatThrownBy(() -> t.parse("2014-04-15 09:02:24")).isInstanceOf(NavixyTime.ZoneRequired.class);
        assertThatThrownBy(() -> new NavixyTime(null, false).format(Instant.EPOCH)).isInstanceOf(NavixyTime.ZoneRequired.class);
        assertThat(new NavixyTime(null, false).needsZoneToWrite()).isTrue();
        assertThat(t.needsZoneToWrite()).isFalse();
    }

    @Test
    void should_follow_dst_changes_of_the_account_zone() {
        NavixyTime t = new NavixyTime(RIGA, false);
        // Riga: UTC+2 in winter, UTC+3 from 2026-03-29 01:00Z
        assertThat(t.parse("2026-03-29 02:59:59")).isEqualTo(Instant.parse("2026-03-29T00:59:59Z"));
        assertThat(t.parse("2026-03-29 04:00:00")).isEqualTo(Instant.parse("2026-03-29T01:00:00Z"));
        assertThat(t.format(Instant.parse("2026-03-29T01:00:00Z"))).isEqualTo("2026-03-29 04:00:00");
        assertThat(t.format(Instant.parse("2026-07-01T12:00:00Z"))).isEqualTo("2026-07-01 15:00:00");
        assertThat(t.format(Instant.parse("2026-12-01T12:00:00Z"))).isEqualTo("2026-12-01 14:00:00");
        // the repeated hour of autumn is ambiguous without an offset: the earlier offset is taken
        assertThat(t.parse("2026-10-25 03:30:00")).isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
    }

    @Test
    void should_return_null_for_absent_or_unreadable_values() {
        NavixyTime t = new NavixyTime(RIGA, false);
        assertThat(t.parse(null)).isNull();
        assertThat(t.parse(" ")).isNull();
        assertThat(t.parse("yesterday")).isNull();
    }

    @Test
    void should_write_iso_times_exactly_as_the_iso_pattern_does() {
        java.time.format.DateTimeFormatter pattern = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
        java.util.Random random = new java.util.Random(11);
        NavixyTime iso = new NavixyTime(null, true);
        for (int i = 0; i < 20_000; i++) {
            // years 1900 to about 12000: the fast path and both sides of it
            Instant t = Instant.ofEpochSecond(-2_208_988_800L + (long) (random.nextDouble() * 320_000_000_000L),
                    random.nextInt(1_000_000_000));
            String expected = pattern.format(t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                    .atOffset(java.time.ZoneOffset.UTC));
            assertThat(iso.format(t)).as(t.toString()).isEqualTo(expected);
        }
        assertThat(iso.format(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(iso.format(Instant.parse("9999-12-31T23:59:59.999Z"))).isEqualTo("9999-12-31T23:59:59Z");
    }
}
