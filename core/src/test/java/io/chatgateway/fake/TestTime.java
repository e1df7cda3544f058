package io.chatgateway.fake;

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
 * Core's own fake clock and sleeper (the testkit's {@code FakeTime} depends on core, so core's tests cannot use
 * it): sleeping returns at once, moves the clock and is recorded.
 */
public final class TestTime extends Clock implements Sleeper {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-20T10:00:00Z"));
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

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

    /** @return every requested wait */
    public List<Duration> sleeps() {
        return List.copyOf(sleeps);
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
