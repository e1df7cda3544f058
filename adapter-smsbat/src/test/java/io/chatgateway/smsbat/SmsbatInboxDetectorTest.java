package io.chatgateway.smsbat;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatgateway.ConversationRef;
import io.chatgateway.inbox.Inbox;
import io.chatgateway.inbox.InboxBatch;
import io.chatgateway.inbox.InboxEventType;
import io.chatgateway.inbox.InboxOptions;
import io.chatgateway.testkit.RecordedRequest;
import io.chatgateway.testkit.smsbat.SmsbatSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The inbox's SMSBAT change detector: an idle poll of an account with 50 chats is one chats-list request (no
 * per-chat history reads), a client reply is read from its unread count, and the sweep every 12th scan reads
 * the chats active since yesterday, finding an operator message elsewhere that moved no count.
 */
class SmsbatInboxDetectorTest {

    @Test
    void should_poll_50_idle_chats_with_one_list_request_and_read_only_the_chat_that_moved() {
        try (SmsbatConformanceTest.Target t = new SmsbatConformanceTest.Target()) {
            List<ConversationRef> chats = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                chats.add(t.conversationWithInboundMessages(1));
            }
            Inbox inbox = t.gateway().inbox(InboxOptions.builder().pollInterval(Duration.ofSeconds(5))
                    .maxPollInterval(Duration.ofSeconds(5)).build());
            inbox.poll(Duration.ZERO);
            inbox.poll(Duration.ofSeconds(5));
            t.sim.server().clearRequests();
            assertThat(inbox.poll(Duration.ofSeconds(5)).events()).isEmpty();
            assertThat(t.sim.server().requests()).extracting(RecordedRequest::path)
                    .containsExactly("/api/chat/chats");

            t.sim.addInbound(chats.get(7).id(), "reply");
            t.sim.server().clearRequests();
            InboxBatch b = inbox.poll(Duration.ofSeconds(10));
            assertThat(b.events()).filteredOn(e -> e.type() == InboxEventType.MESSAGE_RECEIVED)
                    .extracting(e -> e.message().text()).containsExactly("reply");
            assertThat(t.sim.server().requests()).extracting(RecordedRequest::path)
                    .containsExactly("/api/chat/chats", "/api/chat/chats/" + chats.get(7).id() + "/messages");
            b.commit();

            // an operator message from another desk moves no count: the sweep finds it within 12 scans
            t.sim.addMessage(Long.parseLong(chats.get(3).id()), SmsbatSimulator.AUTHOR_OPERATOR, "from another desk");
            List<String> sent = new ArrayList<>();
            int requests = 0;
            t.sim.server().clearRequests();
            for (int i = 0; i < 12 && sent.isEmpty(); i++) {
                InboxBatch s = inbox.poll(Duration.ofSeconds(5));
                s.events().stream().filter(e -> e.type() == InboxEventType.MESSAGE_SENT).forEach(e -> sent.add(e.message().text()));
                s.commit();
            }
            requests = t.sim.server().requestCount();
            assertThat(sent).containsExactly("from another desk");
            System.out.println("SMSBAT detector: " + requests + " requests until the sweep found it (50 chats active today)");
        }
    }
}
