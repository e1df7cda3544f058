package io.chatgateway.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.chatgateway.store.Lease;
import io.chatgateway.store.LeaseLostException;
import io.chatgateway.store.LeaseStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    @ParameterizedTest
    @MethodSource("databases")
    void should_keep_a_pulled_batch_lease_for_three_ttls_and_give_an_abandoned_one_up_after_maxBatchHold(JdbcStores db)
            throws Exception {
        TestTime time = new TestTime();
        InboxStore store = db.inbox(time);
        CountingLeases leases = new CountingLeases(store);
        FakeProvider fake = FakeProvider.allNative();
        FakeChats chats = new FakeChats(fake, "acc", time);
        chats.conversation("1");
        Duration ttl = Duration.ofSeconds(30);
        String name = "hold" + Long.toString(System.nanoTime(), 36); // its own leases in the shared database
        InboxOptions options = InboxOptions.builder().name(name).checkpointStore(store).leaseStore(leases).leaseTtl(ttl)
                .maxBatchHold(Duration.ofMinutes(2)).build();
        try (ChatGateway g1 = gateway(fake, time); ChatGateway g2 = gateway(fake, time);
             Inbox a = g1.inbox(options.toBuilder().owner("a").build());
             Inbox b = g2.inbox(options.toBuilder().owner("b").leaseStore(store).build())) {
            a.poll(Duration.ZERO);
            time.advance(Duration.ofSeconds(1));
            chats.inbound("1", "long job");
            InboxBatch slow = a.poll(Duration.ofSeconds(10));
            assertThat(texts(slow)).containsExactly("long job");
            for (int i = 0; i < 9; i++) { // processed for three TTLs: renewed every third of one, b gets nothing
                leases.advanceAndAwaitRenewal(time, ttl.dividedBy(3));
                assertThat(b.poll(Duration.ZERO).events()).isEmpty();
            }
            slow.commit();

            chats.inbound("1", "abandoned");
            InboxBatch abandoned = a.poll(Duration.ofSeconds(10));
            assertThat(texts(abandoned)).containsExactly("abandoned");
            for (int i = 0; i < 11; i++) { // 110 s of the 2 min hold
                leases.advanceAndAwaitRenewal(time, ttl.dividedBy(3));
            }
            time.advance(ttl.dividedBy(3)); // the hold ends: not renewed any more
            assertThat(b.poll(Duration.ZERO).events()).isEmpty();
            time.advance(ttl);
            InboxBatch taken = b.poll(Duration.ofSeconds(10));
            assertThat(texts(taken)).containsExactly("abandoned");
            taken.commit();
            assertThatThrownBy(abandoned::commit).isInstanceOf(LeaseLostException.class).hasMessageContaining("maxBatchHold");
        }
    }

    /** A lease store that counts renewals, so a test can wait for the inbox's keeper after moving the clock. */
    private static final class CountingLeases implements LeaseStore {
        private final LeaseStore delegate;
        private int renewals;

        CountingLeases(LeaseStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<Lease> tryAcquire(String name, String account, String owner, Duration ttl) {
            return delegate.tryAcquire(name, account, owner, ttl);
        }

        @Override
        public Lease renew(Lease lease, Duration ttl) {
            Lease renewed = delegate.renew(lease, ttl);
            synchronized (this) {
                renewals++;
                notifyAll();
            }
            return renewed;
        }

        @Override
        public void release(Lease lease) {
            delegate.release(lease);
        }

        /** Moves the clock and waits (20 s of real time at most: a safety net) until the lease was renewed. */
        synchronized void advanceAndAwaitRenewal(TestTime time, Duration step) throws InterruptedException {
            int before = renewals;
            time.advance(step);
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (renewals == before) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no lease renewal within 20 s");
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }
}
