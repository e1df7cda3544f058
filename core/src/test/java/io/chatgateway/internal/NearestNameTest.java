package io.chatgateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NearestNameTest {

    private static final List<String> NAVIXY = List.of("base-url", "hash", "login", "password", "time-zone",
            "iso-datetime", "history-window");

    @Test
    void should_suggest_hash_for_swapped_letters() {
        assertThat(NearestName.didYouMean("hsah", NAVIXY)).isEqualTo("; did you mean hash?");
    }

    @Test
    void should_suggest_for_missing_extra_and_wrong_letters_ignoring_case() {
        assertThat(NearestName.among("pasword", NAVIXY)).contains("password");
        assertThat(NearestName.among("timezone", NAVIXY)).contains("time-zone");
        assertThat(NearestName.among("Base-URL", NAVIXY)).contains("base-url");
        assertThat(NearestName.among("retry.max-atempts", List.of("retry.max-attempts", "retry.max-backoff")))
                .contains("retry.max-attempts");
    }

    @Test
    void should_suggest_nothing_for_a_known_name_or_a_far_one() {
        assertThat(NearestName.among("hash", NAVIXY)).isEmpty();
        assertThat(NearestName.among("colour", NAVIXY)).isEmpty();
        assertThat(NearestName.among("", NAVIXY)).isEmpty();
        assertThat(NearestName.didYouMean("zzz", NAVIXY)).isEmpty();
    }

    @Test
    void should_count_a_swap_of_neighbours_as_one_edit() {
        assertThat(NearestName.distance("hsah", "hash")).isEqualTo(1);
        assertThat(NearestName.distance("abc", "abc")).isZero();
        assertThat(NearestName.distance("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void should_prefer_the_closest_and_then_the_alphabetically_first() {
        assertThat(NearestName.among("fleat", List.of("fleet", "float"))).contains("fleet");
        assertThat(NearestName.among("log", List.of("login", "loge"))).contains("loge");
    }
}
