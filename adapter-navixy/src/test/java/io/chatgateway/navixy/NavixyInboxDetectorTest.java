package io.chatgateway.navixy;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatgateway.ConversationRef;
import io.chatgateway.inbox.Inbox;
import io.chatgateway.inbox.InboxBatch;
import io.chatgateway.inbox.InboxEventType;
import io.chatgateway.inbox.InboxOptions;
import io.chatgateway.testkit.RecordedRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The inbox's Navixy change detector: an idle poll is one updated/list request, a reply is read from it. */
class NavixyInboxDetectorTest {

    @Test
    void should_poll_an_idle_account_with_one_updated_list_request_and_read_the_tracker_that_moved() {
        try (NavixyTarget t = NavixyTarget.standard()) {
            ConversationRef tracker = t.conversationWithInboundMessages(2);
            Inbox inbox = t.gateway().inbox(InboxOptions.builder().pollInterval(Duration.ofSeconds(5))
                    .maxPollInterval(Duration.ofSeconds(5)).build());
            inbox.poll(Duration.ZERO); // first scan: the full listing
            inbox.poll(Duration.ofSeconds(10)); // settles
            t.sim.server().clearRequests();
            assertThat(inbox.poll(Duration.ofSeconds(5)).events()).isEmpty();
            assertThat(t.sim.server().requests()).extracting(RecordedRequest::path)
                    .containsExactly("/v2/tracker/chat/updated/list");

            t.sim.addIncoming(Long.parseLong(tracker.id()), "reply", t.time.instant(), 4200L);
            t.sim.server().clearRequests();
            InboxBatch b = inbox.poll(Duration.ofSeconds(10));
            assertThat(b.events()).extracting(e -> e.type()).containsExactly(InboxEventType.MESSAGE_RECEIVED);
            assertThat(b.events().get(0).message().text()).isEqualTo("reply");
            assertThat(t.sim.server().requests()).extracting(RecordedRequest::path)
                    .containsExactly("/v2/tracker/chat/updated/list", "/v2/tracker/chat/list");
            b.commit();
        }
    }
}
