package io.chatgateway.it.smsbat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.chatgateway.AuthenticationException;
import io.chatgateway.ChatGateway;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationRef;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.Message;
import io.chatgateway.MessageKind;
import io.chatgateway.MessageQuery;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.ProtocolException;
import io.chatgateway.it.FixtureFiles;
import io.chatgateway.smsbat.SmsbatConfig;
import io.chatgateway.testkit.FakeTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every payload in {@code fixtures/smsbat/} (test resources), through the gateway: request fixtures are compared
 * with what the adapter sends, answer fixtures are served and their mapping checked. Fixtures of the
 * management API (operators, organizations, token validation) are served where such objects or shapes can
 * reach the adapter: as a chat's operator or organization, or as an in-band answer of the token call.
 */
class SmsbatFixturesTest {

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ConversationRef CHAT = new ConversationRef("support", "123");
    /** Every fixture must be covered by a test below; a new fixture fails this class until it is. */
    private static final Set<String> COVERED = Set.of("change_chat_status_request.json", "company_token_bare_string.json",
            "error_generic_smsbat_api.json", "operator_token_request.json", "operators_list_nested_org.json",
            "operators_synchronize_response.json", "organizations_list.json", "send_media_message_request.json",
            "send_text_message_request.json", "signalr_media_dto_pascalcase.json", "token_object_with_expiration.json",
            "validate_token_invalid.json", "validate_token_valid.json");

    private FakeTime time = FakeTime.standard();
    private ChatGateway gateway;

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static String fixture(String name) {
        return FixtureFiles.read("smsbat", name);
    }

    private ChatGateway gateway(UnaryOperator<SmsbatConfig.Builder> config) {
        gateway = ChatGateway.builder().account("support", config.apply(SmsbatConfig.builder().baseUri(wm.baseUrl())).build())
                .clock(time).sleeper(time).build();
        return gateway;
    }

    private ChatGateway withToken() {
        return gateway(b -> b.token("eyJ.static.token"));
    }

    private ChatGateway withLogin() {
        return gateway(b -> b.login("acme").password("s3cret"));
    }

    @Test
    void should_cover_every_fixture() {
        assertThat(new TreeSet<>(FixtureFiles.jsonFiles("smsbat"))).isEqualTo(new TreeSet<>(COVERED));
    }

    // ------------------------------------------------------------------ request bodies

    @Test
    void should_send_the_change_chat_status_request_fixture() {
        wm.stubFor(put("/api/chat/status").willReturn(aResponse().withStatus(200)));
        withToken().setStatus(CHAT, Conversation.Status.OPEN);
        wm.verify(putRequestedFor(urlEqualTo("/api/chat/status"))
                .withRequestBody(equalToJson(fixture("change_chat_status_request.json"))));
    }

    @Test
    void should_send_the_send_text_message_request_fixture() {
        wm.stubFor(post("/api/chat/123/message").willReturn(okJson("{\"id\":1}")));
        withToken().send(CHAT, OutgoingMessage.text("Hello from Chathub!"));
        wm.verify(postRequestedFor(urlEqualTo("/api/chat/123/message"))
                .withRequestBody(equalToJson(fixture("send_text_message_request.json"))));
    }

    @Test
    void should_send_the_send_media_message_request_fixture() {
        wm.stubFor(post("/api/chat/123/message").willReturn(okJson("{\"id\":1}")));
        byte[] data = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x00};
        withToken().send(CHAT, OutgoingMessage.text("Check this image!")
                .withAttachment(new OutgoingMessage.Attachment("image.jpg", "image/jpeg", MessageKind.PHOTO, data)));
        // the fixture's placeholder "base64EncodedString" is not real base64; the rest must match exactly
        String expected = fixture("send_media_message_request.json").replace("base64EncodedString", "/9j/AA==");
        wm.verify(postRequestedFor(urlEqualTo("/api/chat/123/message")).withRequestBody(equalToJson(expected)));
    }

    @Test
    void should_send_the_operator_token_request_fixture() {
        time = new FakeTime(Instant.parse("2025-12-31T00:59:59Z")); // + 23 h = the fixture's expiresAt
        wm.stubFor(post("/api/company/get-token").willReturn(okJson(fixture("company_token_bare_string.json"))));
        wm.stubFor(post("/api/operator/get-token").willReturn(okJson("\"eyJ.operator.token\"")));
        wm.stubFor(get("/api/chat/chats/123/messages").willReturn(okJson("[]")));
        gateway(b -> b.login("acme").password("s3cret").operatorId(123)).messages(MessageQuery.of(CHAT).build());
        String companyJwt = fixture("company_token_bare_string.json").trim().replace("\"", "");
        wm.verify(postRequestedFor(urlEqualTo("/api/operator/get-token"))
                .withHeader("Authorization", equalTo("Bearer " + companyJwt))
                .withRequestBody(equalToJson(fixture("operator_token_request.json"))));
        wm.verify(getRequestedFor(urlEqualTo("/api/chat/chats/123/messages"))
                .withHeader("Authorization", equalTo("Bearer eyJ.operator.token")));
    }

    // ------------------------------------------------------------------ token answers

    @Test
    void should_use_the_company_token_bare_string_fixture() {
        wm.stubFor(post("/api/company/get-token").willReturn(okJson(fixture("company_token_bare_string.json"))));
        wm.stubFor(get("/api/chat/chats/123/messages").willReturn(okJson("[]")));
        withLogin().messages(MessageQuery.of(CHAT).build());
        wm.verify(getRequestedFor(urlEqualTo("/api/chat/chats/123/messages")).withHeader("Authorization",
                equalTo("Bearer " + fixture("company_token_bare_string.json").trim().replace("\"", ""))));
    }

    @Test
    void should_use_the_token_object_with_expiration_fixture_and_renew_at_its_expiration() {
        time = new FakeTime(Instant.parse("2025-01-24T10:00:00Z"));
        wm.stubFor(post("/api/company/get-token").willReturn(okJson(fixture("token_object_with_expiration.json"))));
        wm.stubFor(get("/api/chat/chats/123/messages").willReturn(okJson("[]")));
        ChatGateway g = withLogin();
        g.messages(MessageQuery.of(CHAT).build());
        g.messages(MessageQuery.of(CHAT).build());
        wm.verify(1, postRequestedFor(urlEqualTo("/api/company/get-token")));
        wm.verify(getRequestedFor(urlEqualTo("/api/chat/chats/123/messages"))
                .withHeader("Authorization", equalTo("Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...")));
        time.advance(Duration.ofMinutes(117)); // 11:57, within 5 minutes of the 12:00 expiration
        g.messages(MessageQuery.of(CHAT).build());
        wm.verify(2, postRequestedFor(urlEqualTo("/api/company/get-token")));
    }

    @Test
    void should_read_the_validate_token_invalid_fixture_as_an_authentication_failure() {
        wm.stubFor(post("/api/company/get-token").willReturn(okJson(fixture("validate_token_invalid.json"))));
        assertThatThrownBy(() -> withLogin().messages(MessageQuery.of(CHAT).build()))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("Invalid token");
    }

    @Test
    void should_refuse_the_validate_token_valid_fixture_as_a_token_answer_without_quoting_it() {
        wm.stubFor(post("/api/company/get-token").willReturn(okJson(fixture("validate_token_valid.json"))));
        assertThatThrownBy(() -> withLogin().messages(MessageQuery.of(CHAT).build()))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("JSON without a token")
                .hasMessageNotContaining("isValid");
    }

    // ------------------------------------------------------------------ errors

    @Test
    void should_map_the_generic_smsbat_error_fixture() {
        wm.stubFor(put("/api/chat/status").willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody(fixture("error_generic_smsbat_api.json"))));
        assertThatThrownBy(() -> withToken().setStatus(CHAT, Conversation.Status.CLOSED))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("code 1001").hasMessageContaining("Missing required field: 'messages'")
                .satisfies(e -> assertThat(((InvalidRequestException) e).providerCode()).hasValue("1001"));
    }

    // ------------------------------------------------------------------ objects inside chats and messages

    private List<Conversation> chatsWith(String field, JsonNode values) {
        ArrayNode items = JSON.createArrayNode();
        int id = 1;
        for (JsonNode v : values) {
            ObjectNode chat = items.addObject().put("id", id++).put("theme", "t").put("chatStatus", 1).put("countUnread", 0);
            chat.set(field, v);
        }
        ObjectNode page = JSON.createObjectNode().put("total", items.size());
        page.set("items", items);
        wm.stubFor(get(urlPathEqualTo("/api/chat/chats")).willReturn(okJson(page.toString())));
        return withToken().conversations(ConversationQuery.forAccount("support").build()).stream().toList();
    }

    @Test
    void should_map_operators_list_objects_as_chat_assignees() throws Exception {
        JsonNode operators = JSON.readTree(fixture("operators_list_nested_org.json"));
        List<Conversation> chats = chatsWith("operator", operators);
        assertThat(chats).extracting(c -> c.assignee().id() + " " + c.assignee().name())
                .containsExactly("101 John Smith", "102 Sarah Johnson", "103 Mike Wilson");
        assertThat(chats).extracting(Conversation::status).containsOnly(Conversation.Status.OPEN); // operator status not confused
    }

    @Test
    void should_map_operators_synchronize_objects_as_chat_assignees() throws Exception {
        List<Conversation> chats = chatsWith("operator", JSON.readTree(fixture("operators_synchronize_response.json")));
        assertThat(chats).extracting(c -> c.assignee().name()).containsExactly("Alex Brown", "Emma Davis");
    }

    @Test
    void should_keep_organization_objects_of_chats_in_attributes() throws Exception {
        List<Conversation> chats = chatsWith("organization", JSON.readTree(fixture("organizations_list.json")));
        assertThat(chats).extracting(c -> c.attributes().get("organization"))
                .containsExactly(Map.of("id", 6L, "name", "Customer Support"), Map.of("id", 24L, "name", "Sales Team"),
                        Map.of("id", 42L, "name", "Technical Support"));
    }

    @Test
    void should_read_the_signalr_pascal_case_media_fixture_in_a_message() throws Exception {
        ObjectNode message = JSON.createObjectNode().put("id", 9).put("chatId", 123).put("message", "")
                .put("author", 1).put("status", 0).put("date", "2025-04-01T09:46:24.687Z");
        message.set("media", JSON.readTree(fixture("signalr_media_dto_pascalcase.json")));
        wm.stubFor(get("/api/chat/chats/123/messages").willReturn(okJson("[" + message + "]")));
        Message m = withToken().messages(MessageQuery.of(CHAT).build()).items().get(0);
        assertThat(m.kind()).isEqualTo(MessageKind.PHOTO);
        assertThat(m.attachments()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("image.jpg");
            assertThat(a.contentType()).isEqualTo("jpg");
            assertThat(a.kind()).isEqualTo(MessageKind.PHOTO);
            assertThat(a.url()).startsWith("data:").endsWith("base64EncodedString");
        });
    }
}
