package io.chatgateway;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * How the gateway waits: between retries, for a rate-limiter permit, for a {@code Retry-After}.
 *
 * <p>Inject a fake in tests (with a matching {@link java.time.Clock}) so that no test waits for real.
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Sleeper {

    /** Waits for real, without holding a thread. */
    Sleeper REAL = duration -> duration.isZero() || duration.isNegative()
            ? CompletableFuture.completedFuture(null)
            : CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(duration.toNanos(), TimeUnit.NANOSECONDS));

    /**
     * @param duration how long to wait, zero or positive
     * @return a future completed once the time has passed
     */
    CompletableFuture<Void> sleep(Duration duration);
}
