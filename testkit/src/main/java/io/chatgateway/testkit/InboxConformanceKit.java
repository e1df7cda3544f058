package io.chatgateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chatgateway.Capability;
import io.chatgateway.ConversationRef;
import io.chatgateway.DeliveryStatus;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.SendResult;
import io.chatgateway.inbox.Inbox;
import io.chatgateway.inbox.InboxBatch;
import io.chatgateway.inbox.InboxEvent;
import io.chatgateway.inbox.InboxEventType;
import io.chatgateway.inbox.InboxOptions;
import io.chatgateway.inbox.InboxSubscription;
import io.chatgateway.store.InboxStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Inbox (change feed) behaviour every adapter must show, through the public API in pull mode, as abstract
 * JUnit 5 tests: a new inbound message is delivered once; messages sharing one second are neither lost nor
 * repeated; an uncommitted batch comes again with the same event ids; a handler that fails gets the same
 * event again (push mode); a restart resumes from the checkpoint; a delivery change of the gateway's own send
 * comes as {@code MESSAGE_UPDATED} while the send itself is no {@code MESSAGE_SENT}; reading never changes
 * read state; an idle account costs a few requests. The target's gateway must run on a fake clock and
 * sleeper shared with its simulator ({@link FakeTime}), and the target must offer
 * {@link ConformanceTarget#inbound()}; otherwise the cases are skipped (the delivery case also without
 * {@link ConformanceTarget.Inbound#deliver} or sends).
 */
public abstract class InboxConformanceKit {

    /** Longest fake wait for a change to be seen. */
    protected static final Duration WAIT = Duration.ofSeconds(30);

    /** The target of the running test. */
    protected ConformanceTarget target;
    private final List<Inbox> inboxes = new ArrayList<>();

    /** @return a fresh target: a running simulator and a gateway pointed at it */
    protected abstract ConformanceTarget createTarget();

    @BeforeEach
    void createInboxTarget() {
        target = createTarget();
        assumeTrue(target.inbound().isPresent(), "the target cannot make inbound messages arrive");
    }

    @AfterEach
    void closeInboxTarget() {
        inboxes.forEach(Inbox::close);
        if (target != null) {
            target.close();
        }
    }

    private Inbox inbox(InboxStore store, String owner, int batchSize) {
        Inbox inbox = target.gateway().inbox(InboxOptions.builder().accounts(target.account()).store(store)
                .owner(owner).batchSize(batchSize).pollInterval(Duration.ofSeconds(5)).build());
        inboxes.add(inbox);
        return inbox;
    }

    private static List<String> received(InboxBatch batch, ConversationRef conversation) {
        return batch.events().stream().filter(e -> e.conversation().equals(conversation))
                .filter(e -> e.type() == InboxEventType.MESSAGE_RECEIVED).map(e -> e.message().text()).toList();
    }

    private void add(ConversationRef conversation, String text) {
        target.inbound().orElseThrow().add(conversation, text);
    }

    @Test
    void inbox_should_deliver_a_new_inbound_message_once_and_nothing_older() {
        ConversationRef c = target.conversationWithInboundMessages(3);
        Inbox inbox = inbox(InboxStore.inMemory(), "a", 100);
        assertThat(received(inbox.poll(Duration.ZERO), c)).as("messages from before the start").isEmpty();
        add(c, "in-1");
        InboxBatch batch = inbox.poll(WAIT);
        assertThat(received(batch, c)).containsExactly("in-1");
        InboxEvent e = batch.events().stream().filter(x -> x.type() == InboxEventType.MESSAGE_RECEIVED).findFirst()
                .orElseThrow();
        assertThat(e.eventId()).isNotBlank();
        assertThat(e.message().ref().conversation()).isEqualTo(c);
        assertThat(e.providerTime()).isNotNull();
        batch.commit();
        assertThat(received(inbox.poll(WAIT), c)).isEmpty();
    }

    @Test
    void inbox_should_lose_and_repeat_nothing_when_messages_share_one_second() {
        ConversationRef c = target.conversationWithInboundMessages(1);
        Inbox inbox = inbox(InboxStore.inMemory(), "a", 2);
        inbox.poll(Duration.ZERO);
        for (int i = 0; i < 5; i++) {
            add(c, "burst-" + i);
        }
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            InboxBatch b = inbox.poll(WAIT);
            got.addAll(received(b, c));
            b.commit();
        }
        assertThat(got).containsExactly("burst-0", "burst-1", "burst-2", "burst-3", "burst-4");
    }

    @Test
    void inbox_should_deliver_an_uncommitted_batch_again_with_the_same_event_ids() {
        ConversationRef c = target.conversationWithInboundMessages(1);
        Inbox inbox = inbox(InboxStore.inMemory(), "a", 100);
        inbox.poll(Duration.ZERO);
        add(c, "again");
        List<String> first = inbox.poll(WAIT).events().stream().map(InboxEvent::eventId).toList();
        InboxBatch second = inbox.poll(WAIT);
        assertThat(first).isNotEmpty();
        assertThat(second.events().stream().map(InboxEvent::eventId).toList()).isEqualTo(first);
        second.commit();
    }

    @Test
    void inbox_should_hand_an_event_whose_handler_failed_to_the_handler_again_with_the_same_event_id()
            throws InterruptedException {
        ConversationRef c = target.conversationWithInboundMessages(1);
        InboxStore store = InboxStore.inMemory();
        Inbox baseline = inbox(store, "a", 100);
        baseline.poll(Duration.ZERO);
        baseline.close();
        add(c, "fails once");
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch twice = new java.util.concurrent.CountDownLatch(2);
        Inbox push = inbox(store, "b", 100);
        try (InboxSubscription sub = push.start(e -> {
            if (e.type() != InboxEventType.MESSAGE_RECEIVED || !e.conversation().equals(c)) {
                return;
            }
            calls.add(e.eventId());
            twice.countDown();
            if (calls.size() == 1) {
                throw new IllegalStateException("the handler's first attempt fails");
            }
        })) {
            assertThat(twice.await(20, java.util.concurrent.TimeUnit.SECONDS)).as("handled twice, got " + calls).isTrue();
            sub.stop();
            assertThat(sub.awaitTermination(Duration.ofSeconds(20))).isTrue();
        }
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1)).isEqualTo(calls.get(0));
        push.close();
        Inbox after = inbox(store, "c", 100);
        assertThat(received(after.poll(WAIT), c)).as("handled at last, so committed").isEmpty();
    }

    @Test
    void inbox_should_report_a_delivery_change_of_its_own_send_as_MESSAGE_UPDATED_and_the_send_not_as_MESSAGE_SENT() {
        assumeTrue(target.gateway().capabilities(target.account()).getOrDefault(Capability.SEND, Capability.Support.UNSUPPORTED)
                != Capability.Support.UNSUPPORTED, "the target cannot send");
        ConversationRef c = target.conversationWithInboundMessages(1);
        Inbox inbox = inbox(InboxStore.inMemory(), "a", 100);
        inbox.poll(Duration.ZERO);
        SendResult sent = target.gateway().send(c, OutgoingMessage.text("out-1"));
        InboxBatch first = inbox.poll(WAIT);
        assertThat(first.events()).as("own send").noneMatch(e -> e.type() == InboxEventType.MESSAGE_SENT);
        first.commit();
        DeliveryStatus now;
        try {
            now = target.inbound().orElseThrow().deliver(sent.message());
        } catch (UnsupportedOperationException e) {
            assumeTrue(false, "the target cannot change delivery statuses: " + e.getMessage());
            return;
        }
        InboxBatch updated = inbox.poll(WAIT);
        assertThat(updated.events()).filteredOn(e -> e.type() == InboxEventType.MESSAGE_UPDATED).singleElement()
                .satisfies(e -> {
                    assertThat(e.message().ref()).isEqualTo(sent.message());
                    assertThat(e.message().delivery()).isEqualTo(now);
                    assertThat(e.conversation()).isEqualTo(c);
                });
        updated.commit();
        assertThat(inbox.poll(WAIT).events()).as("committed: reported once")
                .noneMatch(e -> e.type() == InboxEventType.MESSAGE_UPDATED);
    }

    @Test
    void inbox_should_resume_from_its_checkpoint_after_a_restart() {
        ConversationRef c = target.conversationWithInboundMessages(1);
        InboxStore store = InboxStore.inMemory();
        Inbox first = inbox(store, "a", 100);
        first.poll(Duration.ZERO);
        add(c, "before");
        InboxBatch b = first.poll(WAIT);
        assertThat(received(b, c)).containsExactly("before");
        b.commit();
        first.close();
        add(c, "while down");
        Inbox second = inbox(store, "b", 100);
        InboxBatch after = second.poll(WAIT);
        assertThat(received(after, c)).containsExactly("while down");
    }

    @Test
    void inbox_should_never_change_read_state() {
        boolean counts = target.gateway().capabilities(target.account())
                .getOrDefault(Capability.UNREAD_COUNTS, Capability.Support.UNSUPPORTED) != Capability.Support.UNSUPPORTED;
        ConversationRef c = target.conversationWithInboundMessages(2);
        Inbox inbox = inbox(InboxStore.inMemory(), "a", 100);
        inbox.poll(Duration.ZERO);
        add(c, "unread");
        Long before = counts ? target.gateway().unreadCounts(target.account()).get(c) : null;
        InboxBatch b = inbox.poll(WAIT);
        assertThat(received(b, c)).containsExactly("unread");
        b.commit();
        if (counts) {
            assertThat(target.gateway().unreadCounts(target.account()).get(c)).isEqualTo(before);
        }
    }

    @Test
    void inbox_should_poll_an_idle_account_with_a_few_requests_and_read_no_messages() {
        target.conversationWithInboundMessages(2);
        Inbox inbox = inbox(InboxStore.inMemory(), "a", 100);
        inbox.poll(Duration.ZERO);
        inbox.poll(Duration.ofSeconds(10)); // settles: conversations touched at the start are read once
        int before = target.requestCount();
        Duration idle = Duration.ofMinutes(1);
        assertThat(inbox.poll(idle).events()).isEmpty();
        int requests = target.requestCount() - before;
        // at most twice the interval when idle: 6 to 12 polls a minute at 5 s
        System.out.println(getClass().getSimpleName() + ": idle cost " + requests + " requests per minute");
        assertThat(requests).as("requests in a idle minute").isBetween(1, 12 * 3);
    }
}
