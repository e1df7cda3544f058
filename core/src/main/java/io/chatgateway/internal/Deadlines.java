package io.chatgateway.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Whole-exchange deadlines of every gateway in the JVM, on one daemon thread that sleeps until the earliest
 * deadline it knows of. Adding a deadline no earlier than that wakes nothing, and removing one (its exchange
 * ended) never does: with the usual single request timeout the thread wakes about once per timeout, not once
 * per call. (A {@code ScheduledThreadPoolExecutor} with remove-on-cancel woke its thread on every call that
 * found its queue empty, which a single caller always does: one extra thread wake-up per exchange.)
 *
 * <p>A deadline's task runs on the deadline thread and must only interrupt or abort, never run a continuation.
 * Thread-safe.
 */
final class Deadlines {

    /** The deadlines of every gateway in this JVM. */
    static final Deadlines SHARED = new Deadlines();

    private static final int STRIPES = 16;

    /** One registered deadline, until {@link #remove removed} or expired. */
    static final class Entry {
        final long at;
        final Runnable task;
        final Stripe stripe;
        /** Guarded by {@link #stripe}. */
        @Nullable Entry prev;
        /** Guarded by {@link #stripe}. */
        @Nullable Entry next;
        /** Guarded by {@link #stripe}: still in its list. */
        boolean linked;

        Entry(long at, Runnable task, Stripe stripe) {
            this.at = at;
            this.task = task;
            this.stripe = stripe;
        }
    }

    /** A list of entries under its own lock, so that callers on different threads rarely contend. */
    static final class Stripe {
        /** Guarded by this. */
        @Nullable Entry head;
    }

    private final Stripe[] stripes = new Stripe[STRIPES];
    private final AtomicLong wakeUps = new AtomicLong();
    /** Set while the thread scans (and until it published what it found): adding then always wakes it. */
    private volatile boolean scanning = true;
    /** Whether the thread sleeps until {@link #armedAt} (else until woken). */
    private volatile boolean armed;
    /** {@code System.nanoTime()} the thread sleeps until, when {@link #armed}. */
    private volatile long armedAt;
    private volatile @Nullable Thread thread;

    Deadlines() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    /**
     * @param timeoutNanos from now
     * @param task         what to run at the deadline (interrupt or abort only)
     * @return the entry, to {@link #remove} when the exchange ended
     */
    Entry add(long timeoutNanos, Runnable task) {
        long at = System.nanoTime() + timeoutNanos;
        Stripe s = stripes[(int) Thread.currentThread().getId() & (STRIPES - 1)];
        Entry e = new Entry(at, task, s);
        synchronized (s) {
            Entry head = s.head;
            e.next = head;
            if (head != null) {
                head.prev = e;
            }
            s.head = e;
            e.linked = true;
        }
        Thread t = thread;
        if (t == null) {
            start();
        } else if (scanning || !armed || at - armedAt < 0) {
            LockSupport.unpark(t);
        }
        return e;
    }

    /** @param e a deadline whose exchange ended; nothing happens if it already expired */
    void remove(Entry e) {
        Stripe s = e.stripe;
        synchronized (s) {
            unlink(s, e);
        }
    }

    /** @return how often the deadline thread woke up so far (for tests) */
    long wakeUps() {
        return wakeUps.get();
    }

    private static void unlink(Stripe s, Entry e) {
        if (!e.linked) {
            return;
        }
        Entry p = e.prev;
        Entry n = e.next;
        if (p == null) {
            s.head = n;
        } else {
            p.next = n;
        }
        if (n != null) {
            n.prev = p;
        }
        e.prev = null;
        e.next = null;
        e.linked = false;
    }

    private synchronized void start() {
        if (thread != null) {
            return;
        }
        Thread t = new Thread(this::loop, "chatgw-deadlines");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void loop() {
        while (true) {
            wakeUps.incrementAndGet();
            scanning = true;
            long now = System.nanoTime();
            boolean any = false;
            long next = 0;
            Entry due = null;
            for (Stripe s : stripes) {
                synchronized (s) {
                    for (Entry e = s.head; e != null; ) {
                        Entry following = e.next;
                        if (e.at - now <= 0) {
                            unlink(s, e);
                            e.next = due; // the due list reuses the link (the entry left its stripe)
                            due = e;
                        } else if (!any || e.at - next < 0) {
                            next = e.at;
                            any = true;
                        }
                        e = following;
                    }
                }
            }
            armedAt = next;
            armed = any;
            scanning = false;
            for (Entry e = due; e != null; ) {
                Entry following = e.next;
                e.next = null;
                try {
                    e.task.run();
                } catch (RuntimeException ignored) {
                    // a deadline's task only interrupts or aborts; its failure must not stop the others
                }
                e = following;
            }
            if (any) {
                LockSupport.parkNanos(this, next - System.nanoTime());
            } else {
                LockSupport.park(this);
            }
        }
    }
}
