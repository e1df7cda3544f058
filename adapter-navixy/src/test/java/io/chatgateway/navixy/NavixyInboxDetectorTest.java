package io.chatgateway.navixy;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatgateway.ConversationRef;
import io.chatgateway.inbox.Inbox;
import io.chatgateway.inbox.InboxBatch;
import io.chatgateway.inbox.InboxEventType;
import io.chatgateway.inbox.InboxOptions;
import io.chatgateway.testkit.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
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

    @Test
    void should_make_exactly_one_request_per_idle_poll_with_300_trackers_and_refresh_the_listing_every_5_minutes() {
        try (NavixyTarget t = NavixyTarget.standard()) {
            for (int i = 0; i < 300; i++) {
                t.sim.addTracker("truck " + i);
            }
            Duration second = Duration.ofSeconds(1);
            Inbox inbox = t.gateway().inbox(InboxOptions.builder().pollInterval(second).minPollInterval(second)
                    .maxPollInterval(second).build());
            inbox.poll(Duration.ZERO); // first scan: the full listing
            Instant listed = t.time.instant();
            t.sim.server().clearRequests();
            int polls = 0;
            while (t.time.instant().isBefore(listed.plus(Duration.ofMinutes(5)).minus(second))) {
                assertThat(inbox.poll(second).events()).isEmpty();
                polls++;
            }
            assertThat(polls).as("polls in 5 minutes (some wait for a rate-limiter permit)").isGreaterThan(100);
            assertThat(t.sim.server().requests()).extracting(RecordedRequest::path).hasSize(polls)
                    .containsOnly("/v2/tracker/chat/updated/list");

            t.sim.server().clearRequests();
            for (int i = 0; i < 10; i++) { // the 5 minutes end: one refresh, the full listing, then idle again
                assertThat(inbox.poll(second).events()).isEmpty();
            }
            Map<String, Long> paths = t.sim.server().requests().stream()
                    .collect(Collectors.groupingBy(RecordedRequest::path, Collectors.counting()));
            assertThat(paths).containsEntry("/v2/tracker/list", 1L).containsEntry("/v2/tracker/chat/updated/list", 10L)
                    .hasSize(3);
            assertThat(t.sim.server().requests()).hasSize(12);
        }
    }
}
