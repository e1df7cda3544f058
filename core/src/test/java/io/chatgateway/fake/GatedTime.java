package io.chatgateway.fake;

import io.chatgateway.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A fake clock whose sleeps end only when a test moves the clock past them ({@link #advance}); for
 * background loops (push-mode inbox) that must not spin nor wait for real. Zero sleeps end at once.
 */
public final class GatedTime extends Clock implements Sleeper {

    private Instant now = Instant.parse("2026-11-20T10:00:00Z");
    private final List<Object[]> sleeping = new ArrayList<>();

    @Override
    public synchronized CompletableFuture<Void> sleep(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        sleeping.add(new Object[] {now.plus(duration), f});
        notifyAll();
        return f;
    }

    /** @param d how far to move the clock; sleeps that end by then complete */
    public void advance(Duration d) {
        List<CompletableFuture<Void>> wake = new ArrayList<>();
        synchronized (this) {
            now = now.plus(d);
            sleeping.removeIf(s -> {
                if (!((Instant) s[0]).isAfter(now)) {
                    @SuppressWarnings("unchecked") CompletableFuture<Void> f = (CompletableFuture<Void>) s[1];
                    wake.add(f);
                    return true;
                }
                return false;
            });
        }
        wake.forEach(f -> f.complete(null));
    }

    /**
     * Waits (up to 20 s of real time, a safety net only) until at least {@code n} sleeps are pending.
     *
     * @param n how many sleepers
     * @throws InterruptedException when interrupted
     */
    public synchronized void awaitSleepers(int n) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (sleeping.stream().filter(s -> !((CompletableFuture<?>) s[1]).isDone()).count() < n) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + n + " sleepers within 20 s");
            }
            wait(Math.max(1, left / 1_000_000));
        }
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
    public synchronized Instant instant() {
        return now;
    }
}
