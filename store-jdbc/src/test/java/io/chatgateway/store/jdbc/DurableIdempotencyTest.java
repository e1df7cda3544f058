package io.chatgateway.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.SendResult;
import io.chatgateway.Sleeper;
import io.chatgateway.fake.FakeProvider;
import io.chatgateway.fake.TestTime;
import io.chatgateway.store.IdempotencyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Keyed sends through a JDBC idempotency store: once across gateway instances and restarts. */
class DurableIdempotencyTest {

    private static final ConversationRef TO = new ConversationRef("acc", "c1");
    private static final OutgoingMessage ORDER = OutgoingMessage.text("Order 17 is ready").withIdempotencyKey("order-17");

    /** What every "provider instance" received: the messages as they reached the provider. */
    private final List<String> delivered = new CopyOnWriteArrayList<>();

    private FakeProvider provider() {
        FakeProvider p = FakeProvider.allNative();
        p.send = (to, m) -> {
            delivered.add(m.text());
            return CompletableFuture.completedFuture(new SendResult(to.message("m" + delivered.size()), null, null, false));
        };
        return p;
    }

    private static ChatGateway gateway(FakeProvider p, IdempotencyStore store, Clock clock, Sleeper sleeper) {
        return ChatGateway.builder().providers(p.factory()).account("acc", new FakeProvider.Config())
                .idempotencyStore(store).clock(clock).sleeper(sleeper).build();
    }

    @ParameterizedTest
    @MethodSource("io.chatgateway.store.jdbc.TestDatabases#both")
    void should_send_once_across_a_restart_and_replay_the_first_ref(JdbcStores stores) {
        TestTime time = new TestTime();
        SendResult first;
        try (ChatGateway g = gateway(provider(), stores.idempotency(), time, time)) {
            first = g.send(TO, ORDER);
        }
        try (ChatGateway restarted = gateway(provider(), stores.idempotency(), time, time)) {
            SendResult again = restarted.send(TO, ORDER);
            assertThat(again.replayed()).isTrue();
            assertThat(again.message()).isEqualTo(first.message());
            assertThatThrownBy(() -> restarted.send(TO, OutgoingMessage.text("Order 18").withIdempotencyKey("order-17")))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("already used");
        }
        assertThat(delivered).containsExactly("Order 17 is ready");
    }

    @ParameterizedTest
    @MethodSource("io.chatgateway.store.jdbc.TestDatabases#both")
    void should_make_a_second_instance_wait_for_the_first_outcome_and_send_nothing(JdbcStores stores) throws Exception {
        CountDownLatch inFlight = new CountDownLatch(1);
        CompletableFuture<SendResult> answer = new CompletableFuture<>();
        FakeProvider slow = provider();
        slow.send = (to, m) -> {
            delivered.add(m.text());
            inFlight.countDown();
            return answer;
        };
        try (ChatGateway a = gateway(slow, stores.idempotency(), Clock.systemUTC(), Sleeper.REAL);
             ChatGateway b = gateway(provider(), stores.idempotency(), Clock.systemUTC(), Sleeper.REAL)) {
            CompletableFuture<SendResult> fromA = a.sendAsync(TO, ORDER);
            assertThat(inFlight.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<SendResult> fromB = b.sendAsync(TO, ORDER);
            assertThat(fromB).isNotDone();
            answer.complete(new SendResult(TO.message("m-first"), null, null, false));
            assertThat(fromA.get(10, TimeUnit.SECONDS).replayed()).isFalse();
            SendResult replay = fromB.get(10, TimeUnit.SECONDS);
            assertThat(replay.replayed()).isTrue();
            assertThat(replay.message()).isEqualTo(TO.message("m-first"));
        }
        assertThat(delivered).containsExactly("Order 17 is ready");
    }

    @ParameterizedTest
    @MethodSource("io.chatgateway.store.jdbc.TestDatabases#both")
    void should_keep_the_key_of_an_uncertain_send_for_every_instance(JdbcStores stores) {
        TestTime time = new TestTime();
        FakeProvider lost = provider();
        lost.send = (to, m) -> {
            delivered.add(m.text());
            return CompletableFuture.failedFuture(new DeliveryUncertainException("reset after the request was written",
                    ErrorDetails.NONE, null, null, null));
        };
        try (ChatGateway a = gateway(lost, stores.idempotency(), time, time);
             ChatGateway b = gateway(provider(), stores.idempotency(), time, time)) {
            assertThatThrownBy(() -> a.send(TO, ORDER)).isInstanceOf(DeliveryUncertainException.class);
            assertThatThrownBy(() -> b.send(TO, ORDER)).isInstanceOf(DeliveryUncertainException.class)
                    .hasMessageContaining("ended uncertain")
                    .satisfies(e -> assertThat(((DeliveryUncertainException) e).sentMessage()).hasValue(ORDER));
        }
        assertThat(delivered).containsExactly("Order 17 is ready");
    }

    @ParameterizedTest
    @MethodSource("io.chatgateway.store.jdbc.TestDatabases#both")
    void should_treat_a_reservation_whose_sender_died_as_uncertain_after_the_longest_send(JdbcStores stores) {
        TestTime time = new TestTime();
        IdempotencyStore store = stores.idempotency();
        FakeProvider dies = provider();
        dies.send = (to, m) -> {
            delivered.add(m.text());
            return new CompletableFuture<>(); // the process "dies" mid-send: no outcome is ever recorded
        };
        try (ChatGateway a = gateway(dies, store, time, time);
             ChatGateway b = gateway(provider(), store, time, time)) {
            a.sendAsync(TO, ORDER);
            assertThatThrownBy(() -> b.send(TO, ORDER)).isInstanceOf(DeliveryUncertainException.class)
                    .hasMessageContaining("did not record its outcome");
            assertThat(time.sleeps()).isNotEmpty().allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(1)));
        }
        assertThat(delivered).containsExactly("Order 17 is ready");
    }
}
