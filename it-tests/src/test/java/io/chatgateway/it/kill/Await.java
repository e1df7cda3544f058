package io.chatgateway.it.kill;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition across processes, where no fake clock can reach: until it holds or a timeout passes. */
final class Await {

    private Await() {
    }

    /**
     * @param what      what is awaited, for the failure message
     * @param timeout   the longest wait
     * @param condition checked every 50 ms
     * @throws AssertionError when the condition does not hold within the timeout
     */
    static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + timeout + ": " + what);
            }
            try {
                Thread.sleep(50); // a check interval, not a wait for something to happen
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
