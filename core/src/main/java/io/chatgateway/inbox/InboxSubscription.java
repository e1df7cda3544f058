package io.chatgateway.inbox;

import java.time.Duration;
import java.util.Optional;

/**
 * A running push-mode inbox ({@link Inbox#start(InboxHandler)}). Thread-safe.
 */
public interface InboxSubscription extends AutoCloseable {

    /**
     * Asks the inbox to stop: handlers already running finish, their conversations' checkpoints are
     * committed, leases are released; no further event is handed out. Returns at once; see
     * {@link #awaitTermination(Duration)}. Idempotent.
     */
    void stop();

    /**
     * @param timeout how long to wait
     * @return {@code true} when the inbox has stopped within the timeout
     * @throws InterruptedException when the waiting thread is interrupted
     */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /** @return whether the inbox is still running (not stopped and not failed) */
    boolean isRunning();

    /** @return the error that stopped the inbox, when one did (e.g. an incompatible checkpoint) */
    Optional<Throwable> failure();

    /** Stops and waits up to the handler timeout for the handlers to finish. Never throws. */
    @Override
    void close();
}
