package io.chatgateway.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatgateway.ChatGateway;
import io.chatgateway.DeliveryStatus;
import io.chatgateway.Message;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.SendResult;
import io.chatgateway.inbox.InboxEventType;
import io.chatgateway.store.IdempotencyStore;
import io.chatgateway.inbox.Inbox;
import io.chatgateway.inbox.InboxBatch;
import io.chatgateway.inbox.InboxOptions;
import io.chatgateway.fake.FakeChats;
import io.chatgateway.fake.FakeProvider;
import io.chatgateway.fake.TestTime;
import io.chatgateway.store.InboxStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The inbox on the JDBC store: resume after a restart and failover between instances, on H2 and PostgreSQL. */
class JdbcInboxTest {

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of(Named.of("h2", TestDatabases.h2())), Arguments.of(Named.of("postgresql", TestDatabases.postgres())));
    }

    private static ChatGateway gateway(FakeProvider fake, TestTime time) {
        return ChatGateway.builder().providers(fake.factory()).account("acc", new FakeProvider.Config())
                .clock(time).sleeper(time).build();
    }

    private static List<String> texts(InboxBatch b) {
        return b.events().stream().filter(e -> e.message() != null).map(e -> e.message().text()).toList();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void should_resume_after_a_restart_and_fail_over_without_loss(JdbcStores db) {
        TestTime time = new TestTime();
        InboxStore store = db.inbox(time);
        FakeProvider fake = FakeProvider.allNative();
        FakeChats chats = new FakeChats(fake, "acc", time);
        chats.conversation("1");
        InboxOptions options = InboxOptions.builder().store(store).leaseTtl(Duration.ofSeconds(10)).batchSize(2).build();
        List<String> got = new ArrayList<>();
        try (ChatGateway g1 = gateway(fake, time); Inbox first = g1.inbox(options.toBuilder().owner("one").build())) {
            first.poll(Duration.ZERO);
            time.advance(Duration.ofSeconds(1));
            for (int i = 0; i < 3; i++) {
                chats.inbound("1", "m" + i);
            }
            InboxBatch b = first.poll(Duration.ofSeconds(10));
            got.addAll(texts(b));
            b.commit();
            assertThat(texts(first.poll(Duration.ofSeconds(10)))).containsExactly("m2"); // read, never committed: "crash"
        }
        chats.inbound("1", "while down");
        time.advance(Duration.ofSeconds(11));
        try (ChatGateway g2 = gateway(fake, time); Inbox second = g2.inbox(options.toBuilder().owner("two").build())) {
            for (int i = 0; i < 2; i++) {
                InboxBatch b = second.poll(Duration.ofSeconds(10));
                got.addAll(texts(b));
                b.commit();
            }
        }
        assertThat(got).containsExactly("m0", "m1", "m2", "while down");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void should_not_report_another_instances_keyed_send_as_MESSAGE_SENT_through_the_shared_idempotency_store(
            JdbcStores db) {
        TestTime time = new TestTime();
        InboxStore store = db.inbox(time);
        IdempotencyStore keys = db.idempotency();
        FakeProvider fake = FakeProvider.allNative();
        FakeChats chats = new FakeChats(fake, "acc", time);
        String conversation = "own" + Long.toString(System.nanoTime(), 36); // message refs unique in the shared database
        chats.conversation(conversation);
        fake.send = (to, message) -> {
            Message m = chats.outbound(to.id(), message.text());
            return CompletableFuture.completedFuture(new SendResult(m.ref(), DeliveryStatus.SENT, m.sentAt(), false));
        };
        try (ChatGateway a = gateway(fake, time, keys); ChatGateway b = gateway(fake, time, keys);
             Inbox inbox = b.inbox(InboxOptions.builder().store(store).owner("b").build())) {
            inbox.poll(Duration.ZERO);
            time.advance(Duration.ofSeconds(1));
            a.send(chats.ref(conversation), OutgoingMessage.text("keyed, by instance a").withIdempotencyKey(conversation));
            a.send(chats.ref(conversation), OutgoingMessage.text("direct, by instance a"));
            chats.outbound(conversation, "by an operator");
            b.send(chats.ref(conversation), OutgoingMessage.text("direct, by instance b"));

            InboxBatch batch = inbox.poll(Duration.ofSeconds(10));
            // a's direct send (no key) is not recorded anywhere shared: the documented limit
            assertThat(batch.events()).filteredOn(e -> e.type() == InboxEventType.MESSAGE_SENT)
                    .extracting(e -> e.message().text()).containsExactly("direct, by instance a", "by an operator");
            batch.commit();
        }
    }

    private static ChatGateway gateway(FakeProvider fake, TestTime time, IdempotencyStore keys) {
        return ChatGateway.builder().providers(fake.factory()).account("acc", new FakeProvider.Config())
                .clock(time).sleeper(time).idempotencyStore(keys).build();
    }
}
