package io.chatgateway.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatgateway.ChatGateway;
import io.chatgateway.DeliveryStatus;
import io.chatgateway.Message;
import io.chatgateway.ResiliencePolicy;
import io.chatgateway.fake.FakeChats;
import io.chatgateway.fake.FakeProvider;
import io.chatgateway.fake.GatedTime;
import io.chatgateway.store.InboxStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Push mode ({@code start(handler)}): retries, dead letters, clean stop, order and parallelism. The clock is
 * gated: the feed's background loop sleeps until the test moves time on, so nothing waits for real.
 */
class InboxPushTest {

    private static final Duration INTERVAL = Duration.ofSeconds(5);

    private final GatedTime time = new GatedTime();
    private final InboxStore store = InboxStore.inMemory(time);
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final FakeProvider fake = FakeProvider.allNative();
    private final FakeChats chats = new FakeChats(fake, "acc", time);

    private ChatGateway gateway() {
        ChatGateway g = ChatGateway.builder().providers(fake.factory()).account("acc", new FakeProvider.Config(),
                ResiliencePolicy.ofDefaults()).clock(time).sleeper(time).build();
        closing.add(g);
        return g;
    }

    private InboxOptions.Builder options() {
        return InboxOptions.builder().store(store).pollInterval(INTERVAL).minPollInterval(INTERVAL)
                .maxPollInterval(INTERVAL).retryBackoff(Duration.ZERO, Duration.ZERO);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private InboxSubscription start(Inbox inbox, io.chatgateway.inbox.InboxHandler handler) throws InterruptedException {
        InboxSubscription s = inbox.start(handler);
        closing.add(0, s);
        time.awaitSleepers(1); // the first poll (the baseline) is done
        return s;
    }

    /** Moves time one interval on and waits until the loop has finished that poll. */
    private void nextPoll() throws InterruptedException {
        time.advance(INTERVAL);
        time.awaitSleepers(1);
    }

    @Test
    void should_call_the_handler_once_per_new_message_in_order_per_conversation() throws Exception {
        chats.conversation("1");
        chats.conversation("2");
        List<String> seen = new CopyOnWriteArrayList<>();
        start(gateway().inbox(options().parallelism(2).build()), e -> {
            if (e.message() != null) {
                seen.add(e.message().text());
            }
        });
        for (int i = 0; i < 5; i++) {
            chats.inbound("1", "a" + i);
            chats.inbound("2", "b" + i);
        }
        nextPoll();
        assertThat(seen).hasSize(10);
        assertThat(seen.stream().filter(t -> t.startsWith("a")).toList()).containsExactly("a0", "a1", "a2", "a3", "a4");
        assertThat(seen.stream().filter(t -> t.startsWith("b")).toList()).containsExactly("b0", "b1", "b2", "b3", "b4");
        nextPoll();
        assertThat(seen).hasSize(10);
    }

    @Test
    void should_retry_a_failing_handler_and_deliver_the_same_event_id_again() throws Exception {
        chats.conversation("1");
        List<String> attempts = new CopyOnWriteArrayList<>();
        AtomicInteger failures = new AtomicInteger(2);
        start(gateway().inbox(options().build()), e -> {
            if (e.type() != InboxEventType.MESSAGE_RECEIVED) {
                return;
            }
            attempts.add(e.eventId());
            if (failures.getAndDecrement() > 0) {
                throw new IllegalStateException("downstream down");
            }
        });
        chats.inbound("1", "x");
        nextPoll();
        assertThat(attempts).hasSize(3).containsOnly(attempts.get(0));
        assertThat(store.deadLetters("default", "acc")).isEmpty();
    }

    @Test
    void should_dead_letter_after_max_attempts_record_it_and_move_on() throws Exception {
        chats.conversation("1");
        List<DeadLetter> letters = new CopyOnWriteArrayList<>();
        List<String> handled = new CopyOnWriteArrayList<>();
        start(gateway().inbox(options().maxAttempts(3).deadLetterHandler(letters::add).build()), e -> {
            if (e.message() == null) {
                return;
            }
            if (e.message().text().equals("poison")) {
                throw new IllegalArgumentException("cannot parse\nsecond line");
            }
            handled.add(e.message().text());
        });
        chats.inbound("1", "poison");
        chats.inbound("1", "fine");
        nextPoll();
        assertThat(handled).containsExactly("fine");
        assertThat(letters).singleElement().satisfies(d -> {
            assertThat(d.attempts()).isEqualTo(3);
            assertThat(d.event().message().text()).isEqualTo("poison");
            assertThat(d.error()).contains("IllegalArgumentException").contains("cannot parse");
        });
        assertThat(store.deadLetters("default", "acc")).singleElement().satisfies(r -> {
            assertThat(r.eventId()).isEqualTo(letters.get(0).event().eventId());
            assertThat(r.error()).doesNotContain("\n");
            assertThat(r.conversation()).isEqualTo("acc:1");
        });
    }

    @Test
    void should_count_a_handler_past_its_timeout_as_failed() throws Exception {
        chats.conversation("1");
        List<DeadLetter> letters = new CopyOnWriteArrayList<>();
        CountDownLatch interrupted = new CountDownLatch(1);
        start(gateway().inbox(options().maxAttempts(1).handlerTimeout(Duration.ofMillis(50))
                .deadLetterHandler(letters::add).build()), e -> {
            if (e.message() == null) {
                return;
            }
            try {
                new CountDownLatch(1).await(); // hangs until interrupted
            } catch (InterruptedException x) {
                interrupted.countDown();
                throw x;
            }
        });
        chats.inbound("1", "hang");
        nextPoll();
        assertThat(letters).singleElement().satisfies(d -> assertThat(d.error()).contains("did not return within"));
        assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void should_go_on_in_order_after_an_event_that_failed_or_timed_out_in_the_middle_of_a_batch() throws Exception {
        chats.conversation("1");
        List<String> calls = new CopyOnWriteArrayList<>();
        AtomicInteger slowCalls = new AtomicInteger();
        AtomicInteger badCalls = new AtomicInteger();
        start(gateway().inbox(options().maxAttempts(3).handlerTimeout(Duration.ofMillis(50)).build()), e -> {
            if (e.message() == null) {
                return;
            }
            String text = e.message().text();
            calls.add(text);
            if (text.equals("slow") && slowCalls.incrementAndGet() == 1) {
                new CountDownLatch(1).await(); // hangs until interrupted: the first call times out
            }
            if (text.equals("bad") && badCalls.incrementAndGet() == 1) {
                throw new IllegalStateException("downstream down once");
            }
        });
        for (String text : List.of("m0", "slow", "m2", "bad", "m4")) {
            chats.inbound("1", text);
        }
        nextPoll();
        // one batch handed to one handler thread: the failed/timed-out event is retried before any later one
        assertThat(calls).containsExactly("m0", "slow", "slow", "m2", "bad", "bad", "m4");
        nextPoll();
        assertThat(calls).hasSize(7);
        assertThat(store.deadLetters("default", "acc")).isEmpty();
    }

    @Test
    void should_redeliver_nothing_after_a_clean_stop() throws Exception {
        chats.conversation("1");
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        InboxSubscription s = start(gateway().inbox(options().owner("a").batchSize(10).build()), e -> {
            if (e.message() == null) {
                return;
            }
            counts.merge(e.message().text(), 1, Integer::sum);
            if (e.message().text().equals("m2")) {
                inHandler.countDown();
                release.await();
            }
        });
        for (int i = 0; i < 6; i++) {
            chats.inbound("1", "m" + i);
        }
        time.advance(INTERVAL);
        assertThat(inHandler.await(10, TimeUnit.SECONDS)).isTrue();
        s.stop(); // asked while m2 is being handled: m2 finishes, m3.. are not handed out
        release.countDown();
        assertThat(s.awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThat(counts).containsOnlyKeys("m0", "m1", "m2");
        time.advance(INTERVAL); // wakes the stopped loop's last sleep

        start(gateway().inbox(options().owner("b").batchSize(10).build()), e -> {
            if (e.message() != null) {
                counts.merge(e.message().text(), 1, Integer::sum);
            }
        });
        assertThat(counts).containsOnlyKeys("m0", "m1", "m2", "m3", "m4", "m5").allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
    }

    @Test
    void should_keep_watching_an_outbound_message_when_a_stop_commits_part_of_its_batch() throws Exception {
        chats.conversation("1");
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        InboxSubscription s = start(gateway().inbox(options().owner("a").batchSize(10).build()), e -> {
            if (e.message() == null) {
                return;
            }
            events.add(e.type() + " " + e.message().text());
            if (e.message().text().equals("m2")) {
                inHandler.countDown();
                release.await();
            }
        });
        Message out = chats.outbound("1", "o1");
        chats.inbound("1", "m1");
        chats.inbound("1", "m2");
        chats.inbound("1", "m3");
        time.advance(INTERVAL);
        assertThat(inHandler.await(10, TimeUnit.SECONDS)).isTrue();
        s.stop(); // the state committed part-way (after m2) is rebuilt from the walked messages: o1 still watched
        release.countDown();
        assertThat(s.awaitTermination(Duration.ofSeconds(10))).isTrue();
        time.advance(INTERVAL); // wakes the stopped loop's last sleep
        chats.deliver(out, DeliveryStatus.DELIVERED);

        start(gateway().inbox(options().owner("b").batchSize(10).build()), e -> {
            if (e.message() != null) {
                events.add(e.type() + " " + e.message().text());
            }
        });
        assertThat(events).containsExactly("MESSAGE_SENT o1", "MESSAGE_RECEIVED m1", "MESSAGE_RECEIVED m2",
                "MESSAGE_UPDATED o1", "MESSAGE_RECEIVED m3");
    }

    @Test
    void should_pause_while_the_store_is_unavailable_and_resume_without_loss() throws Exception {
        chats.conversation("1");
        FlakyStore flaky = new FlakyStore(store);
        List<InboxEvent> got = new CopyOnWriteArrayList<>();
        start(gateway().inbox(options().store(flaky).build()), e -> {
            if (e.message() != null) {
                got.add(e);
            }
        });
        var baseline = store.load("default", "acc").get("1");
        flaky.down = true;
        chats.inbound("1", "during outage");
        time.advance(INTERVAL);
        time.awaitSleepers(1); // handled, then waiting to retry the commit
        assertThat(got).hasSize(1);
        assertThat(store.load("default", "acc").get("1")).isEqualTo(baseline);
        flaky.down = false;
        time.advance(INTERVAL.multipliedBy(20));
        time.awaitSleepers(1);
        assertThat(store.load("default", "acc")).containsKey("1");
        nextPoll();
        assertThat(got).hasSize(1);
    }

    @Test
    void should_keep_the_lease_while_a_handler_runs_longer_than_the_ttl_so_no_other_instance_takes_over()
            throws Exception {
        Duration ttl = Duration.ofSeconds(30);
        chats.conversation("1");
        FlakyStore flaky = new FlakyStore(store);
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> handled = new CopyOnWriteArrayList<>();
        start(gateway().inbox(options().store(flaky).owner("a").leaseTtl(ttl).build()), e -> {
            if (e.message() == null) {
                return;
            }
            inHandler.countDown();
            release.await();
            handled.add(e.message().text());
        });
        chats.inbound("1", "slow");
        time.advance(INTERVAL);
        assertThat(inHandler.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 6; i++) { // twice the TTL, a third at a time: renewed each time
            flaky.advanceAndAwaitRenewal(time::advance, ttl.dividedBy(3));
        }
        Inbox other = gateway().inbox(options().owner("b").leaseTtl(ttl).build());
        assertThat(other.poll(Duration.ZERO).events()).isEmpty();
        assertThat(store.tryAcquire("default", "acc", "c", ttl)).isEmpty();
        int commits = flaky.committedBy.size();

        release.countDown();
        time.awaitSleepers(1);
        assertThat(handled).containsExactly("slow");
        assertThat(flaky.committedBy.subList(commits, flaky.committedBy.size())).isNotEmpty().containsOnly("a");
        nextPoll();
        assertThat(handled).containsExactly("slow");
    }

    @Test
    void should_refuse_the_commit_and_let_the_new_owner_redeliver_when_the_lease_could_not_be_renewed()
            throws Exception {
        Duration ttl = Duration.ofSeconds(30);
        chats.conversation("1");
        FlakyStore flaky = new FlakyStore(store);
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> handledByA = new CopyOnWriteArrayList<>();
        start(gateway().inbox(options().store(flaky).owner("a").leaseTtl(ttl).build()), e -> {
            if (e.message() == null) {
                return;
            }
            handledByA.add(e.eventId());
            inHandler.countDown();
            release.await();
        });
        chats.inbound("1", "slow");
        time.advance(INTERVAL);
        assertThat(inHandler.await(10, TimeUnit.SECONDS)).isTrue();
        int commits = flaky.committedBy.size();
        flaky.leasesDown = true;
        for (int i = 0; i < 4; i++) { // renewals fail until the lease has expired
            flaky.advanceAndAwaitRenewal(time::advance, ttl.dividedBy(3));
        }
        Inbox b = gateway().inbox(options().owner("b").leaseTtl(ttl).build());
        InboxBatch redelivered = b.poll(Duration.ZERO);
        assertThat(redelivered.events()).filteredOn(e -> e.message() != null).extracting(InboxEvent::eventId)
                .containsExactlyElementsOf(handledByA);
        redelivered.commit();
        var byB = store.load("default", "acc").get("1");

        flaky.leasesDown = false;
        flaky.advanceAndAwaitRenewal(time::advance, ttl.dividedBy(3)); // the store answers again: the lease is lost
        release.countDown();
        time.awaitSleepers(1);
        assertThat(flaky.committedBy).hasSize(commits); // a's commit was refused
        assertThat(store.load("default", "acc").get("1")).isEqualTo(byB);
        assertThat(handledByA).hasSize(1);
    }
}
