package io.chatgateway.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.Message;
import io.chatgateway.NotFoundException;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.ProviderUnavailableException;
import io.chatgateway.ReconcileOptions;
import io.chatgateway.ResiliencePolicy;
import io.chatgateway.SendResult;
import io.chatgateway.fake.FakeProvider;
import io.chatgateway.fake.TestTime;
import io.chatgateway.outbox.Outbox;
import io.chatgateway.outbox.OutboxEntry;
import io.chatgateway.outbox.OutboxOptions;
import io.chatgateway.outbox.OutboxStatus;
import io.chatgateway.spi.PageSlice;
import io.chatgateway.store.IdempotencyStore;
import io.chatgateway.store.OutboxStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The outbox over durable stores: exactly once across instances, retries, permanent failures, reconciliation. */
class OutboxTest {

    private static final ConversationRef TO = new ConversationRef("acc", "c1");

    /** The "provider side": every message that reached it, in order. */
    private final List<Message> conversation = new CopyOnWriteArrayList<>();
    private final TestTime time = new TestTime();

    /** A provider instance sharing the conversation; {@code fault} decides per send (null = deliver normally). */
    private FakeProvider provider(Function<OutgoingMessage, RuntimeException> fault) {
        FakeProvider p = FakeProvider.allNative();
        p.send = (to, m) -> {
            RuntimeException f = fault.apply(m);
            boolean arrives = !(f instanceof ProviderUnavailableException || f instanceof NotFoundException);
            Message stored = null;
            if (arrives) {
                synchronized (conversation) {
                    stored = Message.builder(to.message("m" + (conversation.size() + 1)), FakeProvider.ID)
                            .direction(Message.Direction.OUTBOUND).text(m.text()).sentAt(time.instant()).build();
                    conversation.add(stored);
                }
            }
            return f != null ? CompletableFuture.failedFuture(f)
                    : CompletableFuture.completedFuture(new SendResult(stored.ref(), null, null, false));
        };
        p.messages = (q, cursor) -> CompletableFuture.completedFuture(PageSlice.last(List.copyOf(conversation)));
        return p;
    }

    private ChatGateway gateway(FakeProvider p, IdempotencyStore idempotency) {
        return ChatGateway.builder().providers(p.factory()).account("acc", new FakeProvider.Config())
                .idempotencyStore(idempotency).clock(time).sleeper(time)
                .defaultPolicy(ResiliencePolicy.custom().maxAttempts(1).build()).build();
    }

    private OutboxOptions options(OutboxStore store, String worker) {
        return OutboxOptions.defaults().withStore(store).withWorkerId(worker).withConcurrency(16)
                .withReconcile(ReconcileOptions.DEFAULT.withInterval(Duration.ofSeconds(1)));
    }

    private Map<String, Long> deliveredCounts() {
        return conversation.stream().collect(Collectors.groupingBy(Message::text, Collectors.counting()));
    }

    @ParameterizedTest
    @MethodSource("io.chatgateway.store.jdbc.TestDatabases#both")
    void should_deliver_every_entry_exactly_once_across_two_instances(JdbcStores stores) {
        List<OutboxEntry> outcomes = new CopyOnWriteArrayList<>();
        try (ChatGateway a = gateway(provider(m -> null), stores.idempotency());
             ChatGateway b = gateway(provider(m -> null), stores.idempotency());
             // leases far longer than the run: an idle drain moves the fake clock on each poll, and this test is
             // about two live instances, not about taking over a dead one's entries
             Outbox oa = a.outbox(options(stores.outbox(), "a").withLease(Duration.ofHours(1)).withListener(outcomes::add));
             Outbox ob = b.outbox(options(stores.outbox(), "b").withLease(Duration.ofHours(1)).withListener(outcomes::add))) {
            for (int i = 0; i < 300; i++) {
                (i % 2 == 0 ? oa : ob).submit(TO, OutgoingMessage.text("order " + i).withIdempotencyKey("o-" + i));
            }
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> oa.drain(Duration.ofMinutes(5)));
            int second = ob.drain(Duration.ofMinutes(5));
            assertThat(first.join() + second).isEqualTo(300);
            assertThat(oa.entries(OutboxStatus.SENT, 10_000)).hasSize(300);
        }
        assertThat(conversation).hasSize(300);
        assertThat(deliveredCounts().values()).containsOnly(1L);
        assertThat(outcomes).hasSize(300).allSatisfy(e -> assertThat(e.sent()).isPresent());
    }

    @ParameterizedTest
    @MethodSource("io.chatgateway.store.jdbc.TestDatabases#both")
    void should_retry_transient_failures_with_backoff_and_fail_permanent_ones_at_once(JdbcStores stores) {
        AtomicInteger busy = new AtomicInteger(2);
        FakeProvider p = provider(m -> {
            if (m.text().equals("gone")) {
                return new NotFoundException("No such conversation.", ErrorDetails.NONE);
            }
            if (m.text().equals("busy") && busy.getAndDecrement() > 0) {
                return new ProviderUnavailableException("503 before processing", ErrorDetails.NONE);
            }
            return null;
        });
        try (ChatGateway g = gateway(p, stores.idempotency());
             Outbox outbox = g.outbox(options(stores.outbox(), "w").withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(60)))) {
            outbox.submit(TO, OutgoingMessage.text("gone").withIdempotencyKey("k-gone"));
            outbox.submit(TO, OutgoingMessage.text("busy").withIdempotencyKey("k-busy"));
            assertThat(outbox.drain(Duration.ofMinutes(10))).isEqualTo(2);
            OutboxEntry gone = outbox.entry("acc", "k-gone").orElseThrow();
            assertThat(gone.status()).isEqualTo(OutboxStatus.FAILED);
            assertThat(gone.attempts()).isEqualTo(1);
            assertThat(gone.error()).contains("No such conversation");
            OutboxEntry sent = outbox.entry("acc", "k-busy").orElseThrow();
            assertThat(sent.status()).isEqualTo(OutboxStatus.SENT);
            assertThat(sent.attempts()).isEqualTo(3);
        }
        assertThat(time.sleeps()).contains(Duration.ofSeconds(1));
        assertThat(deliveredCounts()).containsExactly(Map.entry("busy", 1L));
    }

    @ParameterizedTest
    @MethodSource("io.chatgateway.store.jdbc.TestDatabases#both")
    void should_reconcile_an_uncertain_send_and_report_it_as_reconciled(JdbcStores stores) {
        AtomicInteger lost = new AtomicInteger(1);
        FakeProvider p = provider(m -> lost.getAndDecrement() > 0
                ? new DeliveryUncertainException("reset after the request was written", ErrorDetails.NONE, null, null, null)
                : null);
        try (ChatGateway g = gateway(p, stores.idempotency());
             Outbox outbox = g.outbox(options(stores.outbox(), "w"))) {
            outbox.submit(TO, OutgoingMessage.text("hello").withIdempotencyKey("k1"));
            outbox.drain(Duration.ofMinutes(1));
            OutboxEntry e = outbox.entry("acc", "k1").orElseThrow();
            assertThat(e.status()).isEqualTo(OutboxStatus.RECONCILED);
            assertThat(e.sent()).hasValue(TO.message("m1"));
        }
        assertThat(deliveredCounts()).containsExactly(Map.entry("hello", 1L));
    }

    @ParameterizedTest
    @MethodSource("io.chatgateway.store.jdbc.TestDatabases#both")
    void should_not_send_again_when_a_dead_worker_had_sent_before_recording(JdbcStores stores) {
        IdempotencyStore idempotency = stores.idempotency();
        OutboxStore store = stores.outbox();
        try (ChatGateway g = gateway(provider(m -> null), idempotency);
             Outbox outbox = g.outbox(options(store, "survivor").withLease(Duration.ofSeconds(30)))) {
            outbox.submit(TO, OutgoingMessage.text("hello").withIdempotencyKey("k1"));
            // a worker that claimed the entry, sent it, and died before recording the outcome
            OutboxEntry claimed = store.claim("dead", time.instant(), Duration.ofSeconds(30), 1).get(0);
            try (ChatGateway dead = gateway(provider(m -> null), idempotency)) {
                dead.send(claimed.to(), claimed.message());
            }
            assertThat(outbox.drain(Duration.ofSeconds(5))).as("nothing due while the dead worker's lease runs").isZero();
            time.advance(Duration.ofSeconds(31));
            assertThat(outbox.drain(Duration.ofMinutes(1))).isEqualTo(1);
            OutboxEntry e = outbox.entry("acc", "k1").orElseThrow();
            assertThat(e.status()).isEqualTo(OutboxStatus.SENT);
            assertThat(e.attempts()).isEqualTo(2);
            assertThat(e.sent()).hasValue(TO.message("m1"));
        }
        assertThat(conversation).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("io.chatgateway.store.jdbc.TestDatabases#both")
    void should_refuse_a_submission_without_a_key_or_with_a_used_key_for_another_message(JdbcStores stores) {
        try (ChatGateway g = gateway(provider(m -> null), stores.idempotency());
             Outbox outbox = g.outbox(options(stores.outbox(), "w"))) {
            assertThatThrownBy(() -> outbox.submit(TO, OutgoingMessage.text("no key")))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("idempotency key");
            OutboxEntry first = outbox.submit(TO, OutgoingMessage.text("one").withIdempotencyKey("k"));
            assertThat(outbox.submit(TO, OutgoingMessage.text("one").withIdempotencyKey("k"))).isEqualTo(first);
            assertThatThrownBy(() -> outbox.submit(TO, OutgoingMessage.text("two").withIdempotencyKey("k")))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("different message");
            assertThatThrownBy(() -> outbox.submit(new ConversationRef("nope", "c"), OutgoingMessage.text("x").withIdempotencyKey("k2")))
                    .isInstanceOf(InvalidRequestException.class);
            assertThat(outbox.entries(null, 10)).hasSize(1);
        }
        assertThat(new ArrayList<>(conversation)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("io.chatgateway.store.jdbc.TestDatabases#both")
    void should_free_a_key_reserved_with_the_claim_when_the_send_is_refused_before_it_starts(JdbcStores stores) {
        IdempotencyStore idempotency = stores.idempotency();
        OutboxStore store = stores.outbox();
        // an entry of an account this instance does not serve (submitted by another instance's configuration)
        ConversationRef elsewhere = new ConversationRef("other", "c1");
        store.add(OutboxEntry.submitted(elsewhere, OutgoingMessage.text("hello").withIdempotencyKey("k1"), time.instant()));
        try (ChatGateway g = gateway(provider(m -> null), idempotency);
             Outbox outbox = g.outbox(options(store, "w"))) {
            assertThat(outbox.drain(Duration.ofMinutes(1))).isEqualTo(1);
            assertThat(outbox.entry("other", "k1").orElseThrow().status()).isEqualTo(OutboxStatus.FAILED);
        }
        assertThat(idempotency.find("other", "k1")).as("no key left reserved for a send that never started").isEmpty();
        assertThat(new ArrayList<>(conversation)).isEmpty();
    }
}
