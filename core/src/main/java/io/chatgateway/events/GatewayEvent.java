package io.chatgateway.events;

import io.chatgateway.Operation;
import io.chatgateway.SendResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Something an operator may want to count, time or alert on. Every event names the account and provider it
 * is about and when it happened (the gateway clock). Values are bounded: no message text, conversation or
 * message ids, or secrets, so every component is safe as a metric tag or log field.
 *
 * <p>{@code outcome} components are {@link #SUCCESS} or the kind of the error in lower snake case, from the
 * {@link io.chatgateway.ChatGatewayException} type: {@code provider_unavailable}, {@code circuit_open},
 * {@code rate_limited}, {@code delivery_uncertain}, {@code protocol}, {@code authentication},
 * {@code permission_denied}, {@code not_found}, {@code conversation_unavailable}, {@code feature_unavailable},
 * {@code invalid_request}, {@code unsupported_capability}, ... and {@code unexpected} for anything that is not
 * a gateway exception.
 */
public sealed interface GatewayEvent {

    /** The {@code outcome} of what succeeded. */
    String SUCCESS = "success";

    /** @return the account name */
    String account();

    /** @return the provider id */
    String provider();

    /** @return when it happened, by the gateway clock */
    Instant at();

    /**
     * One gateway operation finished (all its provider requests, retries and re-authentication included).
     * Operations rejected before any provider call (bad input, unsupported capability) are not reported.
     *
     * @param account   account
     * @param provider  provider id
     * @param operation the operation
     * @param outcome   {@link #SUCCESS} or the error kind
     * @param duration  from the start of the operation to its end, bulkhead wait included
     * @param attempts  provider request attempts made for the operation (retries included) as far as the
     *                  gateway could attribute them to it; 0 when it failed before reaching the provider
     * @param at        when it finished
     */
    record CallFinished(String account, String provider, Operation operation, String outcome, Duration duration,
                        int attempts, Instant at) implements GatewayEvent {
        /** Validates. */
        public CallFinished {
            Checks.names(account, provider, at);
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(outcome, "outcome");
            Checks.notNegative(duration, "duration");
            if (attempts < 0) {
                throw new IllegalArgumentException("attempts must not be negative");
            }
        }

        /** @return whether the operation succeeded */
        public boolean succeeded() {
            return SUCCESS.equals(outcome);
        }
    }

    /**
     * One HTTP exchange with the provider finished (one attempt; a retried request reports each attempt).
     *
     * @param account   account
     * @param provider  provider id
     * @param operation the operation it belongs to
     * @param method    HTTP method
     * @param status    HTTP status of the answer, or 0 when there was none (connection failure, timeout)
     * @param outcome   {@link #SUCCESS} or the error kind the answer was decoded to
     * @param duration  from sending the request to the full answer
     * @param at        when it finished
     */
    record HttpRequestFinished(String account, String provider, Operation operation, String method, int status,
                               String outcome, Duration duration, Instant at) implements GatewayEvent {
        /** Validates. */
        public HttpRequestFinished {
            Checks.names(account, provider, at);
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(outcome, "outcome");
            Checks.notNegative(duration, "duration");
            if (status < 0 || status > 999) {
                throw new IllegalArgumentException("status must be 0 or an HTTP status");
            }
        }
    }

    /**
     * A failed provider request will be tried again after a wait.
     *
     * @param account     account
     * @param provider    provider id
     * @param operation   the operation
     * @param nextAttempt number of the attempt that will run (2 for the first retry)
     * @param delay       how long the gateway waits first (backoff or the provider's {@code Retry-After})
     * @param reason      error kind of the failure
     * @param at          when the retry was scheduled
     */
    record RetryScheduled(String account, String provider, Operation operation, int nextAttempt, Duration delay,
                          String reason, Instant at) implements GatewayEvent {
        /** Validates. */
        public RetryScheduled {
            Checks.names(account, provider, at);
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(reason, "reason");
            Checks.notNegative(delay, "delay");
            if (nextAttempt < 2) {
                throw new IllegalArgumentException("nextAttempt is at least 2");
            }
        }
    }

    /**
     * The account's circuit breaker changed state.
     *
     * @param account  account
     * @param provider provider id
     * @param from     the old state
     * @param to       the new state
     * @param at       when
     */
    record CircuitStateChanged(String account, String provider, CircuitState from, CircuitState to, Instant at)
            implements GatewayEvent {
        /** Validates. */
        public CircuitStateChanged {
            Checks.names(account, provider, at);
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }
    }

    /**
     * A provider request waited for a permit of the account's rate limiter.
     *
     * @param account   account
     * @param provider  provider id
     * @param operation the operation
     * @param waited    how long it waited
     * @param at        when the wait started
     */
    record RateLimitWaited(String account, String provider, Operation operation, Duration waited, Instant at)
            implements GatewayEvent {
        /** Validates. */
        public RateLimitWaited {
            Checks.names(account, provider, at);
            Objects.requireNonNull(operation, "operation");
            Checks.notNegative(waited, "waited");
        }
    }

    /**
     * The provider rejected the account's credential as expired and the gateway renewed it (or tried to).
     *
     * @param account   account
     * @param provider  provider id
     * @param succeeded whether the renewal got a new credential
     * @param at        when the renewal finished
     */
    record Reauthenticated(String account, String provider, boolean succeeded, Instant at) implements GatewayEvent {
        /** Validates. */
        public Reauthenticated {
            Checks.names(account, provider, at);
        }
    }

    /**
     * How far the account's inbox is behind the provider. Measured when the inbox reads a batch to hand over:
     * the age of the batch's oldest new message (by the provider's send time, so clock skew shows); zero when a
     * poll leaves nothing detected unhandled. Published per batch read and once per poll that catches up; also
     * shown as {@link AccountHealth#inboxLag()}.
     *
     * @param account  account
     * @param provider provider id
     * @param lag      the lag
     * @param at       when measured
     */
    record InboxLag(String account, String provider, Duration lag, Instant at) implements GatewayEvent {
        /** Validates. */
        public InboxLag {
            Checks.names(account, provider, at);
            Checks.notNegative(lag, "lag");
        }
    }

    /**
     * The inbox handed a batch of events to the application and committed its checkpoint: in push mode one
     * conversation's batch, handled one event at a time; in pull mode a committed
     * {@link io.chatgateway.inbox.InboxBatch}, reported once per account it holds.
     *
     * @param account  account
     * @param provider provider id
     * @param events   how many events were handled (a stop part-way through reports the handled ones)
     * @param duration how long handling and committing took (pull mode: from the poll's return to the commit)
     * @param at       when committed
     */
    record InboxBatchHandled(String account, String provider, int events, Duration duration, Instant at)
            implements GatewayEvent {
        /** Validates. */
        public InboxBatchHandled {
            Checks.names(account, provider, at);
            Checks.notNegative(duration, "duration");
            if (events < 0) {
                throw new IllegalArgumentException("events must not be negative");
            }
        }
    }

    /** Where a dead letter comes from. */
    enum Source {
        /** An inbox event the handler kept failing on. */
        INBOX,
        /** An outbox entry that could not be sent. */
        OUTBOX
    }

    /**
     * An inbox event or outbox entry was given up on: an inbox event the handler failed on every attempt (recorded
     * as a dead letter), or an outbox entry that ended FAILED or UNCERTAIN.
     *
     * @param account  account
     * @param provider provider id
     * @param source   inbox or outbox
     * @param reason   error kind of the last failure; for the inbox {@code handler_error} (the handler threw
     *                 something other than a gateway exception) or {@code handler_timeout}
     * @param at       when
     */
    record DeadLettered(String account, String provider, Source source, String reason, Instant at)
            implements GatewayEvent {
        /** Validates. */
        public DeadLettered {
            Checks.names(account, provider, at);
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * An uncertain send was settled by reading the conversation back (a send with reconcile options, or an
     * outbox entry). Replays of a recorded outcome are not reported again.
     *
     * @param account  account
     * @param provider provider id
     * @param result   what reconciling found: {@link SendResult.Reconciliation#FOUND}, {@link SendResult.Reconciliation#RESENT} or
     *                 {@link SendResult.Reconciliation#DUPLICATE_DETECTED}
     * @param at       when
     */
    record SendReconciled(String account, String provider, SendResult.Reconciliation result, Instant at)
            implements GatewayEvent {
        /** Validates. */
        public SendReconciled {
            Checks.names(account, provider, at);
            Objects.requireNonNull(result, "result");
            if (result == SendResult.Reconciliation.NONE) {
                throw new IllegalArgumentException("a reconciled send has a result other than NONE");
            }
        }
    }

    /**
     * How many outbox entries of the account wait to be sent (PENDING or SENDING), as the outbox store counts
     * them, across every worker sharing it. A running worker publishes it at most every few seconds, and
     * {@link io.chatgateway.outbox.Outbox#drain} when it returns.
     *
     * @param account  account
     * @param provider provider id
     * @param pending  the count
     * @param at       when counted
     */
    record OutboxPending(String account, String provider, long pending, Instant at) implements GatewayEvent {
        /** Validates. */
        public OutboxPending {
            Checks.names(account, provider, at);
            if (pending < 0) {
                throw new IllegalArgumentException("pending must not be negative");
            }
        }
    }
}
