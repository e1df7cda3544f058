package io.chatgateway.testkit;

import io.chatgateway.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock and a {@link Sleeper} for tests: sleeping returns at once and moves the clock forward by the
 * requested duration, and every wait is recorded, so retry tests assert on waits without waiting.
 * Thread-safe.
 */
public final class FakeTime extends Clock implements Sleeper {

    private final AtomicReference<Instant> now;
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    /** @param start the initial time */
    public FakeTime(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** @return a fake time starting at 2026-11-20T10:00:00Z */
    public static FakeTime standard() {
        return new FakeTime(Instant.parse("2026-11-20T10:00:00Z"));
    }

    @Override
    public CompletableFuture<Void> sleep(Duration duration) {
        sleeps.add(duration);
        advance(duration);
        return CompletableFuture.completedFuture(null);
    }

    /** @param d how far to move the clock */
    public void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }

    /** @return every wait requested so far, in order */
    public List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /** @return the sum of the waits */
    public Duration totalSlept() {
        return sleeps.stream().reduce(Duration.ZERO, Duration::plus);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
