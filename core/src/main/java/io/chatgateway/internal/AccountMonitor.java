package io.chatgateway.internal;

import io.chatgateway.events.AccountHealth;
import io.chatgateway.events.CircuitState;
import io.chatgateway.Operation;
import io.chatgateway.events.GatewayEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * One account's observability: turns what the resilience and the transport see into {@link GatewayEvent}s
 * (only when a listener is registered) and keeps what {@link #health} is computed from (always; a few volatile
 * writes per call). The inbox and outbox publish their events here too. Thread-safe.
 */
final class AccountMonitor {

    /**
     * Failure kinds that say something about the provider or the account rather than about one request. An open
     * circuit is not among them: the circuit's state speaks for itself, and refusals stay cheap.
     */
    private static final Set<String> ACCOUNT_FAILURES = Set.of("provider_unavailable", "rate_limited",
            "protocol", "delivery_uncertain", "authentication", "unexpected");
    private static final String AUTHENTICATION = "authentication";

    /** The last failure and whether a success came after it. */
    private record Failure(long atMillis, String kind, boolean recovered) { }

    private final String account;
    private final String provider;
    private final Telemetry telemetry;
    private final Clock clock;
    private volatile long lastSuccessMillis = Long.MIN_VALUE;
    private volatile Failure lastFailure;
    private volatile Duration inboxLag;

    AccountMonitor(String account, String provider, Telemetry telemetry, Clock clock) {
        this.account = account;
        this.provider = provider;
        this.telemetry = telemetry;
        this.clock = clock;
    }

    /** @return the account name */
    String account() {
        return account;
    }

    /** @return whether events are wanted (a listener is registered) */
    boolean detailed() {
        return telemetry.active();
    }

    /** @param event handed to the listeners, if any */
    void publish(GatewayEvent event) {
        if (telemetry.active()) {
            telemetry.publish(event);
        }
    }

    void callFinished(Operation operation, long startNanos, Throwable error, int attempts) {
        if (error == null) {
            lastSuccessMillis = clock.millis();
            Failure f = lastFailure;
            if (f != null && !f.recovered()) {
                lastFailure = new Failure(f.atMillis(), f.kind(), true);
            }
        } else {
            String kind = Telemetry.outcome(error);
            if (ACCOUNT_FAILURES.contains(kind)) {
                lastFailure = new Failure(clock.millis(), kind, false);
            }
        }
        if (telemetry.active()) {
            telemetry.publish(new GatewayEvent.CallFinished(account, provider, operation, Telemetry.outcome(error),
                    since(startNanos), attempts, clock.instant()));
        }
    }

    void httpFinished(Operation operation, String method, int status, long startNanos, Throwable error) {
        if (telemetry.active()) {
            telemetry.publish(new GatewayEvent.HttpRequestFinished(account, provider, operation, method, status,
                    Telemetry.outcome(error), since(startNanos), clock.instant()));
        }
    }

    void retryScheduled(Operation operation, int nextAttempt, long delayMillis, Throwable cause) {
        if (telemetry.active()) {
            telemetry.publish(new GatewayEvent.RetryScheduled(account, provider, operation, nextAttempt,
                    Duration.ofMillis(Math.max(0, delayMillis)), Telemetry.outcome(cause), clock.instant()));
        }
    }

    void rateLimitWaited(Operation operation, long waitNanos) {
        if (telemetry.active()) {
            telemetry.publish(new GatewayEvent.RateLimitWaited(account, provider, operation, Duration.ofNanos(waitNanos),
                    clock.instant()));
        }
    }

    void circuitChanged(CircuitState from, CircuitState to) {
        if (telemetry.active() && from != to) {
            telemetry.publish(new GatewayEvent.CircuitStateChanged(account, provider, from, to, clock.instant()));
        }
    }

    void reauthenticated(boolean succeeded) {
        if (telemetry.active()) {
            telemetry.publish(new GatewayEvent.Reauthenticated(account, provider, succeeded, clock.instant()));
        }
    }

    /** @param lag the inbox's current lag: kept for {@link #health} and published */
    void inboxLag(Duration lag) {
        inboxLag = lag;
        if (telemetry.active()) {
            telemetry.publish(new GatewayEvent.InboxLag(account, provider, lag, clock.instant()));
        }
    }

    /** @param events handled in one batch @param startNanos when its handling started ({@link System#nanoTime}) */
    void inboxBatchHandled(int events, long startNanos) {
        if (telemetry.active()) {
            telemetry.publish(new GatewayEvent.InboxBatchHandled(account, provider, events, since(startNanos),
                    clock.instant()));
        }
    }

    /** @param source inbox or outbox @param reason error kind of the last failure */
    void deadLettered(GatewayEvent.Source source, String reason) {
        if (telemetry.active()) {
            telemetry.publish(new GatewayEvent.DeadLettered(account, provider, source, reason, clock.instant()));
        }
    }

    /** @param pending the account's outbox entries waiting to be sent */
    void outboxPending(long pending) {
        if (telemetry.active()) {
            telemetry.publish(new GatewayEvent.OutboxPending(account, provider, pending, clock.instant()));
        }
    }

    /**
     * @param circuit the circuit breaker's state now
     * @return the account's health, by the rules documented on {@link AccountHealth}
     */
    AccountHealth health(CircuitState circuit) {
        long success = lastSuccessMillis;
        Failure failure = lastFailure;
        boolean failing = failure != null && !failure.recovered();
        boolean rejected = failing && AUTHENTICATION.equals(failure.kind());
        AccountHealth.Status status;
        String reason;
        if (circuit == CircuitState.OPEN) {
            status = AccountHealth.Status.DOWN;
            reason = "The circuit breaker is open after repeated failures; calls fail without reaching the provider.";
        } else if (rejected) {
            status = AccountHealth.Status.DOWN;
            reason = "The provider rejected the account's credentials and no call has succeeded since.";
        } else if (circuit == CircuitState.HALF_OPEN) {
            status = AccountHealth.Status.DEGRADED;
            reason = "The circuit breaker is half-open: trial calls decide whether the provider has recovered.";
        } else if (failing) {
            status = AccountHealth.Status.DEGRADED;
            reason = "The last call failed (" + failure.kind() + ") and none has succeeded since.";
        } else {
            status = AccountHealth.Status.UP;
            reason = success == Long.MIN_VALUE ? "No call has been made yet." : "The last call succeeded.";
        }
        return new AccountHealth(account, provider, status, reason, circuit,
                success == Long.MIN_VALUE ? null : Instant.ofEpochMilli(success),
                failure == null ? null : Instant.ofEpochMilli(failure.atMillis()),
                failure == null ? null : failure.kind(), rejected, inboxLag, clock.instant());
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(Math.max(0, System.nanoTime() - startNanos));
    }
}
