package io.chatgateway.it.navixy;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.chatgateway.BroadcastResult;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationUnavailableException;
import io.chatgateway.DeliveryStatus;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.NotFoundException;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.PermissionDeniedException;
import io.chatgateway.ProtocolException;
import io.chatgateway.ProviderUnavailableException;
import io.chatgateway.SendResult;
import io.chatgateway.testkit.FakeTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every Navixy action through {@code ChatGateway}: the exact request (path, headers, body) and the mapping of the answer. */
class NavixyWireMockTest {

    private NavixyWireMock wm = new NavixyWireMock();

    @AfterEach
    void close() {
        wm.close();
    }

    private void verifyExact(String action, String body) {
        wm.server.verify(postRequestedFor(urlEqualTo("/v2/" + action))
                .withHeader("Authorization", equalTo("NVX " + NavixyWireMock.HASH))
                .withHeader("NVX-ISO-DateTime", equalTo("true"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalTo(body)));
    }

    @Test
    void should_send_with_tracker_id_and_message_and_map_the_id() {
        wm.answer("tracker/chat/send", 200, "{\"success\":true,\"id\":\"5501\"}");
        SendResult r = wm.gateway.send(NavixyWireMock.ref("123456"), OutgoingMessage.text("Hello \"driver\" ✓"));
        assertThat(r.message()).isEqualTo(NavixyWireMock.ref("123456").message("5501"));
        assertThat(r.delivery()).isEqualTo(DeliveryStatus.PENDING);
        verifyExact("tracker/chat/send", "{\"tracker_id\":123456,\"message\":\"Hello \\\"driver\\\" ✓\"}");
    }

    @Test
    void should_list_messages_with_a_time_window_limit_and_order() {
        wm.answer("tracker/chat/list", 200, "{\"success\":true,\"list\":[{\"id\":\"11\",\"submit_time\":\"2026-11-20T14:30:00+05:45\","
                + "\"update_time\":null,\"text\":\"incoming\",\"type\":\"INCOMING\",\"status\":\"DELIVERED\",\"employee_id\":\"77\"},"
                + "{\"id\":12,\"submit_time\":\"2026-11-20T08:46:00Z\",\"update_time\":\"2026-11-20T08:47:00Z\",\"text\":\"out\","
                + "\"type\":\"OUTGOING\",\"status\":\"DELIVERED\",\"unknown\":true}]}");
        MessageQuery q = MessageQuery.of(NavixyWireMock.ref("123456")).since(Instant.parse("2026-11-20T08:00:00Z"))
                .until(Instant.parse("2026-11-20T09:00:00Z")).pageSize(50).build();
        List<Message> items = wm.gateway.messages(q).items();
        verifyExact("tracker/chat/list", "{\"tracker_id\":123456,\"from\":\"2026-11-20T08:00:00Z\","
                + "\"to\":\"2026-11-20T08:59:59Z\",\"limit\":50,\"ascending\":true}");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).sentAt()).isEqualTo(Instant.parse("2026-11-20T08:45:00Z"));
        assertThat(items.get(0).direction()).isEqualTo(Message.Direction.INBOUND);
        assertThat(items.get(0).author().id()).isEqualTo("77");
        assertThat(items.get(1).direction()).isEqualTo(Message.Direction.OUTBOUND);
        assertThat(items.get(1).updatedAt()).isEqualTo(Instant.parse("2026-11-20T08:47:00Z"));
        assertThat(items.get(1).attributes()).containsEntry("unknown", true);
        assertThat(items).extracting(Message::readStatus).containsOnly(Message.ReadStatus.UNKNOWN);
    }

    @Test
    void should_filter_recipients_and_update_times_locally_and_send_the_same_request() {
        wm.answer("tracker/chat/list", 200, "{\"success\":true,\"list\":[{\"id\":11,\"submit_time\":\"2026-11-20T08:10:00Z\","
                + "\"update_time\":null,\"text\":\"incoming\",\"type\":\"INCOMING\",\"status\":\"DELIVERED\",\"employee_id\":77},"
                + "{\"id\":12,\"submit_time\":\"2026-11-20T08:46:00Z\",\"update_time\":\"2026-11-20T08:47:00Z\",\"text\":\"out\","
                + "\"type\":\"OUTGOING\",\"status\":\"DELIVERED\"},"
                + "{\"id\":13,\"submit_time\":\"2026-11-20T08:50:00Z\",\"update_time\":null,\"text\":\"pending\","
                + "\"type\":\"OUTGOING\",\"status\":\"PENDING\"}]}");
        MessageQuery.Builder window = MessageQuery.of(NavixyWireMock.ref("123456")).since(Instant.parse("2026-11-20T08:00:00Z"))
                .until(Instant.parse("2026-11-20T09:00:00Z")).pageSize(50);
        MessageQuery toTracker = window.recipientsIn("123456").build();
        assertThat(wm.gateway.messages(toTracker).items()).extracting(m -> m.ref().id()).containsExactly("12", "13");
        assertThat(wm.gateway.messages(toTracker).items().get(0).recipient().role())
                .isEqualTo(io.chatgateway.Participant.Role.CUSTOMER);
        MessageQuery delivered = MessageQuery.of(NavixyWireMock.ref("123456")).since(Instant.parse("2026-11-20T08:00:00Z"))
                .until(Instant.parse("2026-11-20T09:00:00Z")).pageSize(50).recipientsNotIn("123456")
                .updatedSince(Instant.parse("2026-11-20T08:47:00Z")).build();
        assertThat(wm.gateway.messages(delivered).items()).isEmpty();
        MessageQuery deliveredOnly = MessageQuery.of(NavixyWireMock.ref("123456")).since(Instant.parse("2026-11-20T08:00:00Z"))
                .until(Instant.parse("2026-11-20T09:00:00Z")).pageSize(50)
                .updatedSince(Instant.parse("2026-11-20T08:47:00Z")).updatedUntil(Instant.parse("2026-11-20T08:47:00.001Z")).build();
        assertThat(wm.gateway.messages(deliveredOnly).items()).extracting(m -> m.ref().id()).containsExactly("12");
        assertThat(wm.gateway.explain(deliveredOnly).local())
                .containsExactlyInAnyOrder(io.chatgateway.QueryPlan.Filter.UPDATED_SINCE, io.chatgateway.QueryPlan.Filter.UPDATED_UNTIL);
        // the filters change nothing on the wire: the same window, limit and order every time
        wm.server.verify(4, postRequestedFor(urlEqualTo("/v2/tracker/chat/list")).withRequestBody(equalTo(
                "{\"tracker_id\":123456,\"from\":\"2026-11-20T08:00:00Z\",\"to\":\"2026-11-20T08:59:59Z\",\"limit\":50,"
                        + "\"ascending\":true}")));
    }

    @Test
    void should_ask_newest_first_with_ascending_false() {
        wm.answer("tracker/chat/list", 200, "{\"success\":true,\"list\":[]}");
        wm.gateway.messages(MessageQuery.of(NavixyWireMock.ref("1")).newestFirst().pageSize(3).build());
        FakeTime t = wm.time;
        String to = t.instant().plus(Duration.ofHours(1)).toString().replace(".000", ""); // now + clock-skew allowance
        String from = t.instant().minus(Duration.ofDays(7)).toString();
        verifyExact("tracker/chat/list", "{\"tracker_id\":1,\"from\":\"" + from + "\",\"to\":\"" + to
                + "\",\"limit\":3,\"ascending\":false}");
    }

    @Test
    void should_broadcast_with_a_trackers_array_and_merge_sent_to_and_not_sent_to() {
        wm.answer("tracker/chat/broadcast", 200, "{\"success\":true,\"sent_to\":[\"1\",2],\"not_sent_to\":\"[3]\"}");
        BroadcastResult r = wm.gateway.broadcast(List.of(NavixyWireMock.ref("1"), NavixyWireMock.ref("2"),
                NavixyWireMock.ref("3"), NavixyWireMock.ref("4")), OutgoingMessage.text("all"));
        verifyExact("tracker/chat/broadcast", "{\"trackers\":[1,2,3,4],\"message\":\"all\"}");
        assertThat(r.outcomes().get(0).isSent()).isTrue();
        assertThat(r.outcomes().get(1).isSent()).isTrue();
        assertThat(r.outcomes().get(2).error()).isInstanceOf(ConversationUnavailableException.class);
        assertThat(r.outcomes().get(3).error()).isInstanceOf(DeliveryUncertainException.class);
    }

    @Test
    void should_turn_a_broadcast_221_into_a_typed_failure_per_recipient() {
        wm.answer("tracker/chat/broadcast", 403, "{\"success\":false,\"status\":{\"code\":221,\"description\":\"Device limit exceeded\"}}");
        BroadcastResult r = wm.gateway.broadcast(List.of(NavixyWireMock.ref("1"), NavixyWireMock.ref("2")), OutgoingMessage.text("x"));
        assertThat(r.outcomes()).allSatisfy(o -> assertThat(o.error()).isInstanceOf(PermissionDeniedException.class));
        assertThat(wm.server.findAll(postRequestedFor(urlEqualTo("/v2/tracker/chat/broadcast")))).hasSize(1);
    }

    @Test
    void should_resolve_a_broadcast_217_per_recipient_with_tracker_list() {
        wm.server.stubFor(NavixyWireMock.route("tracker/chat/broadcast").inScenario("217").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(NavixyWireMock.json(400, "{\"success\":false,\"status\":{\"code\":217,\"description\":\"List contains nonexistent entities\"}}"))
                .willSetStateTo("retry"));
        wm.server.stubFor(NavixyWireMock.route("tracker/chat/broadcast").inScenario("217").whenScenarioStateIs("retry")
                .willReturn(NavixyWireMock.json(200, "{\"success\":true,\"sent_to\":[1],\"not_sent_to\":[]}")));
        wm.answer("tracker/list", 200, "{\"success\":true,\"list\":[{\"id\":1,\"label\":\"A\"}]}");
        BroadcastResult r = wm.gateway.broadcast(List.of(NavixyWireMock.ref("1"), NavixyWireMock.ref("9")), OutgoingMessage.text("x"));
        assertThat(r.outcomes().get(0).isSent()).isTrue();
        assertThat(r.outcomes().get(1).error()).isInstanceOf(NotFoundException.class);
        verifyExact("tracker/chat/broadcast", "{\"trackers\":[1],\"message\":\"x\"}");
    }

    @Test
    void should_isolate_the_tracker_that_makes_updated_list_answer_217_by_bisection() {
        String rejected = "{\"success\":false,\"status\":{\"code\":217,\"description\":\"List contains nonexistent entities\"}}";
        wm.server.stubFor(NavixyWireMock.route("tracker/chat/updated/list").atPriority(1)
                .withRequestBody(matching(".*[\\[,]3[,\\]].*")).willReturn(NavixyWireMock.json(400, rejected)));
        wm.server.stubFor(NavixyWireMock.route("tracker/chat/updated/list").atPriority(5).willReturn(NavixyWireMock.json(200,
                "{\"success\":true,\"value\":{\"1\":\"2026-11-20T09:00:00Z\",\"4\":\"2026-11-20T10:00:00Z\"}}")));
        wm.answer("tracker/list", 200, "{\"success\":true,\"list\":[{\"id\":1},{\"id\":2},{\"id\":3,\"source\":{\"blocked\":false}},{\"id\":4}]}");

        Map<io.chatgateway.ConversationRef, Instant> last = wm.gateway.lastActivity(List.of(NavixyWireMock.ref("1"),
                NavixyWireMock.ref("2"), NavixyWireMock.ref("3"), NavixyWireMock.ref("4")));

        assertThat(last).containsOnly(Map.entry(NavixyWireMock.ref("1"), Instant.parse("2026-11-20T09:00:00Z")),
                Map.entry(NavixyWireMock.ref("4"), Instant.parse("2026-11-20T10:00:00Z")));
        List<String> requests = new java.util.ArrayList<>(wm.server.getAllServeEvents().stream()
                .map(e -> e.getRequest().getUrl() + " " + e.getRequest().getBodyAsString()).toList());
        java.util.Collections.reverse(requests); // WireMock lists the newest first
        assertThat(requests).containsExactly(
                "/v2/tracker/chat/updated/list {\"trackers\":[1,2,3,4]}",
                "/v2/tracker/list {}",
                "/v2/tracker/chat/updated/list {\"trackers\":[1,2]}",
                "/v2/tracker/chat/updated/list {\"trackers\":[3,4]}",
                "/v2/tracker/chat/updated/list {\"trackers\":[3]}",
                "/v2/tracker/chat/updated/list {\"trackers\":[4]}");
    }

    @Test
    void should_mark_read_one_and_many() {
        wm.answer("tracker/chat/mark_read", 200, "{\"success\":true}");
        wm.gateway.markRead(List.of(NavixyWireMock.ref("1").message("123")));
        verifyExact("tracker/chat/mark_read", "{\"message_id\":123}");
        wm.gateway.markRead(List.of(NavixyWireMock.ref("1").message("123"), NavixyWireMock.ref("2").message("124")));
        verifyExact("tracker/chat/mark_read", "{\"message_ids\":[123,124]}");
    }

    @Test
    void should_mark_all_read_for_all_or_given_trackers() {
        wm.answer("tracker/chat/mark_read_all", 200, "{\"success\":true}");
        wm.gateway.markAllRead("fleet", List.of());
        verifyExact("tracker/chat/mark_read_all", "{}");
        wm.gateway.markAllRead("fleet", List.of(NavixyWireMock.ref("999199"), NavixyWireMock.ref("991999")));
        verifyExact("tracker/chat/mark_read_all", "{\"trackers\":[999199,991999]}");
    }

    @Test
    void should_read_unread_counts_keyed_by_tracker_id_strings() {
        wm.answer("tracker/chat/unread/count", 200, "{\"success\":true,\"value\":{\"123456\":2,\"234567\":\"3\"}}");
        assertThat(wm.gateway.unreadCounts("fleet")).containsExactly(
                Map.entry(NavixyWireMock.ref("123456"), 2L), Map.entry(NavixyWireMock.ref("234567"), 3L));
        verifyExact("tracker/chat/unread/count", "{}");
    }

    @Test
    void should_read_last_activity_with_updated_list() {
        wm.answer("tracker/chat/updated/list", 200,
                "{\"success\":true,\"value\":{\"123456\":\"2026-11-20T09:00:00+02:00\",\"234567\":null}}");
        assertThat(wm.gateway.lastActivity(List.of(NavixyWireMock.ref("123456"), NavixyWireMock.ref("234567"))))
                .containsExactly(Map.entry(NavixyWireMock.ref("123456"), Instant.parse("2026-11-20T07:00:00Z")));
        verifyExact("tracker/chat/updated/list", "{\"trackers\":[123456,234567]}");
    }

    @Test
    void should_list_conversations_from_tracker_list_with_enrichment() {
        wm.answer("tracker/list", 200, "{\"list\":[{\"id\":2,\"label\":\"B\",\"source\":{\"blocked\":true}},"
                + "{\"id\":\"1\",\"label\":\"A\",\"source\":{\"blocked\":false}}],\"success\":true}");
        wm.answer("tracker/chat/unread/count", 200, "{\"success\":true,\"value\":{\"1\":4}}");
        wm.answer("tracker/chat/updated/list", 200, "{\"success\":true,\"value\":{\"1\":\"2026-11-20T09:00:00Z\"}}");
        List<Conversation> all = wm.gateway.conversations(ConversationQuery.forAccount("fleet").build()).items();
        assertThat(all).extracting(Conversation::title).containsExactly("A", "B");
        assertThat(all.get(0).unreadCount()).isEqualTo(4L);
        assertThat(all.get(0).lastMessageAt()).isEqualTo(Instant.parse("2026-11-20T09:00:00Z"));
        assertThat(all.get(1).attributes()).containsEntry("blocked", true).containsEntry("chat_unavailable", "blocked");
        assertThat(all.get(1).lastMessageAt()).isNull();
        verifyExact("tracker/list", "{}");
        // tracker/list says 2 is blocked: updated/list would answer 217 for the whole list, so 2 is left out
        verifyExact("tracker/chat/updated/list", "{\"trackers\":[1]}");
    }

    @Test
    void should_write_zone_less_times_in_the_configured_zone_without_the_iso_header() {
        wm.close();
        wm = new NavixyWireMock(b -> b.hash(NavixyWireMock.HASH).isoDateTime(false).timeZone(ZoneId.of("Asia/Kathmandu")));
        wm.answer("tracker/chat/list", 200, "{\"success\":true,\"list\":[{\"id\":1,\"submit_time\":\"2026-11-20 14:45:00\","
                + "\"text\":\"x\",\"type\":\"INCOMING\",\"status\":\"DELIVERED\"}]}");
        List<Message> items = wm.gateway.messages(MessageQuery.of(NavixyWireMock.ref("5"))
                .since(Instant.parse("2026-11-20T09:00:00Z")).until(Instant.parse("2026-11-20T10:00:00Z")).build()).items();
        assertThat(items.get(0).sentAt()).isEqualTo(Instant.parse("2026-11-20T09:00:00Z"));
        wm.server.verify(postRequestedFor(urlEqualTo("/v2/tracker/chat/list"))
                .withHeader("NVX-ISO-DateTime", absent())
                .withRequestBody(equalTo("{\"tracker_id\":5,\"from\":\"2026-11-20 14:45:00\",\"to\":\"2026-11-20 15:44:59\","
                        + "\"limit\":100,\"ascending\":true}")));
    }

    @Test
    void should_log_in_and_ask_the_account_zone_when_none_is_configured() {
        wm.close();
        wm = new NavixyWireMock(b -> b.login("me@example.com", "pw-secret").isoDateTime(false));
        wm.answer("user/auth", 200, "{\"success\":true,\"hash\":\"" + NavixyWireMock.HASH + "\"}");
        wm.answer("user/get_info", 200, "{\"success\":true,\"user_info\":{\"id\":1,\"time_zone\":\"Europe/Riga\"}}");
        wm.answer("tracker/chat/list", 200, "{\"success\":true,\"list\":[]}");
        wm.gateway.messages(MessageQuery.of(NavixyWireMock.ref("5")).since(Instant.parse("2026-07-01T00:00:00Z")).build());
        wm.server.verify(postRequestedFor(urlEqualTo("/v2/user/auth")).withHeader("Authorization", absent())
                .withRequestBody(equalTo("{\"login\":\"me@example.com\",\"password\":\"pw-secret\"}")));
        wm.server.verify(postRequestedFor(urlEqualTo("/v2/user/get_info"))
                .withHeader("Authorization", equalTo("NVX " + NavixyWireMock.HASH)).withRequestBody(equalTo("{}")));
        wm.server.verify(postRequestedFor(urlEqualTo("/v2/tracker/chat/list"))
                .withRequestBody(matching(".*\"from\":\"2026-07-01 03:00:00\".*")));
    }

    @Test
    void should_not_resend_after_a_connection_reset_during_send() {
        wm.server.stubFor(NavixyWireMock.route("tracker/chat/send").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        assertThatThrownBy(() -> wm.gateway.send(NavixyWireMock.ref("1"), OutgoingMessage.text("x")))
                .isInstanceOf(DeliveryUncertainException.class);
        assertThat(wm.server.findAll(postRequestedFor(urlEqualTo("/v2/tracker/chat/send")))).hasSize(1);
    }

    @Test
    void should_retry_a_read_after_429_with_retry_after_and_fail_on_html_5xx() {
        wm.server.stubFor(NavixyWireMock.route("tracker/chat/unread/count").inScenario("rl").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(NavixyWireMock.json(429, "{\"success\":false,\"status\":{\"code\":15,\"description\":\"Too many requests\"}}")
                        .withHeader("Retry-After", "2"))
                .willSetStateTo("ok"));
        wm.server.stubFor(NavixyWireMock.route("tracker/chat/unread/count").inScenario("rl").whenScenarioStateIs("ok")
                .willReturn(NavixyWireMock.json(200, "{\"success\":true,\"value\":{}}")));
        assertThat(wm.gateway.unreadCounts("fleet")).isEmpty();
        assertThat(wm.time.sleeps()).contains(Duration.ofSeconds(2));

        wm.server.stubFor(NavixyWireMock.route("tracker/list").willReturn(aResponse().withStatus(502)
                .withHeader("Content-Type", "text/html").withBody("<html><body><h1>502 Bad Gateway</h1></body></html>")));
        assertThatThrownBy(() -> wm.gateway.conversations(ConversationQuery.forAccount("fleet").build()))
                .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("502 Bad Gateway");
    }

    @Test
    void should_fail_a_truncated_answer_as_protocol_error() {
        wm.answer("tracker/chat/unread/count", 200, "{\"success\":true,\"value\":{\"1\":");
        assertThatThrownBy(() -> wm.gateway.unreadCounts("fleet")).isInstanceOf(ProtocolException.class);
    }
}
