package io.chatgateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The executor of the gateway's own HTTP client: inline while few exchanges are in flight, the pool while many are. */
class ClientWorkTest {

    private final List<Runnable> pooled = new ArrayList<>();
    private final ClientWork work = new ClientWork(pooled::add, 2);

    private Thread ranOn(Runnable[] holder) {
        AtomicReference<Thread> thread = new AtomicReference<>();
        holder[0] = () -> thread.set(Thread.currentThread());
        work.execute(holder[0]);
        return thread.get();
    }

    @Test
    void should_run_the_clients_work_inline_while_few_exchanges_are_in_flight() {
        Runnable[] task = new Runnable[1];
        assertThat(ranOn(task)).isSameAs(Thread.currentThread());
        work.started();
        work.started();
        assertThat(ranOn(task)).isSameAs(Thread.currentThread());
        assertThat(pooled).isEmpty();
    }

    @Test
    void should_hand_the_clients_work_to_the_pool_while_many_exchanges_are_in_flight_and_inline_again_after() {
        Runnable[] task = new Runnable[1];
        work.started();
        work.started();
        work.started();
        assertThat(ranOn(task)).isNull();
        assertThat(pooled).containsExactly(task[0]);
        work.ended();
        assertThat(ranOn(task)).isSameAs(Thread.currentThread());
        assertThat(pooled).hasSize(1);
    }

    @Test
    void should_run_the_clients_work_inline_when_the_closed_pool_refuses_it() {
        ClientWork closed = new ClientWork(task -> {
            throw new RejectedExecutionException("closed");
        }, 0);
        closed.started();
        AtomicReference<Thread> thread = new AtomicReference<>();
        closed.execute(() -> thread.set(Thread.currentThread()));
        assertThat(thread.get()).isSameAs(Thread.currentThread());
    }
}
