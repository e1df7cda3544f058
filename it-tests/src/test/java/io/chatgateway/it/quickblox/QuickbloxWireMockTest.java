package io.chatgateway.it.quickblox;

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
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.chatgateway.AuthenticationException;
import io.chatgateway.ChatGateway;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationRef;
import io.chatgateway.ConversationUnavailableException;
import io.chatgateway.DeliveryStatus;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.Message;
import io.chatgateway.MessageKind;
import io.chatgateway.MessageQuery;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.PermissionDeniedException;
import io.chatgateway.ProtocolException;
import io.chatgateway.ProviderUnavailableException;
import io.chatgateway.Secret;
import io.chatgateway.SendResult;
import io.chatgateway.it.FixtureFiles;
import io.chatgateway.quickblox.QuickbloxConfig;
import io.chatgateway.quickblox.QuickbloxFilter;
import io.chatgateway.testkit.FakeTime;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The QuickBlox adapter through {@link ChatGateway} against WireMock: exact requests (operators encoded once,
 * brackets in keys, headers, bodies), every fixture of {@code fixtures/quickblox} (test resources) decoded, and faults.
 */
class QuickbloxWireMockTest {

    private static final String DIALOG = "5d75393ba28f9a17e1cb0f9e";
    private static final long ME = 96753878;
    private static final String API_KEY = "wm-api-key-123";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> DECODED = ConcurrentHashMap.newKeySet();

    private final WireMockServer wm = new WireMockServer(WireMockConfiguration.options().dynamicPort().jettyAcceptors(1));
    private final FakeTime time = FakeTime.standard();
    private ChatGateway gateway;

    @BeforeEach
    void start() {
        wm.start();
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        wm.stop();
    }

    private ChatGateway apiKeyGateway() {
        gateway = ChatGateway.builder()
                .account("app", QuickbloxConfig.builder().baseUri(URI.create(wm.baseUrl())).apiKey(API_KEY).onBehalfOf(ME).build())
                .clock(time).sleeper(time).build();
        return gateway;
    }

    private ChatGateway sessionGateway(QuickbloxConfig.Builder extra) {
        gateway = ChatGateway.builder()
                .account("app", extra.baseUri(URI.create(wm.baseUrl())).applicationId("76730")
                        .authKey(Secret.of("wm-auth-key")).authSecret(Secret.of("wm-auth-secret"))
                        .login("agent").password(Secret.of("wm-password")).build())
                .clock(time).sleeper(time).build();
        return gateway;
    }

    private static String fixture(String name) {
        DECODED.add(name);
        return FixtureFiles.read("quickblox", name);
    }

    private static String itemsOf(String... objects) {
        return "{\"items\":[" + String.join(",", objects) + "]}";
    }

    private List<String> rawUrls() {
        return wm.getAllServeEvents().stream().map(e -> e.getRequest().getUrl()).toList();
    }

    // ------------------------------------------------------------------ messages

    @Test
    void should_send_every_operator_encoded_once_with_api_key_headers_and_decode_custom_fields() {
        wm.stubFor(get(urlPathEqualTo("/chat/Message.json"))
                .withHeader("Authorization", equalTo("ApiKey " + API_KEY))
                .withHeader("On-Behalf-Of", equalTo(Long.toString(ME)))
                .withQueryParam("chat_dialog_id", equalTo(DIALOG))
                .withQueryParam("mark_as_read", equalTo("0"))
                .withQueryParam("sort_desc", equalTo("date_sent"))
                .withQueryParam("date_sent[gte]", equalTo("1567900000"))
                .withQueryParam("date_sent[lt]", equalTo("1568100000"))
                .withQueryParam("sender_id[in]", equalTo("343,96753878"))
                .withQueryParam("sender_id[nin]", equalTo("7"))
                .withQueryParam("message[ctn]", equalTo("HI GUYS"))
                .withQueryParam("limit", equalTo("100"))
                .willReturn(okJson(fixture("list_messages_custom_field.json"))));
        List<Message> messages = apiKeyGateway().messages(MessageQuery.of(new ConversationRef("app", DIALOG))
                .since(Instant.ofEpochSecond(1567900000)).until(Instant.ofEpochSecond(1568100000))
                .sendersIn("96753878", "343").sendersNotIn("7").textContains("HI GUYS").newestFirst().build()).items();
        String url = rawUrls().get(0);
        assertThat(url).contains("date_sent%5Bgte%5D=1567900000", "sender_id%5Bin%5D=343%2C96753878",
                "message%5Bctn%5D=HI%20GUYS", "mark_as_read=0").doesNotContain("%25");
        assertThat(messages).hasSize(2);
        Message first = messages.get(0);
        assertThat(first.ref().toString()).isEqualTo("app:" + DIALOG + "/5d755856a0eb47411e0b72a9");
        assertThat(first.direction()).isEqualTo(Message.Direction.OUTBOUND);
        assertThat(first.delivery()).isEqualTo(DeliveryStatus.SENT);
        assertThat(first.readStatus()).isEqualTo(Message.ReadStatus.READ);
        assertThat(first.sentAt()).isEqualTo(Instant.ofEpochSecond(1567971414));
        assertThat(first.attributes()).containsEntry("recipient_id", 0L);
        Message second = messages.get(1);
        assertThat(second.attributes()).containsEntry("age", "25").containsEntry("recipient_id", 343L);
        assertThat(second.kind()).isEqualTo(MessageKind.PHOTO);
        assertThat(second.attachments()).hasSize(2).allSatisfy(a -> {
            assertThat(a.id()).isEqualTo("47863");
            assertThat(a.url()).isNull();
        });
    }

    @Test
    void should_send_every_typed_quickblox_operator_encoded_once_and_recheck_ctn_here() {
        String rows = itemsOf(
                "{\"_id\":\"a1\",\"chat_dialog_id\":\"" + DIALOG + "\",\"message\":\"Your ORDER is late\",\"date_sent\":1700000100,\"sender_id\":343}",
                "{\"_id\":\"a2\",\"chat_dialog_id\":\"" + DIALOG + "\",\"message\":\"ord-er\",\"date_sent\":1700000200,\"sender_id\":343}");
        wm.stubFor(get(urlPathEqualTo("/chat/Message.json"))
                .withQueryParam("sender_id[gte]", equalTo("10"))
                .withQueryParam("recipient_id[in]", equalTo("0,96753878"))
                .withQueryParam("updated_at[gt]", equalTo("1700000000"))
                .withQueryParam("date_sent[ne]", equalTo("1700000001"))
                .withQueryParam("message[ne]", equalTo("a & b"))
                .withQueryParam("message[ctn]", equalTo("order"))
                .withQueryParam("_id[ne]", equalTo("x9"))
                .withQueryParam("sort_desc", equalTo("date_sent"))
                .willReturn(okJson(rows)));
        QuickbloxFilter f = QuickbloxFilter.builder()
                .where(QuickbloxFilter.Field.SENDER_ID, QuickbloxFilter.Operator.GTE, 10)
                .where(QuickbloxFilter.Field.RECIPIENT_ID, QuickbloxFilter.Operator.IN, 0, ME)
                .where(QuickbloxFilter.Field.UPDATED_AT, QuickbloxFilter.Operator.GT, Instant.ofEpochSecond(1700000000))
                .where(QuickbloxFilter.Field.DATE_SENT, QuickbloxFilter.Operator.NE, 1700000001)
                .where(QuickbloxFilter.Field.MESSAGE, QuickbloxFilter.Operator.NE, "a & b")
                .where(QuickbloxFilter.Field.MESSAGE, QuickbloxFilter.Operator.CTN, "order")
                .where(QuickbloxFilter.Field.ID, QuickbloxFilter.Operator.NE, "x9")
                .sort(QuickbloxFilter.Field.DATE_SENT, MessageQuery.Order.DESCENDING)
                .build();
        List<Message> got = apiKeyGateway().messages(MessageQuery.of(new ConversationRef("app", DIALOG))
                .providerQuery(f).build()).items();
        assertThat(got).extracting(m -> m.ref().id()).containsExactly("a1");
        assertThat(rawUrls().get(0)).contains("sender_id%5Bgte%5D=10", "recipient_id%5Bin%5D=0%2C96753878",
                "message%5Bne%5D=a%20%26%20b", "_id%5Bne%5D=x9", "sort_desc=date_sent").doesNotContain("%25", "sort_asc");
    }

    @Test
    void should_send_neutral_recipient_and_update_time_filters_as_quickblox_operators_encoded_once() {
        wm.stubFor(get(urlPathEqualTo("/chat/Message.json"))
                .withQueryParam("recipient_id[in]", equalTo("343,96753878"))
                .withQueryParam("recipient_id[nin]", equalTo("7"))
                .withQueryParam("updated_at[gte]", equalTo("1700000001"))
                .withQueryParam("updated_at[lt]", equalTo("1700000100"))
                .withQueryParam("mark_as_read", equalTo("0"))
                .willReturn(okJson(itemsOf(
                        "{\"_id\":\"c1\",\"message\":\"hi\",\"date_sent\":1700000050,\"sender_id\":" + ME
                                + ",\"recipient_id\":343,\"updated_at\":\"2023-11-14T22:14:20Z\"}",
                        "{\"_id\":\"c2\",\"message\":\"group\",\"date_sent\":1700000060,\"sender_id\":343,"
                                + "\"recipient_id\":0,\"updated_at\":\"2023-11-14T22:14:30Z\"}"))));
        MessageQuery q = MessageQuery.of(new ConversationRef("app", DIALOG)).recipientsIn("96753878", "0343")
                .recipientsNotIn("7").updatedSince(Instant.ofEpochSecond(1700000000, 1))
                .updatedUntil(Instant.ofEpochSecond(1700000100)).build();
        List<Message> got = apiKeyGateway().messages(q).items();
        assertThat(got).extracting(m -> m.ref().id()).containsExactly("c1", "c2");
        assertThat(got.get(0).recipient()).isEqualTo(new io.chatgateway.Participant("343", null,
                io.chatgateway.Participant.Role.CUSTOMER));
        assertThat(got.get(0).attributes()).containsEntry("recipient_id", 343L);
        assertThat(got.get(1).recipient()).as("0 in group dialogs: no single addressee").isNull();
        assertThat(rawUrls().get(0)).contains("recipient_id%5Bin%5D=343%2C96753878", "recipient_id%5Bnin%5D=7",
                "updated_at%5Bgte%5D=1700000001", "updated_at%5Blt%5D=1700000100").doesNotContain("%25");
        assertThat(gateway.explain(q).explain()).contains(
                "at provider: [RECIPIENTS_IN, RECIPIENTS_NOT_IN, UPDATED_SINCE, UPDATED_UNTIL]", "locally: none",
                "updated_at[gte] / updated_at[lt]");
        // a non-numeric id cannot be a QuickBlox user: matched locally, not sent
        MessageQuery local = MessageQuery.of(new ConversationRef("app", DIALOG)).recipientsNotIn("ops-desk").build();
        assertThat(gateway.explain(local).local()).containsExactly(io.chatgateway.QueryPlan.Filter.RECIPIENTS_NOT_IN);
        // the same parameter from a typed filter and a neutral one is refused before any request
        QuickbloxFilter typed = QuickbloxFilter.builder().where(QuickbloxFilter.Field.RECIPIENT_ID,
                QuickbloxFilter.Operator.IN, 5).build();
        int before = wm.getAllServeEvents().size();
        assertThatThrownBy(() -> gateway.messages(q.toBuilder().providerQuery(typed).build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("recipient_id[in]");
        // a typed bound on updated_at meets the neutral one: the tighter is sent
        wm.stubFor(get(urlPathEqualTo("/chat/Message.json")).withQueryParam("updated_at[gte]", equalTo("1700000050"))
                .atPriority(1).willReturn(okJson(itemsOf())));
        QuickbloxFilter later = QuickbloxFilter.builder().where(QuickbloxFilter.Field.UPDATED_AT,
                QuickbloxFilter.Operator.GTE, Instant.ofEpochSecond(1700000050)).build();
        assertThat(gateway.messages(MessageQuery.of(new ConversationRef("app", DIALOG))
                .updatedSince(Instant.ofEpochSecond(1700000000)).providerQuery(later).build()).items()).isEmpty();
        assertThat(wm.getAllServeEvents()).hasSize(before + 1);
    }

    @Test
    void should_recheck_the_neutral_text_filter_case_insensitively_after_quickbloxs_ctn() {
        wm.stubFor(get(urlPathEqualTo("/chat/Message.json")).withQueryParam("message[ctn]", equalTo("Refund"))
                .willReturn(okJson(itemsOf(
                        "{\"_id\":\"b1\",\"message\":\"about my REFUND\",\"date_sent\":1700000100,\"sender_id\":343}",
                        "{\"_id\":\"b2\",\"message\":\"r-e-f-u-n-d\",\"date_sent\":1700000200,\"sender_id\":343}"))));
        MessageQuery q = MessageQuery.of(new ConversationRef("app", DIALOG)).textContains("Refund").build();
        assertThat(apiKeyGateway().messages(q).items()).extracting(m -> m.ref().id()).containsExactly("b1");
        assertThat(gateway.explain(q).explain()).contains("narrowed at provider, re-checked exactly here: [TEXT]");
    }

    @Test
    void should_send_an_application_level_api_key_without_on_behalf_of() {
        wm.stubFor(delete(urlPathEqualTo("/chat/Dialog/" + DIALOG + ".json")).willReturn(aResponse().withStatus(200)));
        gateway = ChatGateway.builder()
                .account("app", QuickbloxConfig.builder().baseUri(URI.create(wm.baseUrl())).apiKey(API_KEY).forceDelete(true).build())
                .clock(time).sleeper(time).build();
        gateway.deleteConversation(new ConversationRef("app", DIALOG));
        wm.verify(deleteRequestedFor(urlPathEqualTo("/chat/Dialog/" + DIALOG + ".json"))
                .withQueryParam("force", equalTo("1"))
                .withHeader("Authorization", equalTo("ApiKey " + API_KEY))
                .withoutHeader("On-Behalf-Of")
                .withoutHeader("QB-Token"));
        assertThatThrownBy(() -> gateway.messages(MessageQuery.of(new ConversationRef("app", DIALOG)).build()))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("on-behalf-of")
                .hasMessageNotContaining(API_KEY);
        assertThat(wm.getAllServeEvents()).hasSize(1);
    }

    @Test
    void should_continue_a_page_with_a_keyset_and_not_with_skip() {
        wm.stubFor(get(urlPathEqualTo("/chat/Message.json")).withQueryParam("_id[ne]", equalTo("5d76a618a28f9a1edfcb0f9b"))
                .willReturn(okJson("{\"skip\":0,\"limit\":2,\"items\":[]}")));
        wm.stubFor(get(urlPathEqualTo("/chat/Message.json")).atPriority(10)
                .willReturn(okJson(fixture("list_messages_custom_field.json"))));
        var page = apiKeyGateway().messages(MessageQuery.of(new ConversationRef("app", DIALOG)).pageSize(2).build());
        assertThat(page.items()).hasSize(2);
        assertThat(page.hasNext()).isTrue();
        assertThat(page.next().items()).isEmpty();
        String second = rawUrls().stream().filter(u -> u.contains("_id%5Bne%5D")).findFirst().orElseThrow();
        assertThat(second).contains("date_sent%5Bgte%5D=1568056856", "sort_asc=date_sent").doesNotContain("skip=");
    }

    @Test
    void should_decode_indexed_attachments_as_the_create_request_sends_them() throws Exception {
        ObjectNode item = (ObjectNode) JSON.readTree(fixture("create_message_request_indexed_attachments.json"));
        item.put("_id", "5d76b657a28f9a0cc7cb0f99").put("date_sent", 1568061015).put("sender_id", 96830631);
        wm.stubFor(get(urlPathEqualTo("/chat/Message.json")).willReturn(okJson(itemsOf(item.toString()))));
        Message m = apiKeyGateway().messages(MessageQuery.of(new ConversationRef("app", "5d75327ba28f9a0f32cb0f99")).build())
                .items().get(0);
        assertThat(m.attachments()).extracting(a -> a.id()).containsExactly("47863", "47864");
        assertThat(m.direction()).isEqualTo(Message.Direction.INBOUND);
        assertThat(m.readStatus()).isEqualTo(Message.ReadStatus.UNKNOWN);
        assertThat(m.attributes()).containsEntry("send_to_chat", 1L).containsEntry("markable", 1L);
    }

    @Test
    void should_post_a_message_and_accept_201_with_null_timestamps() {
        wm.stubFor(post(urlPathEqualTo("/chat/Message.json"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(fixture("create_message_null_timestamps.json"))));
        SendResult r = apiKeyGateway().send(new ConversationRef("app", "5d75327ba28f9a0f32cb0f99"),
                OutgoingMessage.text("look at this photos"));
        assertThat(r.message().id()).isEqualTo("5d76b657a28f9a0cc7cb0f99");
        assertThat(r.acceptedAt()).isEqualTo(Instant.ofEpochSecond(1568061015));
        wm.verify(postRequestedFor(urlPathEqualTo("/chat/Message.json"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withHeader("Authorization", equalTo("ApiKey " + API_KEY))
                .withRequestBody(equalToJson("{\"chat_dialog_id\":\"5d75327ba28f9a0f32cb0f99\",\"message\":\"look at this photos\","
                        + "\"send_to_chat\":1,\"markable\":1}")));
    }

    @Test
    void should_not_resend_when_a_send_meets_a_server_error() {
        wm.stubFor(post(urlPathEqualTo("/chat/Message.json")).willReturn(aResponse().withStatus(500)
                .withBody("{\"errors\":[\"Internal error\"]}")));
        assertThatThrownBy(() -> apiKeyGateway().send(new ConversationRef("app", DIALOG), OutgoingMessage.text("once")))
                .isInstanceOf(DeliveryUncertainException.class);
        wm.verify(1, postRequestedFor(urlPathEqualTo("/chat/Message.json")));
    }

    @Test
    void should_mark_read_with_the_documented_body_and_accept_an_empty_answer() {
        wm.stubFor(put(urlPathEqualTo("/chat/Message/53aabe15e4b077ddd43e7fd3.json")).willReturn(aResponse().withStatus(200)));
        apiKeyGateway().markRead(List.of(new ConversationRef("app", "53a99a7be4b094c7c6d31b41").message("53aabe15e4b077ddd43e7fd3")));
        wm.verify(putRequestedFor(urlPathEqualTo("/chat/Message/53aabe15e4b077ddd43e7fd3.json"))
                .withRequestBody(equalToJson(fixture("update_message_request.json"))));
    }

    // ------------------------------------------------------------------ dialogs and unread counts

    @Test
    void should_list_dialogs_with_paging_parameters_and_decode_them() {
        wm.stubFor(get(urlPathEqualTo("/chat/Dialog.json")).withQueryParam("limit", equalTo("2"))
                .withQueryParam("skip", equalTo("0")).withQueryParam("sort_asc", equalTo("created_at"))
                .withQueryParam("last_message_date_sent[gte]", equalTo("1567000000"))
                .withQueryParam("type[in]", equalTo("2,3"))
                .willReturn(okJson(fixture("list_dialogs_total_entries.json"))));
        var page = apiKeyGateway().conversations(ConversationQuery.forAccount("app").pageSize(2)
                .activeSince(Instant.ofEpochSecond(1567000000)).providerFilter("type", "2,3").build());
        assertThat(page.items()).extracting(Conversation::title).containsExactly("New Year party", "Daniel's birthday");
        Conversation c = page.items().get(0);
        assertThat(c.unreadCount()).isZero();
        assertThat(c.lastMessageAt()).isEqualTo(Instant.ofEpochSecond(1567971414));
        assertThat(c.attributes()).containsEntry("type_name", "GROUP").containsEntry("photo", "68123");
        assertThat(page.hasNext()).isTrue();
        assertThat(rawUrls().get(0)).contains("last_message_date_sent%5Bgte%5D=1567000000", "type%5Bin%5D=2%2C3");
    }

    @Test
    void should_reject_an_unknown_provider_filter_before_any_request() {
        assertThatThrownBy(() -> apiKeyGateway().conversations(ConversationQuery.forAccount("app").providerFilter("source", "x").build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("'type'");
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    @Test
    void should_read_last_activity_from_bare_dialog_objects_with_nulls() {
        wm.stubFor(get(urlPathEqualTo("/chat/Dialog.json")).withQueryParam("_id", equalTo("5e261c72a28f9a4f779f10bb"))
                .willReturn(okJson(itemsOf(fixture("create_private_dialog_nulls.json")))));
        wm.stubFor(get(urlPathEqualTo("/chat/Dialog.json")).withQueryParam("_id", equalTo(DIALOG))
                .willReturn(okJson(itemsOf(fixture("update_dialog.json")))));
        Map<ConversationRef, Instant> last = apiKeyGateway().lastActivity(List.of(
                new ConversationRef("app", "5e261c72a28f9a4f779f10bb"), new ConversationRef("app", DIALOG)));
        assertThat(last).containsEntry(new ConversationRef("app", "5e261c72a28f9a4f779f10bb"), Instant.ofEpochSecond(1597748932))
                .containsEntry(new ConversationRef("app", DIALOG), Instant.ofEpochSecond(1567971414));
    }

    @Test
    void should_ask_unread_counts_for_the_listed_dialogs_comma_joined() {
        wm.stubFor(get(urlPathEqualTo("/chat/Dialog.json")).willReturn(okJson(fixture("list_dialogs_total_entries.json")
                .replace("\"limit\": 2", "\"limit\": 100"))));
        wm.stubFor(get(urlPathEqualTo("/chat/Message/unread.json"))
                .withQueryParam("chat_dialog_ids", equalTo(DIALOG + ",5d753421a28f9a2596cb0f98"))
                .willReturn(okJson("{\"total\":4,\"" + DIALOG + "\":3,\"5d753421a28f9a2596cb0f98\":1}")));
        assertThat(apiKeyGateway().unreadCounts("app"))
                .containsEntry(new ConversationRef("app", DIALOG), 3L)
                .containsEntry(new ConversationRef("app", "5d753421a28f9a2596cb0f98"), 1L);
    }

    @Test
    void should_accept_an_unread_answer_with_only_a_total() {
        wm.stubFor(get(urlPathEqualTo("/chat/Dialog.json")).willReturn(okJson(fixture("list_dialogs_total_entries.json")
                .replace("\"limit\": 2", "\"limit\": 100"))));
        wm.stubFor(get(urlPathEqualTo("/chat/Message/unread.json")).willReturn(okJson(fixture("unread_total.json"))));
        assertThat(apiKeyGateway().unreadCounts("app")).isEmpty();
    }

    @Test
    void should_delete_a_dialog_and_accept_a_body_on_success() {
        wm.stubFor(delete(urlPathEqualTo("/chat/Dialog/" + DIALOG + ".json"))
                .willReturn(okJson(fixture("delete_messages_partial.json"))));
        apiKeyGateway().deleteConversation(new ConversationRef("app", DIALOG));
        wm.verify(deleteRequestedFor(urlPathEqualTo("/chat/Dialog/" + DIALOG + ".json")));
    }

    // ------------------------------------------------------------------ errors

    @Test
    void should_map_an_errors_array_403_to_permission_denied_with_the_text() {
        wm.stubFor(get(urlPathEqualTo("/chat/Message.json")).willReturn(aResponse().withStatus(403)
                .withBody(fixture("error_403_errors_array.json"))));
        assertThatThrownBy(() -> apiKeyGateway().messages(MessageQuery.of(new ConversationRef("app", DIALOG)).build()))
                .isInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("You don't have appropriate permissions to perform this operation")
                .hasMessageNotContaining(API_KEY);
    }

    @Test
    void should_map_a_permissions_403_on_a_send_to_conversation_unavailable() {
        wm.stubFor(post(urlPathEqualTo("/chat/Message.json")).willReturn(aResponse().withStatus(403)
                .withBody(fixture("error_403_errors_array.json"))));
        assertThatThrownBy(() -> apiKeyGateway().send(new ConversationRef("app", DIALOG), OutgoingMessage.text("hello")))
                .isInstanceOf(ConversationUnavailableException.class)
                .hasMessageContaining("You don't have appropriate permissions to perform this operation");
        wm.verify(1, postRequestedFor(urlPathEqualTo("/chat/Message.json"))
                .withHeader("On-Behalf-Of", equalTo(Long.toString(ME)))
                .withRequestBody(equalToJson("{\"chat_dialog_id\":\"" + DIALOG + "\",\"message\":\"hello\",\"send_to_chat\":1,\"markable\":1}")));
    }

    @Test
    void should_map_a_base_error_object_to_permission_denied() {
        wm.stubFor(get(urlPathEqualTo("/chat/Dialog.json")).willReturn(aResponse().withStatus(403)
                .withBody(fixture("error_base_forbidden_need_user.json"))));
        assertThatThrownBy(() -> apiKeyGateway().conversations(ConversationQuery.forAccount("app").build()))
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("Forbidden. Need user.");
    }

    @Test
    void should_map_a_422_errors_array_to_invalid_request() {
        wm.stubFor(get(urlPathEqualTo("/chat/Message.json")).willReturn(aResponse().withStatus(422)
                .withBody(fixture("error_too_many_occupants.json"))));
        assertThatThrownBy(() -> apiKeyGateway().messages(MessageQuery.of(new ConversationRef("app", DIALOG)).build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("Too many occupants for Private Dialog.");
    }

    @Test
    void should_wait_out_a_429_retry_after_and_then_succeed() {
        wm.stubFor(get(urlPathEqualTo("/chat/Message.json")).inScenario("rate").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2").withBody("Too Many Requests"))
                .willSetStateTo("ok"));
        wm.stubFor(get(urlPathEqualTo("/chat/Message.json")).inScenario("rate").whenScenarioStateIs("ok")
                .willReturn(okJson("{\"skip\":0,\"limit\":100,\"items\":[]}")));
        assertThat(apiKeyGateway().messages(MessageQuery.of(new ConversationRef("app", DIALOG)).build()).items()).isEmpty();
        assertThat(time.sleeps()).contains(Duration.ofSeconds(2));
    }

    @Test
    void should_fail_on_html_error_pages_and_malformed_json() {
        wm.stubFor(get(urlPathEqualTo("/chat/Message.json")).willReturn(aResponse().withStatus(502)
                .withBody("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>")));
        assertThatThrownBy(() -> apiKeyGateway().messages(MessageQuery.of(new ConversationRef("app", DIALOG)).build()))
                .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("502 Bad Gateway");
        wm.resetAll();
        wm.stubFor(get(urlPathEqualTo("/chat/Message.json")).willReturn(okJson("{\"items\":[{\"_id\":")));
        assertThatThrownBy(() -> gateway.messages(MessageQuery.of(new ConversationRef("app", DIALOG)).build()))
                .isInstanceOf(ProtocolException.class);
    }

    // ------------------------------------------------------------------ sessions

    @Test
    void should_create_a_signed_session_and_use_its_token() throws Exception {
        wm.stubFor(post(urlPathEqualTo("/session.json")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(fixture("create_session.json"))));
        wm.stubFor(get(urlPathEqualTo("/chat/Message.json"))
                .withHeader("QB-Token", equalTo("c56f382b402fb482086db956064592d3cd012bba"))
                .willReturn(okJson("{\"skip\":0,\"limit\":100,\"items\":[]}")));
        sessionGateway(QuickbloxConfig.builder().userId(ME)).messages(MessageQuery.of(new ConversationRef("app", DIALOG)).build());
        JsonNode body = JSON.readTree(wm.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals("/session.json")).findFirst().orElseThrow().getRequest().getBodyAsString());
        assertThat(body.path("application_id").asLong()).isEqualTo(76730);
        assertThat(body.path("auth_key").asText()).isEqualTo("wm-auth-key");
        assertThat(body.path("timestamp").asLong()).isEqualTo(time.instant().getEpochSecond());
        assertThat(body.path("user").path("login").asText()).isEqualTo("agent");
        String signed = "application_id=76730&auth_key=wm-auth-key&nonce=" + body.path("nonce").asText()
                + "&timestamp=" + body.path("timestamp").asText() + "&user[login]=agent&user[password]=wm-password";
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec("wm-auth-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        assertThat(body.path("signature").asText()).isEqualTo(HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void should_refuse_an_application_session_when_no_acting_user_is_known() {
        wm.stubFor(post(urlPathEqualTo("/session.json")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(fixture("create_session.json"))));
        assertThatThrownBy(() -> sessionGateway(QuickbloxConfig.builder())
                .messages(MessageQuery.of(new ConversationRef("app", DIALOG)).build()))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("application session")
                .hasMessageNotContaining("c56f382b402fb482086db956064592d3cd012bba");
    }

    @Test
    void should_renew_the_session_once_when_quickblox_says_it_does_not_exist() {
        wm.stubFor(post(urlPathEqualTo("/session.json")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(fixture("create_session.json"))));
        wm.stubFor(get(urlPathEqualTo("/chat/Message.json")).inScenario("expiry").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(401).withBody("{\"errors\":[\"Required session does not exist\"]}"))
                .willSetStateTo("renewed"));
        wm.stubFor(get(urlPathEqualTo("/chat/Message.json")).inScenario("expiry").whenScenarioStateIs("renewed")
                .willReturn(okJson("{\"skip\":0,\"limit\":100,\"items\":[]}")));
        sessionGateway(QuickbloxConfig.builder().userId(ME)).messages(MessageQuery.of(new ConversationRef("app", DIALOG)).build());
        wm.verify(2, postRequestedFor(urlPathEqualTo("/session.json")));
        wm.verify(2, getRequestedFor(urlPathEqualTo("/chat/Message.json")));
    }

    @Test
    void should_decode_every_quickblox_fixture() throws Exception {
        // runs the fixture-reading tests of this class once more in-process, then checks the list is complete
        for (var m : getClass().getDeclaredMethods()) {
            if (m.isAnnotationPresent(Test.class) && !m.getName().equals("should_decode_every_quickblox_fixture")) {
                QuickbloxWireMockTest t = new QuickbloxWireMockTest();
                t.start();
                try {
                    m.setAccessible(true);
                    m.invoke(t);
                } finally {
                    t.stop();
                }
            }
        }
        assertThat(new TreeSet<>(DECODED)).containsExactlyElementsOf(new TreeSet<>(FixtureFiles.jsonFiles("quickblox")));
    }

    @AfterAll
    static void clear() {
        DECODED.clear();
    }
}
