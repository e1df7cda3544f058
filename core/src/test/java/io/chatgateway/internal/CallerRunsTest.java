package io.chatgateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * Blocking calls run their exchange on the caller's thread; an asynchronous call's exchange handed to the pool is
 * run by a thread that joins the result before a pool thread took it. The "pool" here is a queue the test runs
 * by hand, standing for the gateway's executor (JdkProviderHttp hands it its exchanges through {@code CallerRuns.handOff}).
 */
class CallerRunsTest {

    /** Holds the tasks handed to it until the test runs them. */
    private static final class HeldPool implements Executor {
        final List<Runnable> tasks = new ArrayList<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            tasks.forEach(Runnable::run);
        }
    }

    /** An exchange as the transport starts it: on this thread inside a blocking call, else handed to the pool. */
    private static CompletableFuture<String> exchange(Executor pool, AtomicReference<Thread> ranOn, AtomicInteger runs) {
        CompletableFuture<String> answer = new CompletableFuture<>();
        Runnable send = () -> {
            runs.incrementAndGet();
            ranOn.set(Thread.currentThread());
            answer.complete("answer");
        };
        if (CallerRuns.active()) {
            send.run();
        } else {
            CallerRuns.handOff(pool, send, () -> answer.completeExceptionally(new IllegalStateException("closed")));
        }
        return answer.thenApply(a -> a + "!");
    }

    @Test
    void should_run_a_blocking_calls_exchange_on_the_callers_thread_without_a_pool_task() {
        HeldPool pool = new HeldPool();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        AtomicInteger runs = new AtomicInteger();
        String result = CallerRuns.join(() -> CallerRuns.async(() -> exchange(pool, ranOn, runs)));
        assertThat(result).isEqualTo("answer!");
        assertThat(ranOn.get()).isSameAs(Thread.currentThread());
        assertThat(pool.tasks).isEmpty();
    }

    @Test
    void should_run_an_async_calls_exchange_on_the_joining_thread_when_no_pool_thread_took_it() {
        HeldPool pool = new HeldPool();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<String> result = CallerRuns.async(() -> exchange(pool, ranOn, runs));
        assertThat(result).isNotDone(); // asynchronous: nothing ran on the calling thread yet
        assertThat(pool.tasks).hasSize(1);
        assertThat(result.join()).isEqualTo("answer!");
        assertThat(ranOn.get()).isSameAs(Thread.currentThread());
        pool.runAll(); // the pool thread comes late: the exchange is not run twice
        assertThat(runs).hasValue(1);
    }

    @Test
    void should_let_a_dependent_stages_join_run_the_exchange_too() throws Exception {
        HeldPool pool = new HeldPool();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<Integer> length = CallerRuns.async(() -> exchange(pool, ranOn, runs)).thenApply(String::length);
        assertThat(length.get()).isEqualTo(7);
        assertThat(ranOn.get()).isSameAs(Thread.currentThread());
        assertThat(runs).hasValue(1);
    }

    @Test
    void should_wait_for_the_pool_when_it_took_the_exchange_first() {
        HeldPool pool = new HeldPool();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<String> result = CallerRuns.async(() -> exchange(pool, ranOn, runs));
        Thread poolThread = new Thread(pool::runAll, "pool");
        poolThread.start();
        assertThat(result.join()).isEqualTo("answer!");
        assertThat(runs).hasValue(1);
    }

    @Test
    void should_never_run_the_exchange_in_a_get_with_a_timeout() {
        HeldPool pool = new HeldPool();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<String> result = CallerRuns.async(() -> exchange(pool, ranOn, runs));
        Assertions.assertThatThrownBy(() -> result.get(1, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(runs).hasValue(0);
        pool.runAll();
        assertThat(result.join()).isEqualTo("answer!");
    }

    @Test
    void should_hand_an_async_calls_exchange_to_the_pool_only_when_the_call_returns() {
        HeldPool pool = new HeldPool();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        AtomicInteger runs = new AtomicInteger();
        int[] heldDuringCall = new int[1];
        CompletableFuture<String> result = CallerRuns.async(() -> {
            CompletableFuture<String> f = exchange(pool, ranOn, runs);
            heldDuringCall[0] = pool.tasks.size();
            return f;
        });
        assertThat(heldDuringCall[0]).isZero();
        assertThat(pool.tasks).hasSize(1);
        pool.runAll(); // a pool thread takes it: the caller need not wait for it
        assertThat(result).isCompletedWithValue("answer!");
        assertThat(ranOn.get()).isSameAs(Thread.currentThread());
        assertThat(runs).hasValue(1);
    }

    @Test
    void should_fail_an_async_calls_exchange_that_a_closed_pool_refuses() {
        Executor closed = task -> {
            throw new java.util.concurrent.RejectedExecutionException("closed");
        };
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<String> result = CallerRuns.async(() -> exchange(closed, new AtomicReference<>(), runs));
        assertThat(result).isCompletedExceptionally();
        Assertions.assertThatThrownBy(result::join).hasRootCauseMessage("closed");
        assertThat(runs).hasValue(0);
    }

    @Test
    void should_hand_every_later_exchange_of_an_async_call_to_the_pool_at_once() {
        HeldPool pool = new HeldPool();
        AtomicInteger runs = new AtomicInteger();
        int[] heldDuringCall = new int[1];
        CompletableFuture<String> result = CallerRuns.async(() -> {
            CompletableFuture<String> first = exchange(pool, new AtomicReference<>(), runs);
            CompletableFuture<String> second = exchange(pool, new AtomicReference<>(), runs);
            heldDuringCall[0] = pool.tasks.size();
            return first.thenCombine(second, (a, b) -> a + b);
        });
        assertThat(heldDuringCall[0]).isEqualTo(1); // the second, not the first
        pool.runAll();
        assertThat(result).isCompletedWithValue("answer!answer!");
        assertThat(runs).hasValue(2);
    }

    @Test
    void should_return_the_calls_own_future_when_nothing_was_handed_to_the_pool() {
        CompletableFuture<String> done = CompletableFuture.completedFuture("x");
        assertThat(CallerRuns.async(() -> done)).isSameAs(done);
    }
}
