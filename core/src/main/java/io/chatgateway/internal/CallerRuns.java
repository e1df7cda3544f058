package io.chatgateway.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Lets a blocking gateway call do its first HTTP exchange on the caller's own thread: the caller waits
 * anyway, so handing the exchange to a pool thread and back only adds two thread switches. Set only
 * around single-account, single-request operations; never around broadcasts or other fan-outs, whose
 * exchanges must overlap. Retries run after an asynchronous wait, on other threads, without it.
 */
public final class CallerRuns {

    /** Per thread: how deep in {@link #join} it is; a holder kept for the thread's life, so no entry per call. */
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private CallerRuns() {}

    /** @return whether the current thread is inside {@link #join} */
    static boolean active() {
        return DEPTH.get()[0] > 0;
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
        int[] depth = DEPTH.get();
        depth[0]++;
        try {
            future = call.get();
        } finally {
            depth[0]--;
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
