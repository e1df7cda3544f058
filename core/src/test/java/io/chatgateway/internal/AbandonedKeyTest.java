package io.chatgateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.ReconcileOptions;
import io.chatgateway.ResiliencePolicy;
import io.chatgateway.Secret;
import io.chatgateway.SendResult;
import io.chatgateway.fake.TestTime;
import io.chatgateway.store.IdempotencyRecord;
import io.chatgateway.store.IdempotencyStore;
import io.chatgateway.store.StoreUnavailableException;
import io.chatgateway.testprovider.LoopbackConfig;
import io.chatgateway.testprovider.LoopbackServer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A key reserved by a sender that died (another process) is settled once per gateway, however many sends of
 * the key wait for it: found by the kill proof (an outbox entry claimed again while its first claim still
 * waited for the abandoned key, each claim then reconciling and resending a copy). And a key whose outcome its
 * own gateway could not record is settled to the copy that gateway's send made, not sent again.
 */
class AbandonedKeyTest {

    private static final String SEND = "/api/conversations/c1/messages";

    private final LoopbackServer server = new LoopbackServer();
    private final TestTime time = new TestTime();
    private final IdempotencyStore memory = IdempotencyStore.inMemory();
    /** How many outcomes the store still loses (a database that fails the write after the send). */
    private final java.util.concurrent.atomic.AtomicInteger lostOutcomes = new java.util.concurrent.atomic.AtomicInteger();
    private final IdempotencyStore store = new IdempotencyStore() {
        @Override
        public IdempotencyRecord reserve(IdempotencyRecord reservation) {
            return memory.reserve(reservation);
        }

        @Override
        public boolean complete(IdempotencyRecord outcome) {
            if (lostOutcomes.getAndDecrement() > 0) {
                throw new StoreUnavailableException("the store failed the write", null, null);
            }
            return memory.complete(outcome);
        }

        @Override
        public boolean release(IdempotencyRecord reservation) {
            return memory.release(reservation);
        }

        @Override
        public java.util.Optional<IdempotencyRecord> find(String account, String key) {
            return memory.find(account, key);
        }

        @Override
        public int purgeExpired(java.time.Instant now) {
            return memory.purgeExpired(now);
        }
    };
    /** Every sleep advances the fake time, but the first ones complete only when the test says so. */
    private final CompletableFuture<Void> released = new CompletableFuture<>();
    private final ChatGateway gateway = ChatGateway.builder()
            .account("lb", new LoopbackConfig(server.baseUri(), Secret.of(LoopbackServer.TOKEN)),
                    ResiliencePolicy.custom().requestTimeout(Duration.ofSeconds(5)).build())
            .clock(time).sleeper(d -> {
                time.advance(d);
                return released;
            })
            .idempotencyStore(store).build();
    private final ConversationRef c1 = new ConversationRef("lb", "c1");

    AbandonedKeyTest() {
        server.backend().addConversation("c1", "Truck 1");
    }

    @AfterEach
    void close() {
        gateway.close();
        server.close();
    }

    @Test
    void should_settle_a_key_abandoned_by_a_dead_sender_once_when_two_sends_of_the_key_wait_for_it() {
        OutgoingMessage order = OutgoingMessage.text("order 7").withIdempotencyKey("order-7");
        // reserved by a process that died before sending anything or recording an outcome
        store.reserve(IdempotencyRecord.reservation("lb", "order-7", Fingerprints.of(c1, order), "dead-process",
                time.instant(), time.instant().plus(Duration.ofDays(1))));
        ReconcileOptions reconcile = ReconcileOptions.DEFAULT.withInterval(Duration.ofSeconds(1));

        CompletableFuture<SendResult> first = gateway.sendAsync(c1, order, reconcile);
        CompletableFuture<SendResult> second = gateway.sendAsync(c1, order, reconcile);
        released.complete(null);

        SendResult a = first.join();
        SendResult b = second.join();
        assertThat(a.reconciliation()).as("not found after the looks: sent once").isEqualTo(SendResult.Reconciliation.RESENT);
        assertThat(b.message()).isEqualTo(a.message());
        assertThat(b.replayed()).isTrue();
        assertThat(server.backend().texts("c1")).containsExactly("order 7");
        assertThat(server.requests(SEND).stream().filter(r -> r.method().equals("POST")).count()).isEqualTo(1);
    }

    @Test
    void should_find_its_own_first_copy_when_a_key_whose_outcome_was_not_recorded_is_settled_in_the_same_gateway() {
        OutgoingMessage order = OutgoingMessage.text("order 8").withIdempotencyKey("order-8");
        ReconcileOptions reconcile = ReconcileOptions.DEFAULT.withInterval(Duration.ofSeconds(1));
        released.complete(null);
        // sent, but the store fails the write of its outcome: the key stays reserved, as by a sender that died
        lostOutcomes.set(1);
        SendResult first = gateway.send(c1, order, reconcile);
        assertThat(store.find("lb", "order-8")).hasValueSatisfying(r ->
                assertThat(r.state()).isEqualTo(IdempotencyRecord.State.PENDING));

        // the same key again (an outbox entry claimed again after its lease): once the reservation counts as
        // abandoned it is reconciled, and the copy found is the one this gateway's own send of the key made
        SendResult again = gateway.send(c1, order, reconcile);

        assertThat(again.reconciliation()).as("settled by reading back").isEqualTo(SendResult.Reconciliation.FOUND);
        assertThat(again.message()).isEqualTo(first.message());
        assertThat(server.backend().texts("c1")).containsExactly("order 8");
        assertThat(server.requests(SEND).stream().filter(r -> r.method().equals("POST")).count()).isEqualTo(1);
    }
}
