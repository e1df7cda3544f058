package io.chatgateway.benchmarks;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counters of every {@link StubServer} in this JVM: requests, requests in flight and the most seen at
 * once, and requests the stub did not expect (a benchmark whose stub saw one is measuring errors).
 * Read by {@link BenchProfiler} into the JMH results.
 */
public final class StubStats {

    private static final AtomicInteger IN_FLIGHT = new AtomicInteger();
    private static final AtomicInteger MAX_IN_FLIGHT = new AtomicInteger();
    private static final AtomicLong REQUESTS = new AtomicLong();
    private static final AtomicLong UNEXPECTED = new AtomicLong();
    private static final AtomicReference<String> FIRST_UNEXPECTED = new AtomicReference<>();

    private StubStats() {}

    static void enter() {
        REQUESTS.incrementAndGet();
        int now = IN_FLIGHT.incrementAndGet();
        MAX_IN_FLIGHT.accumulateAndGet(now, Math::max);
    }

    static void exit() {
        IN_FLIGHT.decrementAndGet();
    }

    static void unexpected(String what) {
        UNEXPECTED.incrementAndGet();
        if (FIRST_UNEXPECTED.compareAndSet(null, what)) {
            System.err.println("[stub] unexpected request: " + what);
        }
    }

    /** Starts counting afresh (requests still in flight keep counting down). */
    public static void reset() {
        MAX_IN_FLIGHT.set(IN_FLIGHT.get());
        REQUESTS.set(0);
        UNEXPECTED.set(0);
        FIRST_UNEXPECTED.set(null);
    }

    /** @return the most requests that were in flight at once since the last reset */
    public static int maxInFlight() {
        return MAX_IN_FLIGHT.get();
    }

    /** @return requests since the last reset */
    public static long requests() {
        return REQUESTS.get();
    }

    /** @return requests since the last reset that the stub did not expect or could not answer */
    public static long unexpected() {
        return UNEXPECTED.get();
    }

    /** @return the first unexpected request since the last reset, or {@code null} */
    public static String firstUnexpected() {
        return FIRST_UNEXPECTED.get();
    }
}
