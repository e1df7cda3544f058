package io.chatgateway.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.ChatGateway;
import io.chatgateway.Conversation;
import io.chatgateway.DeliveryStatus;
import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.Message;
import io.chatgateway.ResiliencePolicy;
import io.chatgateway.fake.FakeChats;
import io.chatgateway.fake.FakeProvider;
import io.chatgateway.fake.TestTime;
import io.chatgateway.store.Checkpoint;
import io.chatgateway.store.InboxStore;
import io.chatgateway.store.Lease;
import io.chatgateway.store.LeaseLostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pull mode ({@code poll}/{@code commit}): what is delivered, when, and what comes again. */
class InboxPullTest {

    private final TestTime time = new TestTime();
    private final InboxStore store = InboxStore.inMemory(time);
    private final List<ChatGateway> gateways = new ArrayList<>();
    private FakeProvider fake;
    private FakeChats chats;

    private ChatGateway gateway() {
        fake = FakeProvider.allNative();
        chats = new FakeChats(fake, "acc", time);
        ChatGateway g = ChatGateway.builder().providers(fake.factory()).account("acc", new FakeProvider.Config(),
                ResiliencePolicy.ofDefaults()).clock(time).sleeper(time).build();
        gateways.add(g);
        return g;
    }

    /** A second gateway over the same fake world (another "instance" or a restart). */
    private ChatGateway sameWorld() {
        ChatGateway g = ChatGateway.builder().providers(fake.factory()).account("acc", new FakeProvider.Config(),
                ResiliencePolicy.ofDefaults()).clock(time).sleeper(time).build();
        gateways.add(g);
        return g;
    }

    private InboxOptions.Builder options() {
        return InboxOptions.builder().store(store).pollInterval(Duration.ofSeconds(5)).owner("a");
    }

    /** @return an inbox with these options on a new gateway with conversation "1", after its first poll */
    private Inbox polledOnce(InboxOptions.Builder options) {
        ChatGateway g = gateway();
        chats.conversation("1");
        Inbox inbox = g.inbox(options.build());
        inbox.poll(Duration.ZERO);
        return inbox;
    }

    @AfterEach
    void close() {
        gateways.forEach(ChatGateway::close);
    }

    private static List<String> ids(InboxBatch b) {
        return b.events().stream().map(InboxEvent::eventId).toList();
    }

    private static List<String> texts(InboxBatch b) {
        return b.events().stream().filter(e -> e.message() != null).map(e -> e.message().text()).toList();
    }

    @Test
    void should_deliver_a_new_inbound_message_once_and_nothing_from_before_the_start() {
        ChatGateway g = gateway();
        chats.conversation("1");
        chats.inbound("1", "old");
        time.advance(Duration.ofSeconds(1));
        Inbox inbox = g.inbox(options().build());
        assertThat(inbox.poll(Duration.ZERO).events()).isEmpty();

        time.advance(Duration.ofSeconds(2));
        Message m = chats.inbound("1", "hello");
        InboxBatch b = inbox.poll(Duration.ofSeconds(10));
        assertThat(b.events()).extracting(InboxEvent::type)
                .containsExactly(InboxEventType.CONVERSATION_UPDATED, InboxEventType.MESSAGE_RECEIVED);
        InboxEvent e = b.events().get(1);
        assertThat(e.message()).isEqualTo(m);
        assertThat(e.eventId()).isEqualTo("acc:1/" + m.ref().id() + "@received");
        assertThat(e.conversation()).isEqualTo(chats.ref("1"));
        assertThat(e.providerTime()).isEqualTo(m.sentAt());
        assertThat(e.observedAt()).isAfterOrEqualTo(m.sentAt());
        assertThat(b.events().get(0).conversationSnapshot().unreadCount()).isEqualTo(2L);
        b.commit();

        assertThat(inbox.poll(Duration.ofSeconds(30)).events()).isEmpty();
    }

    @Test
    void should_deliver_the_same_events_with_the_same_ids_when_a_batch_is_not_committed() {
        ChatGateway g = gateway();
        chats.conversation("1");
        Inbox inbox = g.inbox(options().build());
        inbox.poll(Duration.ZERO);
        time.advance(Duration.ofSeconds(1));
        chats.inbound("1", "a");
        InboxBatch first = inbox.poll(Duration.ofSeconds(10));
        InboxBatch again = inbox.poll(Duration.ofSeconds(10));
        assertThat(ids(again)).isNotEmpty().isEqualTo(ids(first));
        assertThatThrownBy(first::commit).isInstanceOf(IllegalStateException.class);
        again.commit();
        assertThat(inbox.poll(Duration.ofSeconds(10)).events()).isEmpty();
    }

    @Test
    void should_lose_nothing_when_many_messages_share_one_second_across_batches() {
        ChatGateway g = gateway();
        chats.conversation("1");
        Inbox inbox = g.inbox(options().batchSize(3).build());
        inbox.poll(Duration.ZERO);
        time.advance(Duration.ofSeconds(1));
        Instant second = time.instant();
        for (int i = 0; i < 8; i++) {
            chats.add("1", Message.Direction.INBOUND, "m" + i, second, DeliveryStatus.DELIVERED);
        }
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            InboxBatch b = inbox.poll(Duration.ofSeconds(10));
            got.addAll(texts(b));
            b.commit();
            if (i == 1) {
                // more arrive in the same second while the feed is part-way through it
                chats.add("1", Message.Direction.INBOUND, "late", second, DeliveryStatus.DELIVERED);
            }
        }
        assertThat(got).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "late");
    }

    @Test
    void should_resume_from_the_checkpoint_after_a_restart_including_messages_sent_while_down() {
        ChatGateway g = gateway();
        chats.conversation("1");
        Inbox inbox = g.inbox(options().build());
        inbox.poll(Duration.ZERO);
        time.advance(Duration.ofSeconds(1));
        chats.inbound("1", "before");
        InboxBatch b = inbox.poll(Duration.ofSeconds(10));
        assertThat(texts(b)).containsExactly("before");
        b.commit();
        inbox.close();
        g.close();

        time.advance(Duration.ofMinutes(5));
        chats.inbound("1", "while down");
        chats.conversation("2");
        chats.inbound("2", "new chat");
        Inbox restarted = sameWorld().inbox(options().owner("b").build());
        InboxBatch after = restarted.poll(Duration.ofSeconds(10));
        assertThat(texts(after)).containsExactlyInAnyOrder("while down", "new chat");
        after.commit();
        assertThat(restarted.poll(Duration.ofSeconds(10)).events()).isEmpty();
    }

    @Test
    void should_redeliver_at_most_the_uncommitted_batch_after_a_crash() {
        ChatGateway g = gateway();
        chats.conversation("1");
        Inbox inbox = g.inbox(options().leaseTtl(Duration.ofSeconds(30)).maxBatchHold(Duration.ofSeconds(30))
                .batchSize(2).build());
        inbox.poll(Duration.ZERO);
        time.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 5; i++) {
            chats.inbound("1", "m" + i);
            time.advance(Duration.ofSeconds(1));
        }
        InboxBatch b1 = inbox.poll(Duration.ofSeconds(10));
        b1.commit();
        InboxBatch b2 = inbox.poll(Duration.ofSeconds(10));
        assertThat(texts(b2)).containsExactly("m2", "m3");
        // crash of the caller: b2 never committed, the lease is not released; it is renewed for b2 up to
        // maxBatchHold (30 s, reached without a renewal falling due here), then another instance takes over
        time.advance(Duration.ofSeconds(31));
        Inbox other = sameWorld().inbox(options().owner("b").batchSize(2).build());
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            InboxBatch b = other.poll(Duration.ofSeconds(10));
            got.addAll(texts(b));
            b.commit();
        }
        assertThat(got).containsExactly("m2", "m3", "m4");
        // the former owner can no longer move the checkpoint
        assertThatThrownBy(b2::commit).isInstanceOf(LeaseLostException.class);
    }

    @Test
    void should_keep_an_account_to_one_instance_while_its_lease_lives() {
        ChatGateway g = gateway();
        chats.conversation("1");
        Inbox a = g.inbox(options().owner("a").build());
        Inbox b = sameWorld().inbox(options().owner("b").build());
        a.poll(Duration.ZERO);
        time.advance(Duration.ofSeconds(1));
        chats.inbound("1", "x");
        assertThat(b.poll(Duration.ofSeconds(6)).events()).isEmpty();
        InboxBatch got = a.poll(Duration.ofSeconds(6));
        assertThat(texts(got)).containsExactly("x");
        got.commit();
        a.close(); // clean stop releases the lease: b takes over at once, with nothing to redeliver
        chats.inbound("1", "y");
        assertThat(texts(b.poll(Duration.ofSeconds(10)))).containsExactly("y");
    }

    @Test
    void should_report_a_delivery_change_of_an_outbound_message_as_MESSAGE_UPDATED() {
        ChatGateway g = gateway();
        chats.conversation("1");
        Inbox inbox = g.inbox(options().build());
        inbox.poll(Duration.ZERO);
        time.advance(Duration.ofSeconds(1));
        Message out = chats.outbound("1", "from another operator");
        InboxBatch b = inbox.poll(Duration.ofSeconds(10));
        assertThat(b.events()).extracting(InboxEvent::type).containsExactly(InboxEventType.MESSAGE_SENT);
        b.commit();
        time.advance(Duration.ofSeconds(10));
        chats.deliver(out, DeliveryStatus.DELIVERED);
        InboxBatch u = inbox.poll(Duration.ofSeconds(10));
        assertThat(u.events()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(InboxEventType.MESSAGE_UPDATED);
            assertThat(e.message().delivery()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(e.eventId()).isEqualTo(out.ref() + "@u:DELIVERED/UNKNOWN");
        });
        u.commit();
        assertThat(inbox.poll(Duration.ofSeconds(10)).events()).isEmpty();
    }

    @Test
    void should_not_report_the_gateways_own_send_as_MESSAGE_SENT_but_report_its_delivery_change() {
        ChatGateway g = gateway();
        chats.conversation("1");
        java.util.concurrent.atomic.AtomicReference<Message> stored = new java.util.concurrent.atomic.AtomicReference<>();
        fake.send = (to, message) -> {
            Message m = chats.outbound(to.id(), message.text());
            stored.set(m);
            return java.util.concurrent.CompletableFuture.completedFuture(
                    new io.chatgateway.SendResult(m.ref(), DeliveryStatus.PENDING, m.sentAt(), false));
        };
        Inbox inbox = g.inbox(options().build());
        inbox.poll(Duration.ZERO);
        time.advance(Duration.ofSeconds(1));
        io.chatgateway.SendResult mine = g.send(chats.ref("1"), io.chatgateway.OutgoingMessage.text("sent by us"));
        Message theirs = chats.outbound("1", "from another operator");

        InboxBatch b = inbox.poll(Duration.ofSeconds(10));
        assertThat(b.events()).extracting(InboxEvent::type, e -> e.message().text())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(InboxEventType.MESSAGE_SENT, "from another operator"));
        assertThat(b.events().get(0).message().ref()).isEqualTo(theirs.ref());
        b.commit();
        time.advance(Duration.ofSeconds(10));
        Message later = chats.outbound("1", "another one from elsewhere");
        chats.deliver(stored.get(), DeliveryStatus.DELIVERED);
        InboxBatch u = inbox.poll(Duration.ofSeconds(10));
        assertThat(u.events()).filteredOn(e -> e.type() == InboxEventType.MESSAGE_UPDATED).singleElement()
                .satisfies(e -> assertThat(e.message().ref()).isEqualTo(mine.message()));
        assertThat(u.events()).filteredOn(e -> e.type() == InboxEventType.MESSAGE_SENT)
                .extracting(e -> e.message().ref()).containsExactly(later.ref());
    }

    @Test
    void should_report_a_status_change_as_CONVERSATION_UPDATED_with_the_snapshot() {
        ChatGateway g = gateway();
        chats.conversation("1");
        Inbox inbox = g.inbox(options().build());
        inbox.poll(Duration.ZERO);
        chats.status("1", Conversation.Status.CLOSED);
        InboxBatch b = inbox.poll(Duration.ofSeconds(10));
        assertThat(b.events()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(InboxEventType.CONVERSATION_UPDATED);
            assertThat(e.conversationSnapshot().status()).isEqualTo(Conversation.Status.CLOSED);
            assertThat(e.eventId()).isEqualTo("acc:1@c1");
        });
        b.commit();
        chats.status("1", Conversation.Status.OPEN);
        assertThat(ids(inbox.poll(Duration.ofSeconds(10)))).containsExactly("acc:1@c2");
    }

    @Test
    void should_start_at_an_instant_and_deliver_what_came_after_it() {
        ChatGateway g = gateway();
        chats.conversation("1");
        chats.inbound("1", "too old");
        time.advance(Duration.ofMinutes(1));
        Instant from = time.instant();
        chats.inbound("1", "after start");
        time.advance(Duration.ofMinutes(1));
        Inbox inbox = g.inbox(options().start(InboxStart.at(from)).build());
        assertThat(texts(inbox.poll(Duration.ZERO))).containsExactly("after start");
    }

    @Test
    void should_never_mark_anything_read() {
        ChatGateway g = gateway();
        chats.conversation("1");
        Inbox inbox = g.inbox(options().start(InboxStart.earliest()).build());
        chats.inbound("1", "a");
        InboxBatch b = inbox.poll(Duration.ZERO);
        assertThat(texts(b)).containsExactly("a");
        b.commit();
        assertThat(fake.calls.get()).isEqualTo(chats.messageReads.get() + chats.conversationReads.get());
    }

    @Test
    void should_refuse_a_checkpoint_written_for_another_provider() {
        ChatGateway g = gateway();
        Lease lease = store.tryAcquire("default", "acc", "someone", Duration.ofSeconds(1)).orElseThrow();
        store.commit(lease, List.of(new Checkpoint(Checkpoint.ACCOUNT_KEY, "navixy", 1, "{}", time.instant())));
        time.advance(Duration.ofSeconds(2));
        Inbox inbox = g.inbox(options().build());
        assertThatThrownBy(() -> inbox.poll(Duration.ZERO)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("navixy").hasMessageContaining("acc");
    }

    @Test
    void should_refuse_a_checkpoint_of_an_unknown_format_version() {
        ChatGateway g = gateway();
        Lease lease = store.tryAcquire("default", "acc", "someone", Duration.ofSeconds(1)).orElseThrow();
        store.commit(lease, List.of(new Checkpoint(Checkpoint.ACCOUNT_KEY, "fake", 99, "{}", time.instant())));
        time.advance(Duration.ofSeconds(2));
        assertThatThrownBy(() -> g.inbox(options().build()).poll(Duration.ZERO))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("version 99");
    }

    @Test
    void should_poll_an_idle_account_once_per_interval_with_one_listing_request() {
        ChatGateway g = gateway();
        chats.conversation("1");
        Inbox inbox = g.inbox(options().pollInterval(Duration.ofSeconds(5)).maxPollInterval(Duration.ofSeconds(5)).build());
        inbox.poll(Duration.ZERO);
        int before = fake.calls.get();
        inbox.poll(Duration.ofSeconds(60));
        // 60 s idle at 5 s: 12 polls, each one conversation listing and no message read
        assertThat(fake.calls.get() - before).isBetween(11, 13);
        assertThat(chats.messageReads.get()).isZero();
    }

    @Test
    void should_slow_down_to_stay_within_its_share_of_the_rate_limit() {
        fake = FakeProvider.allNative();
        chats = new FakeChats(fake, "acc", time);
        ChatGateway g = ChatGateway.builder().providers(fake.factory())
                .account("acc", new FakeProvider.Config(), ResiliencePolicy.custom().ratePerSecond(100).build())
                .clock(time).sleeper(time).build();
        gateways.add(g);
        for (int i = 0; i < 20; i++) {
            chats.conversation("c" + i);
        }
        Inbox inbox = g.inbox(options().pollInterval(Duration.ofMillis(100)).maxPollInterval(Duration.ofMillis(100))
                .maxRateShare(0.01).build());
        inbox.poll(Duration.ZERO);
        time.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 20; i++) {
            chats.inbound("c" + i, "x");
        }
        InboxBatch b = inbox.poll(Duration.ZERO);
        b.commit();
        int before = fake.calls.get();
        inbox.poll(Duration.ofSeconds(60));
        // a share of 1 % of 100 requests/s: after 21 requests the next poll waits 21 s, then one request per
        // second at most -- about 40 in 60 s instead of 600 at the 100 ms interval
        assertThat(fake.calls.get() - before).isBetween(30, 61);
    }

    @Test
    void should_list_conversations_in_pages_of_up_to_100_when_scanning() {
        ChatGateway g = gateway();
        java.util.List<Integer> sizes = new java.util.concurrent.CopyOnWriteArrayList<>();
        var listing = fake.conversations;
        fake.conversations = (q, c) -> {
            sizes.add(q.pageSize());
            return listing.apply(q, c);
        };
        chats.conversation("1");
        g.inbox(options().build()).poll(Duration.ZERO);
        assertThat(sizes).containsExactly(100);
    }

    @Test
    void should_keep_the_lease_through_a_scan_slower_than_the_ttl_so_no_other_instance_takes_over()
            throws Exception {
        FlakyStore flaky = new FlakyStore(store);
        Duration ttl = Duration.ofSeconds(30);
        Inbox a = polledOnce(options().store(flaky).leaseTtl(ttl));
        var listing = fake.conversations;
        CountDownLatch scanning = new CountDownLatch(1);
        CompletableFuture<Void> slow = new CompletableFuture<>();
        fake.conversations = (q, c) -> {
            scanning.countDown();
            return slow.thenCompose(x -> listing.apply(q, c));
        };
        chats.inbound("1", "hello");
        CompletableFuture<InboxBatch> polled = CompletableFuture.supplyAsync(() -> a.poll(Duration.ofSeconds(10)));
        try {
            assertThat(scanning.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 6; i++) { // twice the TTL, a third at a time: renewed each time
                flaky.advanceAndAwaitRenewal(time::advance, ttl.dividedBy(3));
            }
            Inbox b = sameWorld().inbox(options().owner("b").leaseTtl(ttl).build());
            assertThat(b.poll(Duration.ZERO).events()).isEmpty();
            assertThat(store.tryAcquire("default", "acc", "c", ttl)).isEmpty();
        } finally {
            fake.conversations = listing;
            slow.complete(null);
        }
        InboxBatch batch = polled.get(10, TimeUnit.SECONDS);
        assertThat(texts(batch)).containsExactly("hello");
        batch.commit(); // the lease was kept: the commit is accepted
        assertThat(flaky.committedBy).containsOnly("a");
    }

    @Test
    void should_keep_the_lease_while_a_pulled_batch_is_processed_for_three_ttls_and_accept_its_commit()
            throws Exception {
        FlakyStore flaky = new FlakyStore(store);
        Duration ttl = Duration.ofSeconds(30);
        Inbox a = polledOnce(options().store(flaky).leaseTtl(ttl));
        time.advance(Duration.ofSeconds(1));
        chats.inbound("1", "long job");
        InboxBatch batch = a.poll(Duration.ofSeconds(10));
        assertThat(texts(batch)).containsExactly("long job");
        Inbox b = sameWorld().inbox(options().owner("b").leaseTtl(ttl).build());
        for (int i = 0; i < 9; i++) { // the caller processes it for three TTLs; renewed every third of one
            flaky.advanceAndAwaitRenewal(time::advance, ttl.dividedBy(3));
            assertThat(b.poll(Duration.ZERO).events()).as("another instance meanwhile").isEmpty();
        }
        assertThat(store.tryAcquire("default", "acc", "c", ttl)).isEmpty();
        batch.commit(); // the lease was kept: accepted, and delivered once
        assertThat(flaky.committedBy).containsOnly("a");
        assertThat(a.poll(Duration.ofSeconds(10)).events()).isEmpty();
    }

    @Test
    void should_stop_renewing_an_abandoned_pulled_batch_after_maxBatchHold_so_another_instance_delivers_it_again()
            throws Exception {
        FlakyStore flaky = new FlakyStore(store);
        Duration ttl = Duration.ofSeconds(30);
        Inbox a = polledOnce(options().store(flaky).leaseTtl(ttl).maxBatchHold(Duration.ofMinutes(1)));
        time.advance(Duration.ofSeconds(1));
        chats.inbound("1", "abandoned");
        InboxBatch batch = a.poll(Duration.ofSeconds(10));
        int commits = flaky.committedBy.size();
        Inbox b = sameWorld().inbox(options().owner("b").leaseTtl(ttl).build());
        for (int i = 0; i < 5; i++) { // 50 s of the 1 min hold: still renewed
            flaky.advanceAndAwaitRenewal(time::advance, ttl.dividedBy(3));
            assertThat(b.poll(Duration.ZERO).events()).isEmpty();
        }
        time.advance(ttl.dividedBy(3)); // the hold ends: no renewal any more, the lease ends a TTL after the last one
        assertThat(b.poll(Duration.ZERO).events()).isEmpty();
        time.advance(ttl);
        InboxBatch taken = b.poll(Duration.ofSeconds(10));
        assertThat(texts(taken)).containsExactly("abandoned");
        taken.commit();
        assertThatThrownBy(batch::commit).isInstanceOf(LeaseLostException.class)
                .hasMessageContaining("maxBatchHold (PT1M)").hasMessageContaining("delivered again");
        assertThat(flaky.committedBy).hasSize(commits); // a moved no checkpoint after the batch
    }

    @Test
    void should_refuse_a_commit_after_maxBatchHold_and_deliver_the_batch_again_on_the_next_poll() {
        ChatGateway g = gateway();
        chats.conversation("1");
        Inbox a = g.inbox(options().maxBatchHold(Duration.ofMinutes(1)).build());
        a.poll(Duration.ZERO);
        time.advance(Duration.ofSeconds(1));
        chats.inbound("1", "slow");
        InboxBatch late = a.poll(Duration.ofSeconds(10));
        time.advance(Duration.ofMinutes(1));
        assertThatThrownBy(late::commit).isInstanceOf(LeaseLostException.class).hasMessageContaining("held for PT1M");
        InboxBatch again = a.poll(Duration.ofSeconds(10));
        assertThat(ids(again)).isNotEmpty().isEqualTo(ids(late));
        again.commit();
        assertThat(a.poll(Duration.ofSeconds(10)).events()).isEmpty();
    }

    @Test
    void should_refuse_a_maxBatchHold_outside_100_ms_to_24_h_and_default_to_5_minutes() {
        assertThat(InboxOptions.defaults().maxBatchHold()).isEqualTo(InboxOptions.DEFAULT_MAX_BATCH_HOLD)
                .isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> InboxOptions.builder().maxBatchHold(Duration.ofMillis(99)))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("maxBatchHold");
        assertThatThrownBy(() -> InboxOptions.builder().maxBatchHold(Duration.ofHours(25)))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThat(InboxOptions.builder().maxBatchHold(Duration.ofSeconds(1)).build().toBuilder().build().maxBatchHold())
                .isEqualTo(Duration.ofSeconds(1));
    }
}
