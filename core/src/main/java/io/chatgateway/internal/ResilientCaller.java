package io.chatgateway.internal;

import io.chatgateway.ChatGatewayException;
import io.chatgateway.events.CircuitState;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.ErrorDetails;
import io.chatgateway.Operation;
import io.chatgateway.ProtocolException;
import io.chatgateway.ProviderUnavailableException;
import io.chatgateway.RateLimitedException;
import io.chatgateway.ResiliencePolicy;
import io.chatgateway.Sleeper;
import io.chatgateway.spi.Futures;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account's resilience, with resilience4j, at two levels:
 *
 * <ul>
 *   <li>{@link #call}: one gateway operation (an adapter call, which may be many provider requests) is refused
 *       at once, before any adapter code runs, while the circuit is open, and otherwise takes a bulkhead slot
 *       for its whole run;</li>
 *   <li>{@link #request}: one provider request (every HTTP exchange, through the transport) takes a rate-limiter
 *       permit, is recorded by the circuit breaker, and alone is retried, with the retry's backoff or the
 *       provider's {@code Retry-After} waited through the injectable {@link Sleeper}. A multi-request operation
 *       therefore never repeats a request that already succeeded, and the account's rate limit counts requests,
 *       not operations.</li>
 * </ul>
 *
 * <p>Retries only retryable errors, never beyond the policy's attempts, the retry budget, or a
 * {@code Retry-After} longer than the cap. Sends need no special case here: the transport and decoders
 * turn every outcome that may have reached the provider into the non-retryable
 * {@link DeliveryUncertainException}. Thread-safe.
 */
final class ResilientCaller {

    private static final Logger RETRY_LOG = LoggerFactory.getLogger("io.chatgateway.retry");

    private final ErrorDetails details;
    private final ResiliencePolicy policy;
    private final Sleeper sleeper;
    private final Retry retry;
    private final CircuitBreaker circuitBreaker;
    private final RateLimiter rateLimiter;
    private final Bulkhead bulkhead;
    private final RetryBudget budget;
    private final int ratePerSecond;
    private final AccountMonitor monitor;

    ResilientCaller(String account, String provider, ResiliencePolicy policy, int providerRatePerSecond,
                    Clock clock, Sleeper sleeper, AccountMonitor monitor) {
        this.details = ErrorDetails.of(account, provider, null);
        this.monitor = monitor;
        this.policy = policy;
        this.sleeper = sleeper;
        String name = provider + ":" + account;
        // the tags resilience4j's Micrometer binders add to their meters, as the gateway's own meters have them
        java.util.Map<String, String> tags = java.util.Map.of("account", account, "provider", provider);
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(policy.initialBackoff(),
                policy.backoffMultiplier(), policy.jitter(), policy.maxBackoff());
        IntervalBiFunction<Object> interval = (attempt, outcome) -> {
            if (outcome.isLeft() && outcome.getLeft() instanceof RateLimitedException r && r.retryAfter().isPresent()) {
                return r.retryAfter().get().toMillis();
            }
            return backoff.apply(attempt);
        };
        this.retry = Retry.of(name, RetryConfig.custom()
                .maxAttempts(policy.maxAttempts())
                .intervalBiFunction(interval)
                .retryOnException(this::isRetryable)
                .failAfterMaxAttempts(false)
                .build(), tags);
        this.circuitBreaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .failureRateThreshold(policy.failureRateThreshold())
                .slidingWindowSize(policy.slidingWindowSize())
                .minimumNumberOfCalls(policy.minimumCalls())
                .waitDurationInOpenState(policy.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(ResilientCaller::isInfrastructureFailure)
                .clock(clock)
                .build(), tags);
        int rate = policy.ratePerSecond() > 0 ? policy.ratePerSecond() : providerRatePerSecond;
        this.ratePerSecond = rate;
        this.rateLimiter = RateLimiter.of(name, RateLimiterConfig.custom()
                .limitForPeriod(rate)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(policy.rateLimitTimeout())
                .build(), tags);
        this.bulkhead = Bulkhead.of(name, BulkheadConfig.custom()
                .maxConcurrentCalls(policy.maxConcurrentCalls())
                .maxWaitDuration(policy.maxConcurrencyWait())
                .build(), tags);
        this.budget = new RetryBudget(policy.retryBudgetTokens(), policy.retryBudgetRatio());
        if (monitor.detailed()) {
            circuitBreaker.getEventPublisher().onStateTransition(e -> monitor.circuitChanged(
                    state(e.getStateTransition().getFromState()), state(e.getStateTransition().getToState())));
        }
    }

    /** @return the account's effective request rate limit per second (policy, else the provider's default) */
    int ratePerSecond() {
        return ratePerSecond;
    }

    CircuitBreaker circuitBreaker() {
        return circuitBreaker;
    }

    Retry retry() {
        return retry;
    }

    RateLimiter rateLimiter() {
        return rateLimiter;
    }

    Bulkhead bulkhead() {
        return bulkhead;
    }

    AccountMonitor monitor() {
        return monitor;
    }

    /** @return the account's health from what the monitor saw and the circuit breaker's state */
    io.chatgateway.events.AccountHealth health() {
        return monitor.health(state(circuitBreaker.getState()));
    }

    private static CircuitState state(CircuitBreaker.State s) {
        return switch (s) {
            case OPEN, FORCED_OPEN -> CircuitState.OPEN;
            case HALF_OPEN -> CircuitState.HALF_OPEN;
            default -> CircuitState.CLOSED;
        };
    }

    /**
     * Runs one gateway operation in a bulkhead slot. Retries, rate limiting and the circuit breaker apply to
     * each provider request inside it ({@link #request}).
     *
     * @param operation gateway operation, for errors and logs
     * @param body      the adapter call
     * @param <T>       result type
     * @return the adapter call's result
     */
    <T> CompletableFuture<T> call(Operation operation, Supplier<CompletableFuture<T>> body) {
        long start = System.nanoTime();
        if (!circuitAdmits()) {
            CircuitOpenException open = circuitOpen(operation);
            monitor.callFinished(operation, start, open, 0);
            return CompletableFuture.failedFuture(open);
        }
        try {
            if (!bulkhead.tryAcquirePermission()) {
                bulkhead.acquirePermission();
            }
        } catch (RuntimeException full) {
            ProviderUnavailableException busy = new ProviderUnavailableException("More than "
                    + policy.maxConcurrentCalls() + " calls are in flight on " + where(operation)
                    + " and no slot freed up within " + policy.maxConcurrencyWait() + ".", details.withOperation(operation));
            monitor.callFinished(operation, start, busy, 0);
            return CompletableFuture.failedFuture(busy);
        }
        // counts the operation's request attempts, only for listeners (CallFinished.attempts)
        CallScope attempts = monitor.detailed() ? new CallScope(monitor) : null;
        CallContext.Frame frame = CallContext.enter(details.account(), details.provider(), operation, attempts);
        CompletableFuture<T> running;
        try {
            running = invoke(body);
        } finally {
            CallContext.exit(frame);
        }
        if (running.isDone() && !running.isCompletedExceptionally()) {
            // done on the caller's thread (a blocking call): no continuation and no result future to allocate
            monitor.callFinished(operation, start, null, attempts == null ? 0 : attempts.get());
            bulkhead.onComplete();
            return running;
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        running.whenComplete((value, error) -> {
            bulkhead.onComplete();
            Throwable cause = error == null ? null : Futures.unwrap(error);
            monitor.callFinished(operation, start, cause, attempts == null ? 0 : attempts.get());
            if (cause == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(cause);
            }
        });
        return result;
    }

    /**
     * Runs one provider request: circuit breaker, rate-limiter permit, and retries of this request alone.
     *
     * @param operation gateway operation, for errors and logs
     * @param attempt   one attempt of the request
     * @param <T>       result type
     * @return the result of the first successful attempt, or the last typed failure
     */
    <T> CompletableFuture<T> request(Operation operation, Supplier<CompletableFuture<T>> attempt) {
        // the retry context is made at the first failure: a request that succeeds at once needs none
        return attempt(operation, attempt, null, 1, monitor.detailed() ? CallContext.scope() : null, null);
    }

    /**
     * @param context  the request's retry context, or {@code null} until an attempt failed
     * @param attempts the operation's attempt counter, or {@code null} when nobody counts
     * @param result   the request's result on a retry; {@code null} on the first attempt, which makes it only when
     *                 needed: an attempt answered at once (a blocking exchange on the caller's thread) returns the
     *                 adapter's future itself, with no gate, continuation or result future allocated
     * @return the request's result
     */
    private <T> CompletableFuture<T> attempt(Operation operation, Supplier<CompletableFuture<T>> attempt,
                                             Retry.AsyncContext<T> context, int number, CallScope attempts,
                                             CompletableFuture<T> result) {
        if (!circuitBreaker.tryAcquirePermission()) {
            return fail(result, circuitOpen(operation));
        }
        long waitNanos = rateLimiter.reservePermission();
        if (waitNanos < 0) {
            circuitBreaker.releasePermission();
            return fail(result, new RateLimitedException("The rate limit of " + where(operation)
                    + " would make this call wait longer than " + policy.rateLimitTimeout() + ".",
                    details.withOperation(operation), null));
        }
        if (waitNanos == 0 && result == null) {
            long started = System.nanoTime();
            if (attempts != null) {
                attempts.incrementAndGet();
            }
            CompletableFuture<T> f;
            CallContext.Frame frame = CallContext.enter(details.account(), details.provider(), operation, attempts);
            try {
                f = invoke(attempt);
            } finally {
                CallContext.exit(frame);
            }
            if (f.isDone() && !f.isCompletedExceptionally()) {
                circuitBreaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                budget.onSuccess();
                if (context != null) {
                    context.onComplete();
                }
                return f;
            }
            CompletableFuture<T> out = new CompletableFuture<>();
            f.whenComplete((value, error) -> {
                CallContext.Frame resumed = CallContext.enter(details.account(), details.provider(), operation, attempts);
                try {
                    finish(operation, attempt, context, number, attempts, out, System.nanoTime() - started, value, error);
                } finally {
                    CallContext.exit(resumed);
                }
            });
            return out;
        }
        CompletableFuture<T> out = result != null ? result : new CompletableFuture<>();
        if (waitNanos > 0) {
            monitor.rateLimitWaited(operation, waitNanos);
        }
        CompletableFuture<Void> gate = waitNanos == 0 ? CompletableFuture.completedFuture(null)
                : sleeper.sleep(Duration.ofNanos(waitNanos));
        long[] started = new long[1];
        gate.thenCompose(ignored -> {
            started[0] = System.nanoTime();
            if (attempts != null) {
                attempts.incrementAndGet();
            }
            CallContext.Frame frame = CallContext.enter(details.account(), details.provider(), operation, attempts);
            try {
                return invoke(attempt);
            } finally {
                CallContext.exit(frame);
            }
        }).whenComplete((value, error) -> {
            // the adapter's continuation (maybe its next request) and the retry log run in this call's context
            CallContext.Frame frame = CallContext.enter(details.account(), details.provider(), operation, attempts);
            try {
                finish(operation, attempt, context, number, attempts, out, System.nanoTime() - started[0], value, error);
            } finally {
                CallContext.exit(frame);
            }
        });
        return out;
    }

    private static <T> CompletableFuture<T> fail(CompletableFuture<T> result, Throwable error) {
        if (result == null) {
            return CompletableFuture.failedFuture(error);
        }
        result.completeExceptionally(error);
        return result;
    }

    /**
     * The operation-level look at the breaker: whether it would let a request through now. Takes no permit
     * (a permit taken to move an open breaker whose wait is over to half-open is given back at once, so the
     * operation's first request is the probe); every request still asks the breaker itself.
     */
    private boolean circuitAdmits() {
        CircuitBreaker.State state = circuitBreaker.getState();
        if (state == CircuitBreaker.State.CLOSED || state == CircuitBreaker.State.DISABLED
                || state == CircuitBreaker.State.METRICS_ONLY) {
            return true;
        }
        if (!circuitBreaker.tryAcquirePermission()) {
            return false;
        }
        circuitBreaker.releasePermission();
        return true;
    }

    private CircuitOpenException circuitOpen(Operation operation) {
        return new CircuitOpenException("The circuit breaker of " + where(operation)
                + " is open after repeated failures; not calling the provider until it has had "
                + policy.waitInOpenState() + " to recover.", details.withOperation(operation));
    }

    private <T> void finish(Operation operation, Supplier<CompletableFuture<T>> attempt, Retry.AsyncContext<T> context,
                            int number, CallScope attempts, CompletableFuture<T> result, long elapsed,
                            T value, Throwable error) {
        if (error == null) {
            circuitBreaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
            budget.onSuccess();
            if (context != null) {
                context.onComplete();
            }
            result.complete(value);
            return;
        }
        Throwable cause = Futures.unwrap(error);
        circuitBreaker.onError(elapsed, TimeUnit.NANOSECONDS, cause);
        if (cause instanceof ChatGatewayException g && g.isRetryable()) {
            // only failures a retry could help drain the budget (as in gRPC retry throttling)
            budget.onFailure();
        }
        Retry.AsyncContext<T> retrying = context != null ? context : retry.asyncContext();
        long delay = retrying.onError(cause);
        if (delay < 0 || !budget.allowsRetry()) {
            result.completeExceptionally(cause);
            return;
        }
        monitor.retryScheduled(operation, number + 1, delay, cause);
        RETRY_LOG.info("Retrying {} in {} ms (attempt {} of {}) after: {}", where(operation), delay,
                number + 1, policy.maxAttempts(), cause.getMessage());
        sleeper.sleep(Duration.ofMillis(delay))
                .whenComplete((v, e) -> attempt(operation, attempt, retrying, number + 1, attempts, result));
    }

    private boolean isRetryable(Throwable t) {
        if (!(t instanceof ChatGatewayException e) || !e.isRetryable() || e instanceof CircuitOpenException) {
            return false;
        }
        if (e instanceof RateLimitedException r && r.retryAfter().isPresent()) {
            return r.retryAfter().get().compareTo(policy.maxRetryAfter()) <= 0;
        }
        return true;
    }

    private static boolean isInfrastructureFailure(Throwable t) {
        return t instanceof ProviderUnavailableException && !(t instanceof CircuitOpenException)
                || t instanceof ProtocolException || t instanceof DeliveryUncertainException;
    }

    private String where(Operation operation) {
        return details.provider() + " account '" + details.account() + "'" + (operation == null ? "" : " (" + operation + ")");
    }

    private static <T> CompletableFuture<T> invoke(Supplier<CompletableFuture<T>> attempt) {
        try {
            CompletableFuture<T> f = attempt.get();
            return f == null ? CompletableFuture.failedFuture(new NullPointerException("adapter returned null")) : f;
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
