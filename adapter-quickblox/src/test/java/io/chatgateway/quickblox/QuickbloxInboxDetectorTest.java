package io.chatgateway.quickblox;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatgateway.ConversationRef;
import io.chatgateway.inbox.Inbox;
import io.chatgateway.inbox.InboxBatch;
import io.chatgateway.inbox.InboxEventType;
import io.chatgateway.inbox.InboxOptions;
import io.chatgateway.testkit.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The inbox's QuickBlox change detector: with 250 dialogs (three pages of the full listing), an idle poll is one
 * {@code Dialog.json} request filtered by {@code last_message_date_sent}, and a reply is read from it.
 */
class QuickbloxInboxDetectorTest {

    @Test
    void should_poll_250_idle_dialogs_with_one_dialog_request_and_read_only_the_dialog_that_moved() {
        try (QuickbloxTarget t = new QuickbloxTarget(false)) {
            List<ConversationRef> dialogs = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                dialogs.add(t.conversationWithInboundMessages(1));
                t.time.advance(Duration.ofMinutes(1)); // one dialog's last message per minute
            }
            Inbox inbox = t.gateway().inbox(InboxOptions.builder().pollInterval(Duration.ofSeconds(5))
                    .maxPollInterval(Duration.ofSeconds(5)).build());
            inbox.poll(Duration.ZERO); // first scan: every dialog
            inbox.poll(Duration.ofSeconds(5));
            t.simulator.server().clearRequests();
            assertThat(inbox.poll(Duration.ofSeconds(5)).events()).isEmpty();
            List<RecordedRequest> idle = t.simulator.server().requests();
            assertThat(idle).extracting(RecordedRequest::path).containsExactly("/chat/Dialog.json");
            assertThat(idle.get(0).rawQuery()).contains("last_message_date_sent%5Bgte%5D=");

            t.simulator.addInbound(dialogs.get(42).id(), "reply");
            t.simulator.server().clearRequests();
            InboxBatch b = inbox.poll(Duration.ofSeconds(10));
            assertThat(b.events()).filteredOn(e -> e.type() == InboxEventType.MESSAGE_RECEIVED)
                    .extracting(e -> e.message().text()).containsExactly("reply");
            assertThat(t.simulator.server().requests()).extracting(RecordedRequest::path)
                    .containsExactly("/chat/Dialog.json", "/chat/Message.json");
            b.commit();
        }
    }
}
