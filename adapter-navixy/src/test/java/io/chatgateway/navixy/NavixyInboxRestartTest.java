package io.chatgateway.navixy;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatgateway.ConversationRef;
import io.chatgateway.inbox.Inbox;
import io.chatgateway.inbox.InboxBatch;
import io.chatgateway.inbox.InboxEventType;
import io.chatgateway.inbox.InboxOptions;
import io.chatgateway.store.InboxStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A restarted inbox on the same store picks up a reply that arrived in the second of the last scan of the one before. */
class NavixyInboxRestartTest {

    @Test
    void should_deliver_after_a_restart_a_reply_that_came_in_the_second_of_the_last_scan() {
        try (NavixyTarget t = NavixyTarget.standard()) {
            ConversationRef tracker = t.conversationWithInboundMessages(2);
            InboxStore store = InboxStore.inMemory();
            Inbox first = t.gateway().inbox(InboxOptions.builder().store(store).owner("a")
                    .pollInterval(Duration.ofSeconds(5)).build());
            first.poll(Duration.ZERO);
            t.sim.addIncoming(Long.parseLong(tracker.id()), "one", t.time.instant(), 4200L);
            InboxBatch b = first.poll(Duration.ofSeconds(10));
            assertThat(b.events()).extracting(e -> e.message().text()).containsExactly("one");
            b.commit();
            first.poll(Duration.ofSeconds(10)).commit();
            first.close();
            // at the instant of the last scan: a second-granular position must not skip it
            t.sim.addIncoming(Long.parseLong(tracker.id()), "two", t.time.instant(), 4200L);
            Inbox second = t.gateway().inbox(InboxOptions.builder().store(store).owner("b")
                    .pollInterval(Duration.ofSeconds(5)).build());
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                InboxBatch x = second.poll(Duration.ofSeconds(10));
                x.events().stream().filter(e -> e.type() == InboxEventType.MESSAGE_RECEIVED)
                        .forEach(e -> got.add(e.message().text()));
                x.commit();
            }
            assertThat(got).containsExactly("two");
        }
    }
}
