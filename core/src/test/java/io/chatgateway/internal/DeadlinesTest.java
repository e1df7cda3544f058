package io.chatgateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The whole-exchange deadline thread wakes when a deadline may be due, not once per exchange. Deadlines that must
 * fire are a few milliseconds long (what is tested is that they fire); the bound on waiting is generous.
 */
class DeadlinesTest {

    private static final long THIRTY_SECONDS = TimeUnit.SECONDS.toNanos(30);

    @Test
    void should_not_wake_the_deadline_thread_for_each_exchange() throws Exception {
        Deadlines deadlines = new Deadlines();
        // an exchange in flight with the earliest deadline: the thread arms itself for it and sleeps (it starts here)
        deadlines.add(2 * THIRTY_SECONDS / 3, () -> { });
        awaitWakeUps(deadlines, 1);
        long before = awaitSettled(deadlines);
        for (int i = 0; i < 10_000; i++) {
            deadlines.remove(deadlines.add(THIRTY_SECONDS, () -> { }));
        }
        // was one wake-up per exchange (a ScheduledThreadPoolExecutor woken by each new head of its queue)
        assertThat(deadlines.wakeUps() - before).isLessThanOrEqualTo(2);
    }

    @Test
    void should_run_a_deadline_that_passes() throws Exception {
        Deadlines deadlines = new Deadlines();
        deadlines.add(THIRTY_SECONDS, () -> { });
        CountDownLatch ran = new CountDownLatch(1);
        deadlines.add(TimeUnit.MILLISECONDS.toNanos(5), ran::countDown); // earlier than the armed one: wakes it
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void should_not_run_a_removed_deadline() throws Exception {
        Deadlines deadlines = new Deadlines();
        deadlines.remove(deadlines.add(THIRTY_SECONDS, () -> { })); // starts the thread, so add() below is quick
        awaitWakeUps(deadlines, 1);
        AtomicBoolean removedRan = new AtomicBoolean();
        // long enough to be removed before it is due (a removal racing a deadline that already passed may not stop it)
        Deadlines.Entry removed = deadlines.add(TimeUnit.MILLISECONDS.toNanos(50), () -> removedRan.set(true));
        deadlines.remove(removed);
        CountDownLatch later = new CountDownLatch(1);
        deadlines.add(TimeUnit.MILLISECONDS.toNanos(100), later::countDown);
        assertThat(later.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(removedRan).isFalse();
    }

    @Test
    void should_run_every_deadline_of_many_threads() throws Exception {
        Deadlines deadlines = new Deadlines();
        int threads = 8;
        int each = 50;
        CountDownLatch ran = new CountDownLatch(threads * each);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    deadlines.remove(deadlines.add(THIRTY_SECONDS, () -> { }));
                    deadlines.add(TimeUnit.MILLISECONDS.toNanos(1 + i % 7), ran::countDown);
                }
            });
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        assertThat(ran.await(10, TimeUnit.SECONDS)).as("deadlines left: %d", ran.getCount()).isTrue();
    }

    /**
     * Waits until the deadline thread has not woken for 50 ms (its start-up scans are over: while it scans, every
     * add wakes it once more), bounded by 10 s.
     *
     * @return its wake-ups so far
     */
    private static long awaitSettled(Deadlines deadlines) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long seen = deadlines.wakeUps();
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < TimeUnit.MILLISECONDS.toNanos(50) && System.nanoTime() < end) {
            long now = deadlines.wakeUps();
            if (now != seen) {
                seen = now;
                quietSince = System.nanoTime();
            }
            Thread.onSpinWait();
        }
        return seen;
    }

    private static void awaitWakeUps(Deadlines deadlines, long n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (deadlines.wakeUps() < n && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        assertThat(deadlines.wakeUps()).isGreaterThanOrEqualTo(n);
    }
}
