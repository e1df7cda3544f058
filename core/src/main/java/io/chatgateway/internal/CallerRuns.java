package io.chatgateway.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Lets a blocking gateway call do its first HTTP exchange on the caller's own thread: the caller waits
 * anyway, so handing the exchange to a pool thread and back only adds two thread switches. Set only
 * around single-account, single-request operations; never around broadcasts or other fan-outs, whose
 * exchanges must overlap. Retries run after an asynchronous wait, on other threads, without it.
 *
 * <p>The asynchronous API ({@link #async}) hands its first exchange to the gateway's pool on ≤ 2 CPUs (see
 * {@code JdkProviderHttp}), as the last thing before it returns; when the caller then waits for the result
 * ({@code join()} or {@code get()} of the returned future) before a pool thread took the exchange, the waiting
 * thread runs it itself: the same single wake-up of the caller per call as the blocking API instead of a hand-off
 * to a pool thread and back (the pool thread still wakes, and finds nothing to do).
 */
public final class CallerRuns {

    /** Per thread; a holder kept for the thread's life, so no entry per call. */
    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    /** One thread's state. */
    private static final class State {
        /** How deep in {@link #join} the thread is. */
        int depth;
        /** Whether the thread is inside {@link #async}, which takes the first pool task it hands off. */
        boolean capturing;
        /** The first pool task handed off inside {@link #async}, or {@code null}. */
        @Nullable Claim claim;
    }

    /** A pool task that runs once: on the pool thread, or on a thread that waits for its result first. */
    static final class Claim extends AtomicBoolean implements Runnable {
        private static final long serialVersionUID = 1L;
        private final transient Runnable task;
        private final transient Executor pool;
        private final transient Runnable rejected;

        Claim(Runnable task, Executor pool, Runnable rejected) {
            this.task = task;
            this.pool = pool;
            this.rejected = rejected;
        }

        @Override
        public void run() {
            if (compareAndSet(false, true)) {
                task.run();
            }
        }

        /** Hands the task to the pool; if the pool refuses it (closed) and no one ran it, runs {@code rejected}. */
        void handOff() {
            try {
                pool.execute(this);
            } catch (RejectedExecutionException e) {
                if (compareAndSet(false, true)) {
                    rejected.run();
                }
            }
        }
    }

    /** The result of an asynchronous call whose first exchange a thread waiting for it may run itself. */
    static final class Joinable<T> extends CompletableFuture<T> {
        private volatile @Nullable Claim claim;

        Joinable(@Nullable Claim claim) {
            this.claim = claim;
        }

        /**
         * Runs the pending exchange on this thread unless a pool thread took it already (or this thread was
         * interrupted: the exchange would fail at once, and join() itself ignores interrupts).
         */
        private void help() {
            Claim c = claim;
            if (c != null && !isDone() && !Thread.currentThread().isInterrupted()) {
                c.run();
            }
        }

        @Override
        public T join() {
            help();
            return super.join();
        }

        @Override
        public T get() throws InterruptedException, ExecutionException {
            help();
            return super.get();
        }

        // get(timeout) never helps: the exchange could outlast the caller's timeout

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new Joinable<>(claim); // a dependent stage's join() helps too
        }

        void finish(@Nullable T value, @Nullable Throwable error) {
            claim = null; // done: keep no exchange reachable from the caller's future
            if (error == null) {
                complete(value);
            } else {
                completeExceptionally(error);
            }
        }
    }

    private CallerRuns() {}

    /** @return whether the current thread is inside {@link #join} */
    static boolean active() {
        return STATE.get().depth > 0;
    }

    /**
     * Hands an exchange to the gateway's pool. Inside {@link #async}, the first one is handed over only when the
     * asynchronous call returns its future, as late as possible, and a thread that waits for that future's result
     * first runs the exchange itself ({@link Claim}); every other one is handed over at once.
     *
     * @param pool     the gateway's pool
     * @param task     the exchange (blocking)
     * @param rejected what to do instead when the pool refuses the task (the gateway is closed)
     */
    static void handOff(Executor pool, Runnable task, Runnable rejected) {
        State state = STATE.get();
        if (state.capturing && state.claim == null) {
            state.claim = new Claim(task, pool, rejected);
            return;
        }
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) {
            rejected.run();
        }
    }

    /**
     * Runs an asynchronous gateway call (the API's {@code ...Async} methods). Not part of the API.
     *
     * @param call the asynchronous operation
     * @param <T>  result type
     * @return its result; when the call handed an exchange to the gateway's pool, a future whose {@code join()}
     *         and {@code get()} run that exchange on the waiting thread if no pool thread took it yet
     */
    public static <T> CompletableFuture<T> async(Supplier<CompletableFuture<T>> call) {
        State state = STATE.get();
        if (state.depth > 0 || state.capturing) {
            return call.get(); // in a blocking call (exchanges run on this thread) or an enclosing async call
        }
        CompletableFuture<T> future;
        Claim claim;
        state.capturing = true;
        try {
            future = call.get();
        } catch (RuntimeException | Error e) {
            Claim pending = state.claim;
            if (pending != null) {
                pending.handOff(); // an exchange in flight always runs (or fails), whatever the caller saw
            }
            throw e;
        } finally {
            claim = state.claim;
            state.claim = null;
            state.capturing = false;
        }
        if (claim == null) {
            return future;
        }
        if (future.isDone()) {
            claim.handOff();
            return future;
        }
        Joinable<T> result = new Joinable<>(claim);
        future.whenComplete(result::finish);
        // last: a caller that joins at once finds the exchange still unclaimed more often than not
        claim.handOff();
        return result;
    }

    /**
     * Runs a blocking call (the gateway's blocking operations, {@code Page.next()}) with its first exchange on
     * this thread, and waits for its result. Not part of the API: public only for {@code io.chatgateway.Page}.
     *
     * @param call the asynchronous operation
     * @param <T>  result type
     * @return its result, with exchanges started synchronously by it run on this thread
     */
    public static <T> T join(Supplier<CompletableFuture<T>> call) {
        CompletableFuture<T> future;
        State state = STATE.get();
        state.depth++;
        try {
            future = call.get();
        } finally {
            state.depth--;
        }
        if (future.isCompletedExceptionally()) {
            // already failed (refused before any exchange): rethrow without join's extra CompletionException
            throw rethrowable(future.handle((value, error) -> error).join());
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            throw rethrowable(e);
        }
    }

    private static RuntimeException rethrowable(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof RuntimeException r ? r : new CompletionException(cause);
    }
}
