package io.chatgateway.events;

import io.chatgateway.AuthenticationException;
import io.chatgateway.ChatGateway;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The health of one account, computed from what the gateway has seen ({@link ChatGateway#health()}); it makes
 * no call of its own.
 *
 * <p>Rules, first match wins:
 * <ol>
 *   <li>{@link Status#DOWN}: the circuit breaker is open, or the last provider failure was the credentials being
 *       rejected ({@link AuthenticationException}) and no call has succeeded since;</li>
 *   <li>{@link Status#DEGRADED}: the circuit breaker is half-open, or the last provider failure (provider
 *       unavailable, rate limited, protocol error, uncertain delivery) is newer than the last success;</li>
 *   <li>{@link Status#UP}: otherwise, including before the first call.</li>
 * </ol>
 * Errors that are the caller's (bad input, not found, permission denied on one conversation) do not count as
 * failures of the account.
 *
 * @param account             account name
 * @param provider            provider id
 * @param status              UP, DEGRADED or DOWN
 * @param reason              one sentence saying why
 * @param circuit             the circuit breaker's state
 * @param lastSuccess         when a call last succeeded, or {@code null} when none has yet
 * @param lastFailure         when a call last failed for a reason of the provider's or the account's
 * @param lastFailureKind     that failure's error kind (as in {@link io.chatgateway.events.GatewayEvent})
 * @param credentialsRejected whether the last failure was a rejected credential with no success since
 * @param inboxLag            how far the account's inbox is behind, or {@code null} when no inbox measured it
 * @param checkedAt           when this was computed
 */
public record AccountHealth(String account, String provider, Status status, String reason, CircuitState circuit,
                            @Nullable Instant lastSuccess, @Nullable Instant lastFailure, @Nullable String lastFailureKind,
                            boolean credentialsRejected, @Nullable Duration inboxLag, Instant checkedAt) {

    /** Overall state of an account. */
    public enum Status {
        /** Working. */
        UP,
        /** Working with trouble: recent failures, or the circuit breaker is testing recovery. */
        DEGRADED,
        /** Not working: calls fail at once or the credentials are rejected. */
        DOWN
    }

    /** Validates. */
    public AccountHealth {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(circuit, "circuit");
        Objects.requireNonNull(checkedAt, "checkedAt");
        if ((lastFailure == null) != (lastFailureKind == null)) {
            throw new IllegalArgumentException("lastFailure and lastFailureKind go together");
        }
        if (inboxLag != null && inboxLag.isNegative()) {
            throw new IllegalArgumentException("inboxLag must not be negative");
        }
    }
}
