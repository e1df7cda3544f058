package io.chatgateway.navixy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrackerIsolationTest {

    @Test
    void should_allow_four_extra_requests_per_halving_plus_four() {
        assertThat(TrackerIsolation.budget(1)).isEqualTo(4);
        assertThat(TrackerIsolation.budget(2)).isEqualTo(8);
        assertThat(TrackerIsolation.budget(5)).isEqualTo(16);
        assertThat(TrackerIsolation.budget(16)).isEqualTo(20);
        assertThat(TrackerIsolation.budget(300)).isEqualTo(40);
    }
}
