package io.chatgateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.ChatGateway;
import io.chatgateway.ResiliencePolicy;
import io.chatgateway.fake.FakeChats;
import io.chatgateway.fake.FakeProvider;
import io.chatgateway.fake.TestTime;
import io.chatgateway.inbox.Inbox;
import io.chatgateway.inbox.InboxBatch;
import io.chatgateway.inbox.InboxOptions;
import io.chatgateway.store.InboxStore;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pull mode: the lease of an account is renewed while a pulled batch of it is outstanding, and no longer once the
 * batch is committed, replaced by the next poll, the inbox is closed, or the batch was held for maxBatchHold.
 */
class PulledBatchRenewalTest {

    private static final Duration TTL = Duration.ofSeconds(30);
    private final TestTime time = new TestTime();
    private final InboxStore store = InboxStore.inMemory(time);
    private final FakeProvider fake = FakeProvider.allNative();
    private final FakeChats chats = new FakeChats(fake, "acc", time);
    private final ChatGateway gateway = ChatGateway.builder().providers(fake.factory())
            .account("acc", new FakeProvider.Config(), ResiliencePolicy.ofDefaults()).clock(time).sleeper(time).build();

    @AfterEach
    void close() {
        gateway.close();
    }

    private DefaultInbox inbox() {
        chats.conversation("1");
        Inbox inbox = gateway.inbox(InboxOptions.builder().store(store).owner("a").leaseTtl(TTL)
                .maxBatchHold(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(5)).build());
        inbox.poll(Duration.ZERO);
        time.advance(Duration.ofSeconds(1));
        return (DefaultInbox) inbox;
    }

    /** @return a batch with a new message, pulled from {@code inbox}: held, so its lease is renewed */
    private InboxBatch pulled(DefaultInbox inbox) {
        chats.inbound("1", "x");
        InboxBatch batch = inbox.poll(Duration.ofSeconds(10));
        assertThat(batch.events()).isNotEmpty();
        assertThat(inbox.renewing("acc")).isTrue();
        return batch;
    }

    /** @return whether another owner can take the account now (it keeps it when so) */
    private boolean otherTakesOver() {
        return store.tryAcquire("default", "acc", "other", TTL).isPresent();
    }

    @Test
    void should_renew_while_a_pulled_batch_is_outstanding_and_stop_once_it_is_committed() {
        DefaultInbox inbox = inbox();
        assertThat(inbox.renewing("acc")).as("idle between polls").isFalse();
        InboxBatch batch = pulled(inbox);
        batch.commit();
        assertThat(inbox.renewing("acc")).isFalse();
        time.advance(TTL.plusSeconds(1)); // nothing renews it now: it runs out and another owner gets it
        assertThat(otherTakesOver()).isTrue();
    }

    @Test
    void should_hand_the_renewal_to_the_batch_of_the_next_poll_and_stop_when_that_one_is_committed() {
        DefaultInbox inbox = inbox();
        InboxBatch first = pulled(inbox);
        InboxBatch second = inbox.poll(Duration.ofSeconds(10)); // replaces the first: the same events again
        assertThat(second.events()).isEqualTo(first.events());
        assertThat(inbox.renewing("acc")).isTrue();
        assertThatThrownBy(first::commit).isInstanceOf(IllegalStateException.class);
        assertThat(inbox.renewing("acc")).as("the refused commit of the replaced batch ends nothing").isTrue();
        second.commit();
        assertThat(inbox.renewing("acc")).as("the replaced batch holds nothing any more").isFalse();
        assertThat(inbox.poll(Duration.ZERO).events()).isEmpty(); // an empty batch holds nothing
        assertThat(inbox.renewing("acc")).isFalse();
    }

    @Test
    void should_stop_renewing_and_release_the_lease_when_the_inbox_closes_with_a_batch_outstanding() {
        DefaultInbox inbox = inbox();
        InboxBatch batch = pulled(inbox);
        inbox.close();
        assertThat(inbox.renewing("acc")).isFalse();
        assertThat(otherTakesOver()).as("released at once").isTrue();
        assertThatThrownBy(batch::commit).isInstanceOf(io.chatgateway.store.LeaseLostException.class);
    }

    @Test
    void should_stop_renewing_once_the_batch_was_held_for_maxBatchHold() throws Exception {
        DefaultInbox inbox = inbox();
        pulled(inbox);
        time.advance(Duration.ofMinutes(1));
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos(); // safety net only: the keeper looks every 100 ms
        while (inbox.renewing("acc") && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        assertThat(inbox.renewing("acc")).as("the keeper gave the hold up").isFalse();
        time.advance(TTL);
        assertThat(otherTakesOver()).isTrue();
    }
}
