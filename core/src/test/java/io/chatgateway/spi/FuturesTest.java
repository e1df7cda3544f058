package io.chatgateway.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class FuturesTest {

    @Test
    void should_unwrap_nested_completion_and_execution_exceptions() {
        IllegalStateException cause = new IllegalStateException("x");
        assertThat(Futures.unwrap(new CompletionException(new ExecutionException(cause)))).isSameAs(cause);
        assertThat(Futures.unwrap(cause)).isSameAs(cause);
    }

    @Test
    void should_turn_a_thrown_validation_error_into_a_failed_future() {
        CompletableFuture<String> f = Futures.guard(() -> {
            throw new IllegalArgumentException("bad");
        });
        assertThat(f).isCompletedExceptionally();
    }

    @Test
    void should_run_steps_one_after_another_and_stop_at_the_first_failure() {
        List<Integer> started = new ArrayList<>();
        CompletableFuture<List<Integer>> ok = Futures.sequence(List.of(1, 2, 3), i -> {
            started.add(i);
            return CompletableFuture.completedFuture(i * 10);
        });
        assertThat(ok.join()).containsExactly(10, 20, 30);
        started.clear();
        CompletableFuture<Void> failed = Futures.forEach(List.of(1, 2, 3), i -> {
            started.add(i);
            if (i == 2) {
                throw new IllegalStateException("step 2");
            }
            return CompletableFuture.completedFuture(null);
        });
        assertThatThrownBy(failed::join).hasRootCauseMessage("step 2");
        assertThat(started).containsExactly(1, 2);
    }
}
