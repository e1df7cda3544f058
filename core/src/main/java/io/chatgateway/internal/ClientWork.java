package io.chatgateway.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor of the HTTP client the gateway makes for an account ({@link JdkProviderHttp#newClient}): what the
 * JDK client's selector thread hands on for an exchange (read and decrypt the answer, a TLS handshake step, complete
 * the exchange) runs on the selector thread itself while the account has few exchanges in flight — no pool thread
 * to wake, and the selector thread needs no wake-up to hear back from it — and on the gateway's pool while many are,
 * so that a burst of new connections is not handshaken one after the other on one thread. Thread-safe.
 */
final class ClientWork implements Executor {

    /** Exchanges in flight up to which the client's work runs inline: one per CPU, at least two. */
    static final int INLINE_UP_TO = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final Executor pool;
    private final int inlineUpTo;
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * @param pool       where the work goes while many exchanges are in flight
     * @param inlineUpTo exchanges in flight up to which the work runs inline
     */
    ClientWork(Executor pool, int inlineUpTo) {
        this.pool = pool;
        this.inlineUpTo = inlineUpTo;
    }

    @Override
    public void execute(Runnable task) {
        if (inFlight.get() <= inlineUpTo) {
            task.run();
            return;
        }
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            task.run(); // the gateway closed its pool: the client still finishes what it has
        }
    }

    /** An exchange on this client starts. */
    void started() {
        inFlight.incrementAndGet();
    }

    /** An exchange on this client ended (answered, failed or given up). */
    void ended() {
        inFlight.decrementAndGet();
    }
}
