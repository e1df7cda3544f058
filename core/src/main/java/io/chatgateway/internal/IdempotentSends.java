package io.chatgateway.internal;

import io.chatgateway.ConversationRef;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.Operation;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.ResiliencePolicy;
import io.chatgateway.SendResult;
import io.chatgateway.Sleeper;
import io.chatgateway.spi.Futures;
import io.chatgateway.store.IdempotencyRecord;
import io.chatgateway.store.IdempotencyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends with an idempotency key through an {@link IdempotencyStore}: the key is reserved before sending; a
 * repeat gets the first outcome (waiting for it while the first send is in flight, here or in another process)
 * and sends nothing; a different message under a used key is refused; a send that provably never reached the
 * provider frees the key; an uncertain one keeps it. Thread-safe.
 */
final class IdempotentSends {

    private static final Logger LOG = LoggerFactory.getLogger(IdempotentSends.class);
    /** First and longest pause between two looks at a reservation held by another process. */
    static final Duration FIRST_POLL = Duration.ofMillis(50);
    static final Duration MAX_POLL = Duration.ofSeconds(1);
    /** How often expired records are purged at most. */
    static final Duration PURGE_EVERY = Duration.ofMinutes(10);
    /** Slack on top of the longest a send can take before its reservation counts as abandoned. */
    static final Duration ABANDON_MARGIN = Duration.ofSeconds(30);

    private final IdempotencyStore store;
    private final Duration window;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Executor executor;
    /** Sends of this gateway in flight, by account and key: waiters here need not poll the store. */
    private final ConcurrentHashMap<String, CompletableFuture<SendResult>> inFlight = new ConcurrentHashMap<>();
    /** Waits of this gateway for a key reserved elsewhere, by account and key: later sends of the key join them. */
    private final ConcurrentHashMap<String, CompletableFuture<SendResult>> waiters = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> nextPurge = new AtomicReference<>(Instant.MIN);

    IdempotentSends(IdempotencyStore store, Duration window, Clock clock, Sleeper sleeper, Executor executor) {
        this.store = store;
        this.window = window;
        this.clock = clock;
        this.sleeper = sleeper;
        this.executor = executor;
    }

    /**
     * @param a       the sending account
     * @param to      the recipient
     * @param message the message; without an idempotency key it is simply sent
     * @param send    sends it once
     * @param settle  reconciles an earlier send under the key whose outcome is uncertain or was never recorded
     *                (from its reservation time), or {@code null} to report such a send as uncertain
     * @param handOver when not {@code null}, takes the completed reservation (SENT or UNCERTAIN) instead of this
     *                 class writing it to the store, before the returned future completes: the caller writes it
     *                 together with its own record (the outbox: with the entry's outcome, in one transaction)
     * @param reserved the key's reservation made ahead of this call (the outbox reserves with its claim), or
     *                 {@code null} to reserve it here
     * @return the outcome: the send's own, or the first one's replayed
     */
    CompletableFuture<SendResult> run(AccountRuntime a, ConversationRef to, OutgoingMessage message,
                                      Supplier<CompletableFuture<SendResult>> send, Settle settle,
                                      @Nullable Consumer<IdempotencyRecord> handOver, @Nullable Reserved reserved) {
        String key = message.idempotencyKey();
        if (key == null || window.isZero()) {
            return send.get();
        }
        return reserveAndSend(a, to, message, send, settle, handOver, reserved, true);
    }

    /**
     * @param to      the recipient
     * @param message the message
     * @param now     the reservation time
     * @return a new reservation of the message's key, or {@code null} when it has none or keys are off
     */
    @Nullable IdempotencyRecord reservation(ConversationRef to, OutgoingMessage message, Instant now) {
        String key = message.idempotencyKey();
        if (key == null || window.isZero()) {
            return null;
        }
        return reservation(to, key, Fingerprints.of(to, message), now);
    }

    private IdempotencyRecord reservation(ConversationRef to, String key, String fingerprint, Instant now) {
        return IdempotencyRecord.reservation(to.account(), key, fingerprint, UUID.randomUUID().toString(), now,
                now.plus(window));
    }

    /**
     * A key reserved ahead of its send: the reservation made and the record the store answered (the reservation
     * itself when it took the key). {@link #used} tells the reserver whether the send took it over (else it
     * frees the key itself).
     */
    static final class Reserved {
        final IdempotencyRecord mine;
        final IdempotencyRecord held;
        volatile boolean used;

        Reserved(IdempotencyRecord mine, IdempotencyRecord held) {
            this.mine = mine;
            this.held = held;
        }

        /** @return whether the reservation took the key */
        boolean taken() {
            return held.owner().equals(mine.owner());
        }
    }

    /** @return whether keyed sends are made idempotent (a zero window turns it off) */
    boolean active() {
        return !window.isZero();
    }

    /** @return the store the keys are kept in */
    IdempotencyStore store() {
        return store;
    }

    /** @param join whether to join a wait of this gateway for the same key's held reservation */
    private CompletableFuture<SendResult> reserveAndSend(AccountRuntime a, ConversationRef to, OutgoingMessage message,
                                                         Supplier<CompletableFuture<SendResult>> send, Settle settle,
                                                         @Nullable Consumer<IdempotencyRecord> handOver,
                                                         @Nullable Reserved reserved, boolean join) {
        String key = message.idempotencyKey();
        String fingerprint = Fingerprints.of(to, message);
        Instant now = clock.instant();
        purgeNowAndThen(now);
        IdempotencyRecord mine;
        IdempotencyRecord held;
        if (reserved != null && reserved.mine.fingerprint().equals(fingerprint) && reserved.mine.key().equals(key)
                && reserved.mine.account().equals(to.account())) {
            reserved.used = true;
            mine = reserved.mine;
            held = reserved.held;
        } else {
            mine = reservation(to, key, fingerprint, now);
            held = store.reserve(mine);
        }
        if (!held.owner().equals(mine.owner())) {
            if (!held.fingerprint().equals(fingerprint)) {
                throw new InvalidRequestException("Idempotency key '" + key
                        + "' was already used for a different message or recipient.", a.details(Operation.SEND));
            }
            if (!join) {
                return outcomeOf(held, a, to, message, send, settle, handOver, FIRST_POLL);
            }
            // one wait (and at most one settling) per key in this gateway: a second send of the key, e.g. an
            // outbox entry claimed again while its first claim still waits, replays the first one's outcome
            String slot = to.account() + '\u0000' + key;
            CompletableFuture<SendResult> waiting = new CompletableFuture<>();
            CompletableFuture<SendResult> earlier = waiters.putIfAbsent(slot, waiting);
            if (earlier != null) {
                return earlier.thenApply(SendResult::asReplay);
            }
            outcomeOf(held, a, to, message, send, settle, handOver, FIRST_POLL).whenComplete((r, error) -> {
                waiters.remove(slot, waiting);
                if (error == null) {
                    waiting.complete(r);
                } else {
                    waiting.completeExceptionally(Futures.unwrap(error));
                }
            });
            return waiting;
        }
        String slot = to.account() + '\u0000' + key;
        CompletableFuture<SendResult> result = new CompletableFuture<>();
        inFlight.put(slot, result);
        CompletableFuture<SendResult> sent;
        try {
            sent = send.get();
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        sent.whenComplete((r, error) -> {
            Throwable cause = error == null ? null : Futures.unwrap(error);
            try {
                record(mine, r, cause, handOver);
            } finally {
                inFlight.remove(slot, result);
                if (cause == null) {
                    result.complete(r);
                } else {
                    result.completeExceptionally(cause);
                }
            }
        });
        return result;
    }

    /**
     * Stores the outcome (or hands a completed reservation over); a store failure here is logged, not thrown: the
     * send itself already happened.
     */
    private void record(IdempotencyRecord mine, SendResult r, Throwable cause,
                        @Nullable Consumer<IdempotencyRecord> handOver) {
        try {
            Instant until = clock.instant().plus(window);
            if (cause == null || cause instanceof DeliveryUncertainException) {
                IdempotencyRecord done = cause == null ? mine.sent(r, until) : mine.uncertain(until);
                if (handOver != null) {
                    handOver.accept(done);
                } else {
                    store.complete(done);
                }
            } else {
                store.release(mine);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not record the outcome of the send with idempotency key '{}' of account '{}': {};"
                    + " repeats will treat it as uncertain once its reservation is abandoned.",
                    mine.key(), mine.account(), e.toString());
        }
    }

    private CompletableFuture<SendResult> outcomeOf(IdempotencyRecord held, AccountRuntime a, ConversationRef to,
                                                    OutgoingMessage message,
                                                    Supplier<CompletableFuture<SendResult>> send, Settle settle,
                                                    @Nullable Consumer<IdempotencyRecord> handOver, Duration pause) {
        switch (held.state()) {
            case SENT:
                return CompletableFuture.completedFuture(held.result().orElseThrow());
            case UNCERTAIN:
                return settleOrFail(held, uncertain(a, to, message,
                        "An earlier send with idempotency key '" + held.key() + "' ended uncertain"), settle, handOver);
            default:
                break;
        }
        CompletableFuture<SendResult> local = inFlight.get(held.account() + '\u0000' + held.key());
        if (local != null) {
            return local.thenApply(SendResult::asReplay);
        }
        if (clock.instant().isAfter(held.reservedAt().plus(abandonAfter(a.policy())))) {
            return settleOrFail(held, uncertain(a, to, message,
                    "An earlier send with idempotency key '" + held.key() + "' did not record its outcome (its"
                            + " sender may have stopped)"), settle, handOver);
        }
        Duration next = pause.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : pause.multipliedBy(2);
        return sleeper.sleep(pause).thenComposeAsync(v -> {
            var now = store.find(held.account(), held.key());
            if (now.isEmpty() || !now.get().owner().equals(held.owner())) {
                // released (that send provably failed) or expired and taken over: start afresh
                return reserveAndSend(a, to, message, send, settle, handOver, null, false);
            }
            return outcomeOf(now.get(), a, to, message, send, settle, handOver, next);
        }, executor);
    }

    /** Reconciles the held send when asked to, recording the settled outcome under the held reservation. */
    private CompletableFuture<SendResult> settleOrFail(IdempotencyRecord held, DeliveryUncertainException uncertain,
                                                       Settle settle, @Nullable Consumer<IdempotencyRecord> handOver) {
        if (settle == null) {
            return CompletableFuture.failedFuture(uncertain);
        }
        return settle.apply(held.reservedAt(), uncertain).thenApply(r -> {
            record(held, r, null, handOver);
            return r;
        });
    }

    /** Reconciles an earlier uncertain send. */
    @FunctionalInterface
    interface Settle {
        /**
         * @param sentAt    when the earlier send was reserved
         * @param uncertain its uncertainty, kept when the conversation cannot be read
         * @return the settled result
         */
        CompletableFuture<SendResult> apply(Instant sentAt, DeliveryUncertainException uncertain);
    }

    private static DeliveryUncertainException uncertain(AccountRuntime a, ConversationRef to, OutgoingMessage message,
                                                        String why) {
        return new DeliveryUncertainException(why + "; it may or may not have reached " + a.metadata().displayName()
                + ", so it is not sent again.", a.details(Operation.SEND), to, message, null);
    }

    /** The longest one send may take under the policy (every attempt, backoff and wait), plus a margin. */
    static Duration abandonAfter(ResiliencePolicy p) {
        int attempts = Math.max(1, p.maxAttempts());
        return p.requestTimeout().plus(p.maxBackoff()).multipliedBy(attempts)
                .plus(p.rateLimitTimeout()).plus(p.maxConcurrencyWait()).plus(ABANDON_MARGIN);
    }

    private void purgeNowAndThen(Instant now) {
        Instant due = nextPurge.get();
        if (now.isBefore(due) || !nextPurge.compareAndSet(due, now.plus(PURGE_EVERY))) {
            return;
        }
        executor.execute(() -> {
            try {
                store.purgeExpired(now);
            } catch (RuntimeException e) {
                LOG.debug("Purging expired idempotency records failed; tried again later: {}", e.toString());
            }
        });
    }
}
