package io.chatgateway.internal;

import io.chatgateway.Capability;
import io.chatgateway.ConversationRef;
import io.chatgateway.DeliveryStatus;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.MessageRef;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.ReconcileOptions;
import io.chatgateway.SendResult;
import io.chatgateway.Sleeper;
import io.chatgateway.spi.Futures;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settles uncertain sends by reading the conversation back (see {@link ReconcileOptions}): found → FOUND with
 * the listed message's ref; not found after every look → resent once (RESENT), and a first copy seen next to
 * the resent one → DUPLICATE_DETECTED. A message matched to one send is never matched to another (the
 * gateway's {@link OwnSends}; sends of one idempotency key count as one). When the conversation cannot be
 * read, nothing is resent: the original uncertainty stands. Thread-safe.
 */
final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private final Sleeper sleeper;
    private final Executor executor;
    /** Lists the messages of a query (the gateway's own paging, filters and resilience). */
    private final BiFunction<MessageQuery, Integer, List<Message>> reader;
    private final OwnSends matched;

    /**
     * @param sleeper  waits between looks
     * @param executor runs reconciliations (they block on their looks)
     * @param reader   lists at most n messages of a query, oldest first
     * @param own      the messages the gateway's sends produced, shared with the send paths
     */
    Reconciler(Sleeper sleeper, Executor executor, BiFunction<MessageQuery, Integer, List<Message>> reader, OwnSends own) {
        this.matched = own;
        this.sleeper = sleeper;
        this.executor = executor;
        this.reader = reader;
    }

    /** @param ref a message ref another send already owns (e.g. a direct send's result) */
    void claim(MessageRef ref) {
        matched.claim(ref);
    }

    /**
     * @param a         the account
     * @param to        the recipient
     * @param message   what was sent
     * @param sentAt    the local time just before the uncertain attempt
     * @param options   how to look
     * @param uncertain the uncertain outcome
     * @param resend    sends the message once more
     * @return the settled result, or the uncertainty when the conversation could not be read
     */
    CompletableFuture<SendResult> reconcile(AccountRuntime a, ConversationRef to, OutgoingMessage message,
                                            Instant sentAt, ReconcileOptions options,
                                            DeliveryUncertainException uncertain,
                                            Supplier<CompletableFuture<SendResult>> resend) {
        if (a.metadata().support(Capability.LIST_MESSAGES) == Capability.Support.UNSUPPORTED) {
            return CompletableFuture.failedFuture(uncertain);
        }
        return CompletableFuture.supplyAsync(() -> settle(a, to, message, sentAt, options, uncertain, resend), executor);
    }

    private SendResult settle(AccountRuntime a, ConversationRef to, OutgoingMessage message, Instant sentAt,
                              ReconcileOptions options, DeliveryUncertainException uncertain,
                              Supplier<CompletableFuture<SendResult>> resend) {
        MessageQuery query = MessageQuery.of(to).since(sentAt.minus(options.skew())).build();
        for (int look = 0; look < options.reads(); look++) {
            sleeper.sleep(options.interval()).join();
            List<Message> candidates = candidates(a, query, message, options, uncertain);
            for (Message m : candidates) {
                if (matched.claim(m.ref(), message.idempotencyKey())) {
                    return new SendResult(m.ref(), m.delivery() == DeliveryStatus.UNKNOWN ? DeliveryStatus.SENT
                            : m.delivery(), m.sentAt(), false, SendResult.Reconciliation.FOUND);
                }
            }
        }
        SendResult resent;
        try {
            resent = resend.get().join();
        } catch (CompletionException e) {
            throw new CompletionException(Futures.unwrap(e));
        }
        matched.claim(resent.message(), message.idempotencyKey());
        sleeper.sleep(options.interval()).join();
        List<Message> after;
        try {
            after = candidates(a, query, message, options, uncertain);
        } catch (CompletionException e) {
            LOG.warn("Account '{}': the resent message {} could not be checked for a late first copy: {}",
                    a.name(), resent.message(), Futures.unwrap(e).toString());
            return resent.withReconciliation(SendResult.Reconciliation.RESENT);
        }
        boolean duplicate = false;
        for (Message m : after) {
            if (!m.ref().equals(resent.message()) && matched.claim(m.ref(), message.idempotencyKey())) {
                duplicate = true;
                LOG.warn("Account '{}': the uncertain first copy {} arrived after all; {} was resent, so the"
                        + " recipient has the message twice.", a.name(), m.ref(), resent.message());
                break;
            }
        }
        return resent.withReconciliation(duplicate ? SendResult.Reconciliation.DUPLICATE_DETECTED : SendResult.Reconciliation.RESENT);
    }

    /** This account's own messages with the sent content, oldest first; a failed read keeps the uncertainty. */
    private List<Message> candidates(AccountRuntime a, MessageQuery query, OutgoingMessage message,
                                     ReconcileOptions options, DeliveryUncertainException uncertain) {
        List<Message> listed;
        try {
            listed = reader.apply(query, options.maxMessages());
        } catch (RuntimeException e) {
            LOG.info("Account '{}': reading {} back to settle an uncertain send failed ({}); not resending.",
                    a.name(), query.conversation(), Futures.unwrap(e).toString());
            throw new CompletionException(uncertain);
        }
        return listed.stream()
                .filter(m -> a.provider().sentByThisAccount(m) && Fingerprints.sameContent(m, message))
                .toList();
    }
}
