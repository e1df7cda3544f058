package io.chatgateway.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Small helpers for the {@link CompletableFuture}s adapters return, so each adapter does not re-write them.
 *
 * <p>Stateless and thread-safe.
 */
public final class Futures {

    private Futures() {}

    /**
     * @param error a failure as a future reports it
     * @return the cause inside any {@link CompletionException} or {@link ExecutionException} wrappers
     */
    public static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * Runs {@code body}, turning an exception it throws (a validation failure before any request) into a
     * failed future, so callers see one failure channel.
     *
     * @param body code returning a future
     * @param <T>  result type
     * @return the body's future, or a failed one
     */
    public static <T> CompletableFuture<T> guard(Supplier<CompletableFuture<T>> body) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Runs {@code step} for each input, one after another (never two at once), and collects the results in
     * order. Stops at the first failure: later inputs are not started, earlier ones are not repeated.
     *
     * @param inputs the inputs, in order
     * @param step   the asynchronous step
     * @param <I>    input type
     * @param <O>    output type
     * @return the outputs, in input order
     */
    public static <I, O> CompletableFuture<List<O>> sequence(Collection<? extends I> inputs,
                                                             Function<? super I, CompletableFuture<O>> step) {
        CompletableFuture<List<O>> chain = CompletableFuture.completedFuture(new ArrayList<>(inputs.size()));
        for (I input : inputs) {
            chain = chain.thenCompose(acc -> guard(() -> step.apply(input)).thenApply(o -> {
                acc.add(o);
                return acc;
            }));
        }
        return chain;
    }

    /**
     * Like {@link #sequence} for steps without a result.
     *
     * @param inputs the inputs, in order
     * @param step   the asynchronous step
     * @param <I>    input type
     * @return completes when every step did, or fails with the first failure (later steps not started)
     */
    public static <I> CompletableFuture<Void> forEach(Collection<? extends I> inputs,
                                                      Function<? super I, ? extends CompletableFuture<?>> step) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (I input : inputs) {
            chain = chain.thenCompose(v -> Futures.<Object>guard(() -> step.apply(input).thenApply(x -> x))
                    .thenApply(x -> null));
        }
        return chain;
    }
}
