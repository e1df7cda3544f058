package io.chatgateway.it.smsbat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.chatgateway.AuthenticationException;
import io.chatgateway.ChatGateway;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationRef;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.NotFoundException;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.PermissionDeniedException;
import io.chatgateway.ProtocolException;
import io.chatgateway.ProviderUnavailableException;
import io.chatgateway.RateLimitedException;
import io.chatgateway.SendResult;
import io.chatgateway.smsbat.SmsbatConfig;
import io.chatgateway.testkit.FakeTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Exact requests of the SMSBAT adapter and its handling of every error shape and fault, through the gateway. */
class SmsbatWireMockTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjb21wYW55In0.c2ln";
    private static final ConversationRef CHAT = new ConversationRef("support", "123");

    private final FakeTime time = FakeTime.standard();
    private ChatGateway gateway;

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private ChatGateway gateway(UnaryOperator<SmsbatConfig.Builder> tweak) {
        gateway = ChatGateway.builder()
                .account("support", tweak.apply(SmsbatConfig.builder().baseUri(wm.baseUrl()).token(TOKEN)).build())
                .clock(time).sleeper(time).build();
        return gateway;
    }

    private ChatGateway gateway() {
        return gateway(b -> b);
    }

    private static final String MESSAGES = "[{\"id\":9,\"chatId\":123,\"message\":\"Hello\",\"phone\":\"380936670003\","
            + "\"author\":1,\"status\":0,\"date\":\"2025-04-01T09:46:24.687Z\",\"operator\":null,\"messageType\":0},"
            + "{\"id\":10,\"chatId\":123,\"message\":\"Hi, how can I help?\",\"phone\":\"380936670003\",\"author\":0,"
            + "\"status\":1,\"date\":\"2025-04-01T09:47:00.000Z\",\"operator\":{\"id\":21,\"name\":\"Jane\"},\"messageType\":0}]";

    // ------------------------------------------------------------------ exact requests

    @Test
    void should_list_chats_with_every_filter_and_the_repeated_date() {
        wm.stubFor(get(urlPathEqualTo("/api/chat/chats")).willReturn(okJson("{\"total\":1,\"items\":[{\"id\":123,"
                + "\"theme\":\"Delivery\",\"operator\":{\"id\":21,\"name\":\"Jane\",\"photo\":\"url_to_photo.png\"},"
                + "\"chatStatus\":1,\"countUnread\":3}]}")));
        List<Conversation> chats = gateway().conversations(ConversationQuery.forAccount("support").text("Olena Ko")
                .status(Conversation.Status.CLOSED).assigneeId("21")
                .activeSince(Instant.parse("2026-01-28T00:00:00Z")).activeUntil(Instant.parse("2026-01-30T00:00:00Z"))
                .pageSize(50).providerFilter("source", "2").providerFilter("tg_user_id", "781234567")
                .providerFilter("phone", "+380 93 667 0003").providerFilter("organizationId", "6").build()).items();
        assertThat(chats).singleElement().satisfies(c -> {
            assertThat(c.unreadCount()).isEqualTo(3);
            assertThat(c.assignee().name()).isEqualTo("Jane");
        });
        wm.verify(getRequestedFor(urlEqualTo("/api/chat/chats?page=1&per_page=50&search=Olena%20Ko&source=2"
                + "&date=2026-01-28&date=2026-01-29&tg_user_id=781234567&phone=%2B380%2093%20667%200003&status=4"
                + "&organizationId=6&operatorId=21"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("Accept", equalTo("application/json")));
    }

    @Test
    void should_send_an_open_ended_activity_range_as_two_dates() {
        wm.stubFor(get(urlPathEqualTo("/api/chat/chats")).willReturn(okJson("{\"total\":0,\"items\":[]}")));
        gateway().conversations(ConversationQuery.forAccount("support").activeSince(Instant.parse("2026-11-01T12:00:00Z")).build());
        gateway.close();
        gateway().conversations(ConversationQuery.forAccount("support").activeUntil(Instant.parse("2026-11-02T00:00:00Z")).build());
        wm.verify(getRequestedFor(urlEqualTo("/api/chat/chats?page=1&per_page=100&date=2026-11-01&date=2026-11-20")));
        wm.verify(getRequestedFor(urlEqualTo("/api/chat/chats?page=1&per_page=100&date=2000-01-01&date=2026-11-01")));
    }

    @Test
    void should_page_chats_until_total() {
        wm.stubFor(get(urlEqualTo("/api/chat/chats?page=1&per_page=2")).willReturn(okJson(
                "{\"total\":3,\"items\":[{\"id\":1,\"chatStatus\":0},{\"id\":2,\"chatStatus\":0}]}")));
        wm.stubFor(get(urlEqualTo("/api/chat/chats?page=2&per_page=2")).willReturn(okJson(
                "{\"total\":3,\"items\":[{\"id\":2,\"chatStatus\":0},{\"id\":3,\"chatStatus\":0}]}")));
        List<String> ids = gateway().conversations(ConversationQuery.forAccount("support").pageSize(2).build())
                .stream().map(c -> c.ref().id()).toList();
        assertThat(ids).containsExactly("1", "2", "3"); // id 2 shifted onto page 2 is not repeated
        // two chat-list pages (stops at total); the other requests read each chat's history for lastMessageAt
        assertThat(wm.findAll(getRequestedFor(urlPathEqualTo("/api/chat/chats")))).hasSize(2);
    }

    @Test
    void should_put_the_chat_status() {
        wm.stubFor(put("/api/chat/status").willReturn(aResponse().withStatus(200)));
        gateway().setStatus(CHAT, Conversation.Status.WAITING);
        wm.verify(putRequestedFor(urlEqualTo("/api/chat/status"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(equalToJson("{\"id\":123,\"status\":2}")));
    }

    @Test
    void should_delete_with_an_ok_text_or_an_empty_answer() {
        wm.stubFor(delete("/api/chat/chats/123").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/plain").withBody("OK")));
        wm.stubFor(delete("/api/chat/chats/124").willReturn(aResponse().withStatus(200)));
        gateway().deleteConversation(CHAT);
        gateway.deleteConversation(new ConversationRef("support", "124"));
        wm.verify(deleteRequestedFor(urlEqualTo("/api/chat/chats/123")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        wm.verify(deleteRequestedFor(urlEqualTo("/api/chat/chats/124")));
    }

    @Test
    void should_fall_back_to_the_website_messages_path_and_remember_it() {
        wm.stubFor(get("/api/chat/chats/123/messages").willReturn(aResponse().withStatus(404)));
        wm.stubFor(get("/api/chat/123/messages").willReturn(okJson(MESSAGES)));
        ChatGateway g = gateway();
        List<Message> first = g.messages(MessageQuery.of(CHAT).build()).items();
        g.messages(MessageQuery.of(CHAT).newestFirst().build());
        assertThat(first).extracting(Message::text).containsExactly("Hello", "Hi, how can I help?");
        wm.verify(1, getRequestedFor(urlEqualTo("/api/chat/chats/123/messages")));
        wm.verify(2, getRequestedFor(urlEqualTo("/api/chat/123/messages")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void should_filter_recipients_and_update_times_in_the_adapter_with_one_request_per_page() {
        wm.stubFor(get("/api/chat/chats/123/messages").willReturn(okJson(MESSAGES)));
        ChatGateway g = gateway();
        MessageQuery toClient = MessageQuery.of(CHAT).recipientsIn("380936670003").pageSize(1).build();
        List<Message> got = g.messages(toClient).stream().toList();
        assertThat(got).extracting(Message::text).containsExactly("Hi, how can I help?");
        assertThat(got.get(0).recipient().role()).isEqualTo(io.chatgateway.Participant.Role.CUSTOMER);
        assertThat(g.messages(MessageQuery.of(CHAT).build()).items().get(0).recipient()).isNull();
        assertThat(g.messages(MessageQuery.of(CHAT).recipientsNotIn("380936670003").build()).stream().map(Message::text))
                .containsExactly("Hello");
        MessageQuery updated = MessageQuery.of(CHAT).updatedSince(Instant.parse("2025-01-01T00:00:00Z")).build();
        assertThat(g.messages(updated).items()).isEmpty();
        assertThat(g.explain(toClient).inAdapter()).contains(io.chatgateway.QueryPlan.Filter.RECIPIENTS_IN);
        assertThat(g.explain(updated).explain()).contains("in adapter: [UPDATED_SINCE]", "no update time");
        // each page is one request for the whole history, filters add none
        wm.verify(4, getRequestedFor(urlEqualTo("/api/chat/chats/123/messages")));
    }

    @Test
    void should_map_a_chat_unknown_on_both_paths_to_not_found() {
        wm.stubFor(get("/api/chat/chats/123/messages").willReturn(aResponse().withStatus(404)));
        wm.stubFor(get("/api/chat/123/messages").willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"title\":\"Not Found\",\"status\":404,\"detail\":\"Chat 123 not found\"}")));
        assertThatThrownBy(() -> gateway().messages(MessageQuery.of(CHAT).build()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("Chat 123 not found");
    }

    @Test
    void should_post_text_and_take_the_id_of_the_returned_message() {
        wm.stubFor(post("/api/chat/123/message").willReturn(okJson("{\"id\":77,\"chatId\":123,\"message\":\"Hello\","
                + "\"author\":0,\"status\":1,\"date\":\"2026-11-20T10:00:01.000Z\"}")));
        SendResult r = gateway().send(CHAT, OutgoingMessage.text("Hello"));
        assertThat(r.message()).isEqualTo(CHAT.message("77"));
        assertThat(r.acceptedAt()).isEqualTo(Instant.parse("2026-11-20T10:00:01Z"));
        wm.verify(postRequestedFor(urlEqualTo("/api/chat/123/message"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(equalToJson("{\"textMessage\":\"Hello\",\"author\":0}")));
    }

    @Test
    void should_find_the_sent_message_when_the_answer_is_empty() {
        wm.stubFor(post("/api/chat/123/message").willReturn(aResponse().withStatus(200)));
        wm.stubFor(get("/api/chat/chats/123/messages").willReturn(okJson(MESSAGES)));
        SendResult r = gateway().send(CHAT, OutgoingMessage.text("Hi, how can I help?"));
        assertThat(r.message()).isEqualTo(CHAT.message("10"));
    }

    @Test
    void should_take_a_bare_id_answer() {
        wm.stubFor(post("/api/chat/123/message").willReturn(okJson("4711")));
        assertThat(gateway().send(CHAT, OutgoingMessage.text("x")).message()).isEqualTo(CHAT.message("4711"));
        assertThat(wm.getAllServeEvents()).hasSize(1);
    }

    @Test
    void should_mark_read_with_the_default_body() {
        wm.stubFor(put("/api/chat/messages/status").willReturn(aResponse().withStatus(200)));
        gateway().markRead(List.of(CHAT.message("9"), CHAT.message("12")));
        wm.verify(putRequestedFor(urlEqualTo("/api/chat/messages/status"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"ids\":[9,12],\"status\":3}")));
    }

    @Test
    void should_emulate_unread_counts_and_mark_all_read() {
        wm.stubFor(get(urlPathEqualTo("/api/chat/chats")).willReturn(okJson("{\"total\":2,\"items\":["
                + "{\"id\":123,\"chatStatus\":1,\"countUnread\":1},{\"id\":124,\"chatStatus\":1,\"countUnread\":0}]}")));
        wm.stubFor(get("/api/chat/chats/123/messages").willReturn(okJson(MESSAGES)));
        wm.stubFor(put("/api/chat/messages/status").willReturn(aResponse().withStatus(200)));
        ChatGateway g = gateway();
        assertThat(g.unreadCounts("support")).containsOnlyKeys(CHAT).containsValue(1L);
        g.markAllRead("support", List.of());
        wm.verify(getRequestedFor(urlEqualTo("/api/chat/chats?page=1&per_page=100")));
        wm.verify(0, getRequestedFor(urlEqualTo("/api/chat/chats/124/messages")));
        wm.verify(putRequestedFor(urlEqualTo("/api/chat/messages/status")).withRequestBody(equalToJson("{\"ids\":[9],\"status\":3}")));
    }

    @Test
    void should_get_a_company_token_with_the_login_and_use_it() {
        wm.stubFor(post("/api/company/get-token").willReturn(okJson("\"" + TOKEN + "\"")));
        wm.stubFor(get("/api/chat/chats/123/messages").willReturn(okJson("[]")));
        ChatGateway g = gateway(b -> SmsbatConfig.builder().baseUri(wm.baseUrl()).login("acme").password("s3cret"));
        g.messages(MessageQuery.of(CHAT).build());
        g.messages(MessageQuery.of(CHAT).build());
        wm.verify(1, postRequestedFor(urlEqualTo("/api/company/get-token"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"login\":\"acme\",\"password\":\"s3cret\"}")));
        wm.verify(2, getRequestedFor(urlEqualTo("/api/chat/chats/123/messages")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void should_renew_once_and_replay_once_on_401() {
        wm.stubFor(post("/api/company/get-token").willReturn(okJson("\"" + TOKEN + "\"")));
        wm.stubFor(get("/api/chat/chats/123/messages").inScenario("expiry").whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(401)).willSetStateTo("renewed"));
        wm.stubFor(get("/api/chat/chats/123/messages").inScenario("expiry").whenScenarioStateIs("renewed")
                .willReturn(okJson("[]")));
        gateway(b -> SmsbatConfig.builder().baseUri(wm.baseUrl()).login("acme").password("s3cret"))
                .messages(MessageQuery.of(CHAT).build());
        wm.verify(2, postRequestedFor(urlEqualTo("/api/company/get-token")));
        wm.verify(2, getRequestedFor(urlEqualTo("/api/chat/chats/123/messages")));
    }

    @Test
    void should_give_up_after_one_renewal_when_401_persists() {
        wm.stubFor(post("/api/company/get-token").willReturn(okJson("\"" + TOKEN + "\"")));
        wm.stubFor(get("/api/chat/chats/123/messages").willReturn(aResponse().withStatus(401)));
        assertThatThrownBy(() -> gateway(b -> SmsbatConfig.builder().baseUri(wm.baseUrl()).login("acme").password("s3cret"))
                .messages(MessageQuery.of(CHAT).build())).isInstanceOf(AuthenticationException.class);
        wm.verify(2, postRequestedFor(urlEqualTo("/api/company/get-token")));
        wm.verify(2, getRequestedFor(urlEqualTo("/api/chat/chats/123/messages")));
    }

    // ------------------------------------------------------------------ errors and faults

    @Test
    void should_map_401_403_404_422_to_typed_errors_without_retrying() {
        ChatGateway g = gateway();
        String[][] cases = {{"401", ""}, {"403", "Forbidden"}, {"404", "{\"message\":\"Chat not found\"}"},
                {"422", "{\"title\":\"Validation\",\"errors\":{\"Status\":[\"Out of range\"]}}"}};
        Class<?>[] types = {AuthenticationException.class, PermissionDeniedException.class, NotFoundException.class,
                InvalidRequestException.class};
        for (int i = 0; i < cases.length; i++) {
            wm.resetAll();
            wm.stubFor(put("/api/chat/status").willReturn(aResponse().withStatus(Integer.parseInt(cases[i][0])).withBody(cases[i][1])));
            assertThatThrownBy(() -> g.setStatus(CHAT, Conversation.Status.OPEN)).as(cases[i][0]).isInstanceOf(types[i])
                    .hasMessageContaining("PUT /api/chat/status answered HTTP " + cases[i][0])
                    .hasMessageNotContaining(TOKEN);
            assertThat(wm.getAllServeEvents()).as(cases[i][0]).hasSize(1);
        }
    }

    @Test
    void should_retry_429_after_retry_after_and_then_fail_rate_limited() {
        wm.stubFor(get(urlPathEqualTo("/api/chat/chats")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")));
        assertThatThrownBy(() -> gateway().conversations(ConversationQuery.forAccount("support").build()))
                .isInstanceOf(RateLimitedException.class);
        assertThat(wm.getAllServeEvents()).hasSize(3);
        assertThat(time.sleeps()).contains(Duration.ofSeconds(2));
    }

    @Test
    void should_retry_5xx_reads_and_recover() {
        wm.stubFor(get("/api/chat/chats/123/messages").inScenario("flaky").whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(502).withHeader("Content-Type", "text/html")
                        .withBody("<html><body><h1>502 Bad Gateway</h1></body></html>")).willSetStateTo("ok"));
        wm.stubFor(get("/api/chat/chats/123/messages").inScenario("flaky").whenScenarioStateIs("ok").willReturn(okJson(MESSAGES)));
        assertThat(gateway().messages(MessageQuery.of(CHAT).build()).items()).hasSize(2);
    }

    @Test
    void should_fail_a_read_with_provider_unavailable_when_500_persists() {
        wm.stubFor(get("/api/chat/chats/123/messages").willReturn(aResponse().withStatus(500).withBody("\"Internal error\"")));
        assertThatThrownBy(() -> gateway().messages(MessageQuery.of(CHAT).build()))
                .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("Internal error");
        assertThat(wm.getAllServeEvents()).hasSize(3);
    }

    @Test
    void should_never_resend_after_a_500_or_a_reset() {
        wm.stubFor(post("/api/chat/123/message").willReturn(aResponse().withStatus(500)));
        ChatGateway g = gateway();
        assertThatThrownBy(() -> g.send(CHAT, OutgoingMessage.text("x"))).isInstanceOf(DeliveryUncertainException.class);
        wm.resetAll();
        wm.stubFor(post("/api/chat/123/message").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThatThrownBy(() -> g.send(CHAT, OutgoingMessage.text("y"))).isInstanceOf(DeliveryUncertainException.class);
        assertThat(wm.getAllServeEvents()).hasSize(1);
    }

    @Test
    void should_retry_a_send_refused_with_503() {
        wm.stubFor(post("/api/chat/123/message").inScenario("busy").whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("ok"));
        wm.stubFor(post("/api/chat/123/message").inScenario("busy").whenScenarioStateIs("ok").willReturn(okJson("{\"id\":5}")));
        assertThat(gateway().send(CHAT, OutgoingMessage.text("x")).message().id()).isEqualTo("5");
    }

    @Test
    void should_report_malformed_and_unexpected_bodies_as_protocol_errors() {
        wm.stubFor(get(urlPathEqualTo("/api/chat/chats")).willReturn(okJson("{\"total\":3,\"items\":[{\"id\":1,")));
        assertThatThrownBy(() -> gateway().conversations(ConversationQuery.forAccount("support").build()))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("not valid JSON");
        wm.resetAll();
        wm.stubFor(get(urlPathEqualTo("/api/chat/chats")).willReturn(okJson("{\"chats\":\"none\"}")));
        assertThatThrownBy(() -> gateway.conversations(ConversationQuery.forAccount("support").build()))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("not a chat list");
        wm.resetAll();
        wm.stubFor(get("/api/chat/chats/123/messages").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<html>login page</html>")));
        assertThatThrownBy(() -> gateway.messages(MessageQuery.of(CHAT).build()))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void should_accept_a_bare_array_as_the_chat_list() {
        wm.stubFor(get(urlPathEqualTo("/api/chat/chats")).willReturn(okJson("[{\"id\":1,\"chatStatus\":2}]")));
        assertThat(gateway().conversations(ConversationQuery.forAccount("support").build()).stream())
                .extracting(c -> c.status()).containsExactly(Conversation.Status.WAITING);
    }
}
