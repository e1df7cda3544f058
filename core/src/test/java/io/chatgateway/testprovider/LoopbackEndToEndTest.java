package io.chatgateway.testprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.BroadcastResult;
import io.chatgateway.ChatGateway;
import io.chatgateway.ChatGatewayException;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationRef;
import io.chatgateway.ConversationUnavailableException;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.NotFoundException;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.QueryPlan;
import io.chatgateway.SendResult;
import io.chatgateway.fake.Loopback;
import io.chatgateway.fake.TestTime;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoopbackEndToEndTest {

    private final LoopbackServer server = new LoopbackServer();
    private final TestTime time = new TestTime();
    private final ChatGateway gateway = Loopback.gateway(server, time);

    @AfterEach
    void close() {
        gateway.close();
        server.close();
    }

    private ConversationRef seed(String id, int inbound) {
        server.backend().addConversation(id, "Truck " + id);
        for (int i = 0; i < inbound; i++) {
            server.backend().addInbound(id, "driver-" + id, "msg-" + i);
        }
        return new ConversationRef("lb", id);
    }

    @Test
    void should_be_found_by_service_loader_through_properties() {
        Properties p = new Properties();
        p.setProperty("chatgateway.account.found.provider", "loopback");
        p.setProperty("chatgateway.account.found.base-url", server.baseUri().toString());
        p.setProperty("chatgateway.account.found.token", LoopbackServer.TOKEN);
        seed("7", 1);
        try (ChatGateway g = ChatGateway.fromProperties(p)) {
            assertThat(g.provider("found")).isEqualTo("loopback");
            assertThat(g.unreadCounts("found")).containsEntry(new ConversationRef("found", "7"), 1L);
        }
    }

    @Test
    void should_list_conversations_with_attributes_and_provider_side_text_search() {
        seed("1", 2);
        seed("2", 0);
        server.backend().addConversation("3", "Van three");
        List<Conversation> all = gateway.conversations(ConversationQuery.forAccount("lb").pageSize(1).build())
                .stream().toList();
        assertThat(all).extracting(c -> c.ref().id()).containsExactly("1", "2", "3");
        assertThat(all.get(0).unreadCount()).isEqualTo(2);
        assertThat(all.get(0).status()).isEqualTo(Conversation.Status.OPEN);
        assertThat(all.get(0).attributes()).containsEntry("color", "blue");
        ConversationQuery search = ConversationQuery.forAccount("lb").text("van").build();
        assertThat(gateway.explain(search).atProvider()).containsExactly(QueryPlan.Filter.TEXT);
        assertThat(gateway.conversations(search).stream().map(c -> c.ref().id()).toList()).containsExactly("3");
        assertThat(server.requests("/api/conversations").get(server.requests("/api/conversations").size() - 1).query())
                .containsEntry("q", List.of("van"));
    }

    @Test
    void should_send_then_list_the_message_outbound_with_inbound_ones_unread() {
        ConversationRef c = seed("42", 2);
        SendResult sent = gateway.send(c, OutgoingMessage.text("on my way ✓"));
        List<Message> all = gateway.messages(MessageQuery.of(c).build()).stream().toList();
        assertThat(all).extracting(Message::text).containsExactly("msg-0", "msg-1", "on my way ✓");
        assertThat(all.get(0).direction()).isEqualTo(Message.Direction.INBOUND);
        assertThat(all.get(0).readStatus()).isEqualTo(Message.ReadStatus.UNREAD);
        assertThat(all.get(2).ref()).isEqualTo(sent.message());
        assertThat(all.get(2).direction()).isEqualTo(Message.Direction.OUTBOUND);
        assertThat(all.get(0).attributes()).containsEntry("channel", "loopback");
        assertThat(gateway.message(sent.message())).hasValueSatisfying(m -> assertThat(m.text()).isEqualTo("on my way ✓"));
        assertThat(gateway.message(c.message("m999999"))).isEmpty();
    }

    @Test
    void should_mark_read_and_report_unread_counts_that_agree() {
        ConversationRef a = seed("a", 3);
        ConversationRef b = seed("b", 2);
        List<Message> msgs = gateway.messages(MessageQuery.of(a).build()).items();
        gateway.markRead(List.of(msgs.get(0).ref()));
        assertThat(gateway.unreadCounts("lb")).isEqualTo(Map.of(a, 2L, b, 2L));
        gateway.markAllRead("lb", List.of(b));
        assertThat(gateway.unreadCounts("lb")).isEqualTo(Map.of(a, 2L));
        gateway.markAllRead("lb", List.of());
        assertThat(gateway.unreadCounts("lb")).isEmpty();
    }

    @Test
    void should_set_status_delete_and_report_last_activity() {
        ConversationRef a = seed("a", 1);
        ConversationRef empty = seed("e", 0);
        assertThat(gateway.lastActivity(List.of(a, empty))).containsOnlyKeys(a);
        gateway.setStatus(a, Conversation.Status.CLOSED);
        assertThat(server.backend().status("a")).isEqualTo("CLOSED");
        gateway.deleteConversation(a);
        assertThat(server.backend().exists("a")).isFalse();
        assertThatThrownBy(() -> gateway.deleteConversation(a)).isInstanceOf(NotFoundException.class)
                .satisfies(e -> {
                    ChatGatewayException g = (ChatGatewayException) e;
                    assertThat(g.account()).hasValue("lb");
                    assertThat(g.provider()).hasValue("loopback");
                    assertThat(g.operation()).hasValue(io.chatgateway.Operation.DELETE_CONVERSATION);
                    assertThat(g.providerCode()).hasValue("not_found");
                    assertThat(g.httpStatus()).hasValue(404);
                    assertThat(g.isRetryable()).isFalse();
                });
    }

    @Test
    void should_chunk_a_native_broadcast_by_the_provider_maximum_and_report_each_recipient() {
        List<ConversationRef> to = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            to.add(seed("r" + i, 0));
        }
        server.backend().setBlocked("r4", true);
        ConversationRef missing = new ConversationRef("lb", "nobody");
        to.add(missing);
        BroadcastResult result = gateway.broadcast(to, OutgoingMessage.text("storm warning"));
        assertThat(server.requests("/api/broadcast")).hasSize(3);
        assertThat(result.outcomes()).extracting(o -> o.conversation()).containsExactlyElementsOf(to);
        assertThat(result.sent()).hasSize(6);
        assertThat(result.failed()).extracting(o -> o.conversation()).containsExactly(to.get(4), missing);
        assertThat(result.failed().get(0).error()).isInstanceOf(ConversationUnavailableException.class);
        assertThat(result.failed().get(1).error()).isInstanceOf(NotFoundException.class);
        assertThat(server.backend().texts("r0")).containsExactly("storm warning");
    }

    @Test
    void should_map_a_blocked_conversation_to_conversation_unavailable() {
        ConversationRef c = seed("b1", 0);
        server.backend().setBlocked("b1", true);
        assertThatThrownBy(() -> gateway.send(c, OutgoingMessage.text("hi")))
                .isInstanceOf(ConversationUnavailableException.class)
                .hasMessageContaining("loopback account 'lb' (send): POST /api/conversations/b1/messages answered HTTP 409, code blocked");
    }
}
