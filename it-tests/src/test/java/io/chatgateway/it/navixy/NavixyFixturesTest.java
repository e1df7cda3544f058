package io.chatgateway.it.navixy;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.chatgateway.AuthenticationException;
import io.chatgateway.ChatGatewayException;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.NotFoundException;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.ProviderUnavailableException;
import io.chatgateway.RateLimitedException;
import io.chatgateway.it.FixtureFiles;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of {@code fixtures/navixy} (test resources) served by WireMock and decoded through {@code ChatGateway} to
 * the result its {@code .src.txt} documents. A new fixture without an expectation here fails the build.
 */
class NavixyFixturesTest {

    static Stream<String> fixtures() {
        return FixtureFiles.jsonFiles("navixy").stream();
    }

    @Test
    void should_find_the_fixtures() {
        assertThat(fixtures().count()).isGreaterThanOrEqualTo(24);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void should_decode_every_fixture_to_its_documented_result(String name) {
        String body = FixtureFiles.read("navixy", name);
        switch (name) {
            case "api_key_create.json", "success_only.json" -> success(body);
            case "tracker_read_value_wrapper.json" -> {
                success(body);
                try (NavixyWireMock wm = new NavixyWireMock()) {
                    wm.answer("tracker/chat/updated/list", 200, body);
                    // a value object that is not keyed by tracker ids yields no activity, not an error
                    assertThat(wm.gateway.lastActivity(List.of(NavixyWireMock.ref("123456")))).isEmpty();
                }
            }
            case "auth_success_minimal.json", "auth_success_typed.json" -> loginWith(body);
            case "auth_second_factor_required.json" -> secondFactor(body);
            case "error_1_database.json" -> {
                error(body, 500, ProviderUnavailableException.class, "1");
                try (NavixyWireMock wm = new NavixyWireMock()) {
                    wm.answer("tracker/chat/send", 500, body);
                    assertThatThrownBy(() -> wm.gateway.send(NavixyWireMock.ref("1"), OutgoingMessage.text("x")))
                            .isInstanceOf(DeliveryUncertainException.class);
                    assertThat(wm.server.findAll(postRequestedFor(urlEqualTo("/v2/tracker/chat/send")))).hasSize(1);
                }
            }
            case "error_201_not_found.json", "error_alternative_shape_error_object.json", "panel_error_12_dealer_not_found.json" ->
                    error(body, 400, NotFoundException.class, name.startsWith("panel") ? "12" : "201");
            case "error_203_entities.json", "error_203_rules.json" -> error(body, 400, InvalidRequestException.class, "203");
            case "error_211_max_time_span.json" ->
                    assertThat(error(body, 400, InvalidRequestException.class, "211")).hasMessageContaining("max_time_span P90D");
            case "error_215_errors_as_strings.json" ->
                    assertThat(error(body, 400, ProviderUnavailableException.class, "215")).hasMessageContaining("OVER_QUERY_LIMIT");
            case "error_242_validation_errors_objects.json" -> assertThat(error(body, 400, InvalidRequestException.class, "242"))
                    .hasMessageContaining("111-aaa-whatever: text length constraints are not met");
            case "error_264_timeout_extra_fields.json" -> assertThat(((RateLimitedException) error(body, 403,
                    RateLimitedException.class, "264")).retryAfter()).hasValue(Duration.parse("PT4M31.575S"));
            case "error_3_access_denied_description.json", "error_3_wrong_hash_observed.json" ->
                    error(body, 400, AuthenticationException.class, "3");
            case "panel_error_4_session_ended.json" -> {
                error(body, 400, AuthenticationException.class, "4");
                sessionEndedThenRenewed(body);
            }
            case "error_7_invalid_parameters_errors_objects.json" ->
                    assertThat(error(body, 400, InvalidRequestException.class, "7")).hasMessageContaining("command: Non-hex string");
            case "iso_datetime_fixed_offset.json", "iso_datetime_utc.json" -> isoTimes(body,
                    name.contains("utc") ? "2014-03-06T17:57:00Z" : "2014-03-06T08:57:00Z");
            case "tracker_list_guide_realistic.json" -> {
                List<Conversation> all = trackers(body);
                assertThat(all).extracting(Conversation::title)
                        .containsExactly("Chevrolet Equinox", "Peterbilt 579", "X-GPS", "Ford Fiesta");
                assertThat(all).allSatisfy(c -> assertThat(c.attributes()).containsEntry("blocked", false));
                assertThat(source(all.get(2))).containsEntry("phone", null).containsEntry("device_id", "156616052918");
            }
            case "tracker_list_reference_numeric_device_id.json" -> {
                Conversation c = trackers(body).get(0);
                assertThat(c.ref()).isEqualTo(NavixyWireMock.ref("123456"));
                assertThat(c.title()).isEqualTo("tracker label");
                assertThat(source(c)).containsEntry("device_id", "9999999988888").containsEntry("phone", "+71234567890");
                assertThat(c.attributes()).containsEntry("group_id", 167L).containsEntry("avatar_file_name", "file name")
                        .containsKey("tag_bindings");
            }
            default -> fail("No documented expectation for fixture " + name + "; add one to this test.");
        }
    }

    /** A success envelope: served as the answer of mark_read, the call completes. */
    private static void success(String body) {
        try (NavixyWireMock wm = new NavixyWireMock()) {
            wm.answer("tracker/chat/mark_read", 200, body);
            wm.gateway.markRead(List.of(NavixyWireMock.ref("1").message("2")));
        }
    }

    /** An error envelope gives the same typed error with its documented HTTP status and with HTTP 200. */
    private static ChatGatewayException error(String body, int status, Class<? extends ChatGatewayException> type, String code) {
        ChatGatewayException last = null;
        for (int s : new int[] {status, 200}) {
            try (NavixyWireMock wm = new NavixyWireMock()) {
                wm.answer("tracker/chat/unread/count", s, body);
                Throwable t = catchError(() -> wm.gateway.unreadCounts("fleet"));
                assertThat(t).as("HTTP %d", s).isInstanceOf(type);
                last = (ChatGatewayException) t;
                assertThat(last.providerCode()).hasValue(code);
                assertThat(last.account()).hasValue("fleet");
            }
        }
        return last;
    }

    private static Throwable catchError(Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("expected an error");
    }

    private static void loginWith(String body) {
        try (NavixyWireMock wm = new NavixyWireMock(b -> b.login("me@example.com", "pw-secret"))) {
            wm.answer("user/auth", 200, body);
            wm.answer("tracker/chat/unread/count", 200, "{\"success\":true,\"value\":{\"5\":1}}");
            assertThat(wm.gateway.unreadCounts("fleet")).containsEntry(NavixyWireMock.ref("5"), 1L);
            wm.server.verify(postRequestedFor(urlEqualTo("/v2/tracker/chat/unread/count"))
                    .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo(
                            "NVX 22eac1c27af4be7b9d04da2ce1af111b")));
        }
    }

    private static void secondFactor(String body) {
        try (NavixyWireMock wm = new NavixyWireMock(b -> b.login("me@example.com", "pw-secret"))) {
            wm.answer("user/auth", 200, body);
            assertThatThrownBy(() -> wm.gateway.unreadCounts("fleet")).isInstanceOf(AuthenticationException.class)
                    .hasMessageContaining("second factor").hasMessageNotContaining("22eac1c27af4be7b9d04da2ce1af111b");
            assertThat(wm.server.findAll(postRequestedFor(urlEqualTo("/v2/tracker/chat/unread/count")))).isEmpty();
        }
    }

    /** With a login, code 4 makes the adapter log in again once and replay the call. */
    private static void sessionEndedThenRenewed(String body) {
        try (NavixyWireMock wm = new NavixyWireMock(b -> b.login("me@example.com", "pw-secret"))) {
            wm.answer("user/auth", 200, "{\"success\":true,\"hash\":\"" + NavixyWireMock.HASH + "\"}");
            wm.server.stubFor(NavixyWireMock.route("tracker/chat/unread/count").inScenario("s")
                    .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                    .willReturn(NavixyWireMock.json(400, body)).willSetStateTo("renewed"));
            wm.server.stubFor(NavixyWireMock.route("tracker/chat/unread/count").inScenario("s").whenScenarioStateIs("renewed")
                    .willReturn(NavixyWireMock.json(200, "{\"success\":true,\"value\":{}}")));
            assertThat(wm.gateway.unreadCounts("fleet")).isEmpty();
            assertThat(wm.server.findAll(postRequestedFor(urlEqualTo("/v2/user/auth")))).hasSize(2);
        }
    }

    /** The ISO examples are success envelopes with an extra user_time; their update_time reads as an instant. */
    private static void isoTimes(String body, String expected) {
        success(body);
        String updateTime = body.replaceAll("(?s).*\"update_time\":\\s*\"([^\"]+)\".*", "$1");
        try (NavixyWireMock wm = new NavixyWireMock()) {
            wm.answer("tracker/chat/updated/list", 200, "{\"success\":true,\"value\":{\"7\":\"" + updateTime + "\"}}");
            assertThat(wm.gateway.lastActivity(List.of(NavixyWireMock.ref("7"))))
                    .containsExactly(Map.entry(NavixyWireMock.ref("7"), Instant.parse(expected)));
        }
    }

    private static List<Conversation> trackers(String body) {
        try (NavixyWireMock wm = new NavixyWireMock()) {
            wm.answer("tracker/list", 200, body);
            wm.answer("tracker/chat/unread/count", 200, "{\"success\":true,\"value\":{}}");
            wm.answer("tracker/chat/updated/list", 200, "{\"success\":true,\"value\":{}}");
            return wm.gateway.conversations(ConversationQuery.forAccount("fleet").build()).stream().toList();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> source(Conversation c) {
        return (Map<String, Object>) c.attributes().get("source");
    }
}
