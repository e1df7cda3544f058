package io.chatgateway.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.ErrorDetails;
import io.chatgateway.NotFoundException;
import io.chatgateway.Operation;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.ResiliencePolicy;
import io.chatgateway.SendResult;
import io.chatgateway.events.GatewayEvent;
import io.chatgateway.fake.FakeChats;
import io.chatgateway.fake.FakeProvider;
import io.chatgateway.fake.GatedTime;
import io.chatgateway.fake.TestTime;
import io.chatgateway.outbox.Outbox;
import io.chatgateway.outbox.OutboxOptions;
import io.chatgateway.store.InboxStore;
import io.chatgateway.store.OutboxStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The inbox and outbox report to the gateway's listeners: inbox lag, handled batches and dead letters, outbox
 * dead letters and waiting entries, with the account and provider they belong to.
 */
class InboxOutboxEventsTest {

    private static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final ErrorDetails D = ErrorDetails.of("acc", FakeProvider.ID, Operation.SEND);

    private final List<GatewayEvent> events = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final FakeProvider fake = FakeProvider.allNative();

    private ChatGateway gateway(Clock clock, io.chatgateway.Sleeper sleeper) {
        ChatGateway g = ChatGateway.builder().providers(fake.factory()).account("acc", new FakeProvider.Config(),
                ResiliencePolicy.ofDefaults()).clock(clock).sleeper(sleeper).listener(events::add).build();
        closing.add(g);
        return g;
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private <T extends GatewayEvent> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void should_report_the_lag_of_a_polled_batch_then_zero_once_it_is_committed() {
        TestTime time = new TestTime();
        FakeChats chats = new FakeChats(fake, "acc", time);
        ChatGateway g = gateway(time, time);
        chats.conversation("1");
        Inbox inbox = g.inbox(InboxOptions.builder().store(InboxStore.inMemory(time)).pollInterval(INTERVAL).build());
        assertThat(inbox.poll(Duration.ZERO).events()).isEmpty();
        assertThat(of(GatewayEvent.InboxLag.class)).singleElement().satisfies(l -> {
            assertThat(l.lag()).isZero();
            assertThat(l.account()).isEqualTo("acc");
            assertThat(l.provider()).isEqualTo(FakeProvider.ID);
        });

        time.advance(Duration.ofSeconds(1));
        chats.inbound("1", "first");
        time.advance(Duration.ofSeconds(10));
        chats.inbound("1", "second");
        time.advance(Duration.ofSeconds(20));
        events.clear();
        InboxBatch batch = inbox.poll(Duration.ofSeconds(10));
        assertThat(batch.events()).hasSize(3); // the conversation's change and its two messages
        assertThat(of(GatewayEvent.InboxLag.class)).singleElement()
                .satisfies(l -> assertThat(l.lag()).isEqualTo(Duration.ofSeconds(30)));
        assertThat(g.health("acc").inboxLag()).isEqualTo(Duration.ofSeconds(30));
        assertThat(of(GatewayEvent.InboxBatchHandled.class)).isEmpty();

        events.clear();
        batch.commit();
        assertThat(of(GatewayEvent.InboxBatchHandled.class)).singleElement().satisfies(b -> {
            assertThat(b.events()).isEqualTo(3);
            assertThat(b.account()).isEqualTo("acc");
        });
        assertThat(of(GatewayEvent.InboxLag.class)).singleElement().satisfies(l -> assertThat(l.lag()).isZero());
        assertThat(g.health("acc").inboxLag()).isZero();
    }

    @Test
    void should_report_handled_batches_and_a_dead_letter_in_push_mode() throws Exception {
        GatedTime time = new GatedTime();
        FakeChats chats = new FakeChats(fake, "acc", time);
        ChatGateway g = gateway(time, time);
        chats.conversation("1");
        InboxSubscription s = g.inbox(InboxOptions.builder().store(InboxStore.inMemory(time)).pollInterval(INTERVAL)
                .minPollInterval(INTERVAL).maxPollInterval(INTERVAL).retryBackoff(Duration.ZERO, Duration.ZERO)
                .maxAttempts(2).build()).start(e -> {
                    if (e.message() != null && e.message().text().equals("poison")) {
                        throw new IllegalStateException("cannot parse");
                    }
                });
        closing.add(0, s);
        time.awaitSleepers(1);
        chats.inbound("1", "fine");
        chats.inbound("1", "poison");
        chats.inbound("1", "fine too");
        time.advance(INTERVAL);
        time.awaitSleepers(1);

        assertThat(of(GatewayEvent.DeadLettered.class)).singleElement().satisfies(d -> {
            assertThat(d.source()).isEqualTo(GatewayEvent.Source.INBOX);
            assertThat(d.reason()).isEqualTo("handler_error");
            assertThat(d.account()).isEqualTo("acc");
            assertThat(d.provider()).isEqualTo(FakeProvider.ID);
        });
        assertThat(of(GatewayEvent.InboxBatchHandled.class)).extracting(GatewayEvent.InboxBatchHandled::events)
                .containsExactly(4); // the conversation's change, three messages (the dead letter among them)
        List<GatewayEvent.InboxLag> lags = of(GatewayEvent.InboxLag.class);
        assertThat(lags.get(lags.size() - 1).lag()).isZero();
    }

    @Test
    void should_report_failed_and_uncertain_outbox_entries_as_dead_letters_and_count_the_waiting_ones() {
        TestTime time = new TestTime();
        fake.send = (to, m) -> switch (m.text()) {
            case "gone" -> CompletableFuture.failedFuture(new NotFoundException("No such chat.", D));
            case "lost" -> CompletableFuture.failedFuture(new DeliveryUncertainException("Timed out.", D, null, null,
                    null));
            default -> CompletableFuture.completedFuture(new SendResult(to.message("m-" + m.idempotencyKey()), null,
                    null, false));
        };
        ChatGateway g = gateway(time, time);
        OutboxStore store = OutboxStore.inMemory();
        Outbox outbox = g.outbox(OutboxOptions.defaults().withStore(store).withWorkerId("w"));
        closing.add(0, outbox);
        ConversationRef to = new ConversationRef("acc", "1");
        outbox.submit(to, OutgoingMessage.text("hello").withIdempotencyKey("k1"));
        outbox.submit(to, OutgoingMessage.text("gone").withIdempotencyKey("k2"));
        outbox.submit(to, OutgoingMessage.text("lost").withIdempotencyKey("k3"));
        assertThat(store.pendingCounts()).containsEntry("acc", 3L);

        outbox.drain(Duration.ofMinutes(1));

        assertThat(of(GatewayEvent.DeadLettered.class)).allSatisfy(d -> {
            assertThat(d.source()).isEqualTo(GatewayEvent.Source.OUTBOX);
            assertThat(d.account()).isEqualTo("acc");
        }).extracting(GatewayEvent.DeadLettered::reason).containsExactlyInAnyOrder("not_found", "delivery_uncertain");
        assertThat(of(GatewayEvent.OutboxPending.class)).last().satisfies(p -> {
            assertThat(p.pending()).isZero();
            assertThat(p.account()).isEqualTo("acc");
            assertThat(p.provider()).isEqualTo(FakeProvider.ID);
        });
    }
}
