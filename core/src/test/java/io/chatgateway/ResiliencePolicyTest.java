package io.chatgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ResiliencePolicyTest {

    @Test
    void should_default_to_the_public_constants() {
        ResiliencePolicy p = ResiliencePolicy.ofDefaults();
        assertThat(p.maxAttempts()).isEqualTo(ResiliencePolicy.DEFAULT_MAX_ATTEMPTS).isEqualTo(3);
        assertThat(p.initialBackoff()).isEqualTo(ResiliencePolicy.DEFAULT_INITIAL_BACKOFF).isEqualTo(Duration.ofMillis(200));
        assertThat(p.backoffMultiplier()).isEqualTo(ResiliencePolicy.DEFAULT_BACKOFF_MULTIPLIER).isEqualTo(2.0);
        assertThat(p.jitter()).isEqualTo(ResiliencePolicy.DEFAULT_JITTER);
        assertThat(p.maxBackoff()).isEqualTo(ResiliencePolicy.DEFAULT_MAX_BACKOFF).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.maxRetryAfter()).isEqualTo(ResiliencePolicy.DEFAULT_MAX_RETRY_AFTER).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.retryBudgetTokens()).isEqualTo(ResiliencePolicy.DEFAULT_RETRY_BUDGET_TOKENS);
        assertThat(p.retryBudgetRatio()).isEqualTo(ResiliencePolicy.DEFAULT_RETRY_BUDGET_RATIO);
        assertThat(p.failureRateThreshold()).isEqualTo(ResiliencePolicy.DEFAULT_FAILURE_RATE_THRESHOLD);
        assertThat(p.slidingWindowSize()).isEqualTo(ResiliencePolicy.DEFAULT_SLIDING_WINDOW_SIZE);
        assertThat(p.minimumCalls()).isEqualTo(ResiliencePolicy.DEFAULT_MINIMUM_CALLS);
        assertThat(p.waitInOpenState()).isEqualTo(ResiliencePolicy.DEFAULT_WAIT_IN_OPEN_STATE);
        assertThat(p.ratePerSecond()).isEqualTo(ResiliencePolicy.DEFAULT_RATE_PER_SECOND).isZero();
        assertThat(p.rateLimitTimeout()).isEqualTo(ResiliencePolicy.DEFAULT_RATE_LIMIT_TIMEOUT);
        assertThat(p.maxConcurrentCalls()).isEqualTo(ResiliencePolicy.DEFAULT_MAX_CONCURRENT_CALLS);
        assertThat(p.maxConcurrencyWait()).isEqualTo(ResiliencePolicy.DEFAULT_MAX_CONCURRENCY_WAIT);
        assertThat(p.broadcastConcurrency()).isEqualTo(ResiliencePolicy.DEFAULT_BROADCAST_CONCURRENCY);
        assertThat(p.connectTimeout()).isEqualTo(ResiliencePolicy.DEFAULT_CONNECT_TIMEOUT).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.requestTimeout()).isEqualTo(ResiliencePolicy.DEFAULT_REQUEST_TIMEOUT).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void should_reject_bad_values_in_the_setter_itself() {
        List<Consumer<ResiliencePolicy.Builder>> bad = List.of(
                b -> b.maxAttempts(0), b -> b.maxAttempts(11),
                b -> b.initialBackoff(Duration.ZERO), b -> b.initialBackoff(null), b -> b.initialBackoff(Duration.ofMillis(-1)),
                b -> b.backoffMultiplier(0.5), b -> b.backoffMultiplier(Double.NaN), b -> b.backoffMultiplier(11),
                b -> b.jitter(-0.1), b -> b.jitter(1.0), b -> b.jitter(Double.NaN),
                b -> b.maxBackoff(Duration.ZERO), b -> b.maxRetryAfter(Duration.ofSeconds(-1)), b -> b.maxRetryAfter(null),
                b -> b.retryBudget(0, 0.1), b -> b.retryBudget(10, 0), b -> b.retryBudget(10, 1.5),
                b -> b.failureRateThreshold(0), b -> b.failureRateThreshold(101),
                b -> b.slidingWindowSize(0), b -> b.minimumCalls(0), b -> b.waitInOpenState(Duration.ZERO),
                b -> b.ratePerSecond(-1), b -> b.ratePerSecond(100_001), b -> b.rateLimitTimeout(Duration.ofMillis(-1)),
                b -> b.maxConcurrentCalls(0), b -> b.maxConcurrencyWait(null), b -> b.broadcastConcurrency(0),
                b -> b.broadcastConcurrency(257), b -> b.connectTimeout(Duration.ZERO), b -> b.requestTimeout(null));
        for (Consumer<ResiliencePolicy.Builder> setter : bad) {
            ResiliencePolicy.Builder b = ResiliencePolicy.custom();
            assertThatThrownBy(() -> setter.accept(b)).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageStartingWith("Resilience policy: ").hasMessageEndingWith(".");
        }
    }

    @Test
    void should_reject_a_max_backoff_below_the_initial_backoff_on_build() {
        assertThatThrownBy(() -> ResiliencePolicy.custom().initialBackoff(Duration.ofSeconds(2))
                .maxBackoff(Duration.ofSeconds(1)).build()).isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void should_copy_every_field_with_to_builder() {
        ResiliencePolicy p = ResiliencePolicy.custom().maxAttempts(5).initialBackoff(Duration.ofMillis(10))
                .backoffMultiplier(3).jitter(0).maxBackoff(Duration.ofSeconds(1)).maxRetryAfter(Duration.ZERO)
                .retryBudget(20, 0.5).failureRateThreshold(25).slidingWindowSize(5).minimumCalls(2)
                .waitInOpenState(Duration.ofSeconds(3)).ratePerSecond(7).rateLimitTimeout(Duration.ZERO)
                .maxConcurrentCalls(4).maxConcurrencyWait(Duration.ZERO).broadcastConcurrency(2)
                .connectTimeout(Duration.ofSeconds(1)).requestTimeout(Duration.ofSeconds(2)).build();
        ResiliencePolicy q = p.toBuilder().build();
        assertThat(q).usingRecursiveComparison().isEqualTo(p);
        assertThat(p.toString()).contains("maxAttempts=5").contains("ratePerSecond=7");
    }
}
