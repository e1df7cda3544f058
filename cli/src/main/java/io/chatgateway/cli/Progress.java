package io.chatgateway.cli;

import java.io.PrintWriter;

/**
 * A one-line progress indicator on stderr, shown only when stderr is a terminal and only once an
 * operation has run for a moment; otherwise it prints nothing at all.
 */
final class Progress implements AutoCloseable {

    private static final long SHOW_AFTER_NANOS = 300_000_000L;
    private static final long EVERY_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private final long showAfterNanos;
    private final long started = System.nanoTime();
    private long lastShown;
    private int lastLength;

    Progress(Context context) {
        this(context, SHOW_AFTER_NANOS);
    }

    Progress(Context context, long showAfterNanos) {
        this.err = context.err;
        this.enabled = context.interactive;
        this.showAfterNanos = showAfterNanos;
    }

    /** @param text what is happening, e.g. {@code fetched 2048 messages} */
    void update(String text) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - started < showAfterNanos || (lastLength > 0 && now - lastShown < EVERY_NANOS)) {
            return;
        }
        lastShown = now;
        String line = text + " …";
        err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        err.flush();
        lastLength = line.length();
    }

    /** Clears the line, if anything was shown. */
    @Override
    public void close() {
        if (enabled && lastLength > 0) {
            err.print("\r" + " ".repeat(lastLength) + "\r");
            err.flush();
            lastLength = 0;
        }
    }
}
