package io.chatgateway.spi;

import io.chatgateway.AuthenticationException;
import io.chatgateway.ChatGatewayException;
import io.chatgateway.ErrorDetails;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A credential shared by all calls of an account, with single-flight (re-)authentication: however many
 * callers find it missing or expired at once, one authentication runs and all of them wait for it.
 *
 * <p>{@link #call} runs a request with the current credential and, when the provider says the credential
 * expired, renews it once and replays the request once; a second expiry, or a failed renewal, fails with
 * {@link AuthenticationException}, so there is never a loop. A credential with a known expiry is renewed
 * ahead of it. Thread-safe.
 *
 * @param <T> the credential type (a token, a session with its expiry, ...)
 */
public final class SharedCredential<T> {

    /**
     * What the credential is and until when it is good.
     *
     * @param value     the credential
     * @param expiresAt when it stops being good, or {@code null} when unknown (renewed only on rejection)
     * @param <T>       the credential type
     */
    public record Lease<T>(T value, @Nullable Instant expiresAt) { }

    private final @Nullable Supplier<CompletableFuture<Lease<T>>> authenticator;
    private final Clock clock;
    private final Duration renewAhead;
    private final ErrorDetails details;
    private @Nullable CompletableFuture<Lease<T>> current;

    private SharedCredential(@Nullable Supplier<CompletableFuture<Lease<T>>> authenticator, @Nullable Lease<T> fixed, Clock clock,
                             Duration renewAhead, ErrorDetails details) {
        this.authenticator = authenticator;
        this.clock = clock;
        this.renewAhead = renewAhead;
        this.details = details;
        this.current = fixed == null ? null : CompletableFuture.completedFuture(fixed);
    }

    /**
     * @param authenticator obtains a fresh credential; called by one caller at a time
     * @param clock         the gateway clock
     * @param renewAhead    renew this long before a known expiry
     * @param details       account and provider, for errors
     * @param <T>           credential type
     * @return a credential obtained on first use
     */
    public static <T> SharedCredential<T> obtainedBy(Supplier<CompletableFuture<Lease<T>>> authenticator, Clock clock,
                                                     Duration renewAhead, ErrorDetails details) {
        return new SharedCredential<>(authenticator, null, clock, renewAhead, details);
    }

    /**
     * @param value   a credential that cannot be renewed (an API key, a static token)
     * @param details account and provider, for errors
     * @param <T>     credential type
     * @return a fixed credential; an expiry fails with {@link AuthenticationException} without replay
     */
    public static <T> SharedCredential<T> fixed(T value, ErrorDetails details) {
        return new SharedCredential<>(null, new Lease<>(value, null), Clock.systemUTC(), Duration.ZERO, details);
    }

    /** @return the current credential, authenticating first when there is none or it is about to expire */
    public synchronized CompletableFuture<T> get() {
        CompletableFuture<Lease<T>> c = current;
        if (c == null || failed(c) || expiringSoon(c)) {
            c = start();
        }
        return c.thenApply(Lease::value);
    }

    /**
     * Renews the credential unless someone already did since {@code stale} was handed out.
     *
     * @param stale the credential the provider rejected
     * @return the renewed credential
     */
    public synchronized CompletableFuture<T> renew(T stale) {
        if (authenticator == null) {
            return CompletableFuture.failedFuture(new AuthenticationException(
                    "The configured credential was rejected as expired or invalid; it cannot be renewed automatically.",
                    details));
        }
        CompletableFuture<Lease<T>> c = current;
        boolean stillStale = c == null || failed(c) || (c.isDone() && c.join().value().equals(stale));
        if (c == null || stillStale) {
            c = start();
            io.chatgateway.internal.CredentialRenewals.started(c);
        }
        return c.thenApply(Lease::value);
    }

    /**
     * Runs {@code request} with the credential; renews once and replays once when {@code expired} says
     * the provider rejected it.
     *
     * @param request the request, given the credential
     * @param expired recognises the provider's "credential expired" failure
     * @param <R>     result type
     * @return the result
     */
    public <R> CompletableFuture<R> call(Function<T, CompletableFuture<R>> request, Predicate<Throwable> expired) {
        T ready = ready();
        if (ready != null) {
            // the usual case: a good credential at hand, and often the answer too (a blocking call): no stages
            CompletableFuture<R> first;
            try {
                first = request.apply(ready);
            } catch (RuntimeException e) {
                first = CompletableFuture.failedFuture(e);
            }
            if (first.isDone() && !first.isCompletedExceptionally()) {
                return first;
            }
            return first.handle((result, error) -> afterFirst(request, expired, ready, result, error))
                    .thenCompose(Function.identity());
        }
        return get().thenCompose(credential -> request.apply(credential)
                .handle((result, error) -> afterFirst(request, expired, credential, result, error))
                .thenCompose(Function.identity()));
    }

    /** @return the current credential when it is there, good and not about to expire, else {@code null} */
    private synchronized @Nullable T ready() {
        if (current == null || !current.isDone() || failed(current) || expiringSoon(current)) {
            return null;
        }
        return current.join().value();
    }

    private <R> CompletableFuture<R> afterFirst(Function<T, CompletableFuture<R>> request, Predicate<Throwable> expired,
                                                T credential, R result, Throwable error) {
        if (error == null) {
            return CompletableFuture.completedFuture(result);
        }
        Throwable cause = Futures.unwrap(error);
        if (!expired.test(cause)) {
            return CompletableFuture.<R>failedFuture(cause);
        }
        return renew(credential).thenCompose(fresh -> request.apply(fresh)
                .handle((r2, e2) -> {
                    if (e2 == null) {
                        return CompletableFuture.completedFuture(r2);
                    }
                    Throwable c2 = Futures.unwrap(e2);
                    if (expired.test(c2)) {
                        return CompletableFuture.<R>failedFuture(new AuthenticationException(
                                "The provider rejected a freshly renewed credential; giving up instead of looping.",
                                c2 instanceof ChatGatewayException g ? g.details() : details, c2));
                    }
                    return CompletableFuture.<R>failedFuture(c2);
                }).thenCompose(Function.identity()));
    }

    /** Forgets the credential; the next call authenticates again. */
    public synchronized void invalidate() {
        if (authenticator != null) {
            current = null;
        }
    }

    /** @return the new attempt; for a fixed credential (never forgotten) the fixed one */
    private CompletableFuture<Lease<T>> start() {
        if (authenticator == null) {
            return java.util.Objects.requireNonNull(current, "a fixed credential is never forgotten");
        }
        CompletableFuture<Lease<T>> attempt;
        try {
            attempt = authenticator.get();
        } catch (RuntimeException e) {
            attempt = CompletableFuture.failedFuture(e);
        }
        current = attempt.handle((lease, error) -> {
            if (error == null) {
                return lease;
            }
            Throwable cause = Futures.unwrap(error);
            if (cause instanceof ChatGatewayException g) {
                throw g;
            }
            throw new AuthenticationException("Authentication failed: " + cause.getClass().getSimpleName() + ".", details, cause);
        });
        return current;
    }

    private boolean failed(CompletableFuture<Lease<T>> f) {
        return f.isCompletedExceptionally();
    }

    private boolean expiringSoon(CompletableFuture<Lease<T>> f) {
        if (!f.isDone() || f.isCompletedExceptionally()) {
            return false;
        }
        Instant expiry = f.join().expiresAt();
        return expiry != null && !clock.instant().plus(renewAhead).isBefore(expiry);
    }
}
