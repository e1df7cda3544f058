package io.chatgateway.navixy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.AuthenticationException;
import io.chatgateway.ChatGatewayException;
import io.chatgateway.ConversationUnavailableException;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.ErrorDetails;
import io.chatgateway.FeatureUnavailableException;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.NotFoundException;
import io.chatgateway.PermissionDeniedException;
import io.chatgateway.ProtocolException;
import io.chatgateway.ProviderUnavailableException;
import io.chatgateway.RateLimitedException;
import io.chatgateway.Secret;
import io.chatgateway.spi.HttpAnswer;
import io.chatgateway.spi.HttpCall;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NavixyErrorDecoderTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Secret HASH = Secret.of("0123456789abcdef0123456789abcdef");
    private final NavixyErrorDecoder decoder = new NavixyErrorDecoder();

    static HttpAnswer answer(int status, String body, boolean send, Map<String, List<String>> headers) {
        HttpCall.Builder b = HttpCall.post(URI.create("https://api.eu.navixy.com/v2"), send ? "/tracker/chat/send" : "/tracker/chat/list")
                .operation(send ? io.chatgateway.Operation.SEND : io.chatgateway.Operation.MESSAGES).credential("Authorization", "NVX ", HASH).json(Map.of());
        if (send) {
            b.deliversMessage();
        }
        return new HttpAnswer(b.build(), ErrorDetails.of("fleet", "navixy", send ? io.chatgateway.Operation.SEND : io.chatgateway.Operation.MESSAGES), status, headers,
                body.getBytes(StandardCharsets.UTF_8), MAPPER, Instant.parse("2026-11-20T10:00:00Z"));
    }

    private Optional<ChatGatewayException> decode(int status, String body) {
        return decoder.decode(answer(status, body, false, Map.of()));
    }

    private static String error(int code) {
        return "{\"success\":false,\"status\":{\"code\":" + code + ",\"description\":\"text\"}}";
    }

    @ParameterizedTest(name = "code {0} -> {1}")
    @CsvSource({
            "1, ProviderUnavailableException", "2, AuthenticationException", "3, AuthenticationException",
            "4, AuthenticationException", "5, InvalidRequestException", "6, ProviderUnavailableException",
            "7, InvalidRequestException", "8, ProviderUnavailableException", "9, InvalidRequestException",
            "11, PermissionDeniedException", "12, NotFoundException", "13, PermissionDeniedException",
            "14, ProviderUnavailableException", "15, RateLimitedException", "101, PermissionDeniedException",
            "102, AuthenticationException", "103, AuthenticationException", "104, AuthenticationException",
            "105, AuthenticationException", "111, InvalidRequestException", "112, InvalidRequestException",
            "201, NotFoundException", "203, InvalidRequestException", "204, NotFoundException",
            "208, ConversationUnavailableException", "211, InvalidRequestException", "212, InvalidRequestException",
            "213, ConversationUnavailableException", "214, ConversationUnavailableException",
            "215, ProviderUnavailableException", "217, InvalidRequestException", "219, PermissionDeniedException",
            "221, PermissionDeniedException", "236, FeatureUnavailableException", "242, InvalidRequestException",
            "263, InvalidRequestException", "264, RateLimitedException", "268, FeatureUnavailableException"})
    void should_map_every_reference_code_the_same_with_http_200_or_400(int code, String type) {
        for (int status : new int[] {200, 400, 403}) {
            ChatGatewayException e = decode(status, error(code)).orElseThrow();
            assertThat(e.getClass().getSimpleName()).as("HTTP %d", status).isEqualTo(type);
            assertThat(e.providerCode()).hasValue(Integer.toString(code));
            assertThat(e.httpStatus()).hasValue(status);
            assertThat(e.account()).hasValue("fleet");
        }
    }

    @Test
    void should_map_navixy_236_to_feature_unavailable() {
        assertThat(decode(402, error(236))).containsInstanceOf(FeatureUnavailableException.class);
    }

    @Test
    void should_treat_a_server_fault_during_a_send_as_delivery_uncertain() {
        assertThat(decoder.decode(answer(500, error(1), true, Map.of()))).containsInstanceOf(DeliveryUncertainException.class);
        assertThat(decoder.decode(answer(200, error(6), true, Map.of()))).containsInstanceOf(DeliveryUncertainException.class);
        assertThat(decoder.decode(answer(503, error(8), true, Map.of()))).containsInstanceOf(ProviderUnavailableException.class);
    }

    @Test
    void should_accept_success_bodies_in_any_key_order_with_extra_fields() {
        assertThat(decode(200, "{\"list\":[],\"success\":true}")).isEmpty();
        assertThat(decode(200, "{\"success\":\"true\",\"user_time\":\"2014-07-09T07:50:58+05:00\"}")).isEmpty();
        assertThat(decode(200, "{\"success\":1}")).isEmpty();
    }

    @Test
    void should_read_the_alternative_error_object_shape() {
        ChatGatewayException e = decode(400, "{\"success\":false,\"error\":{\"code\":201,\"message\":\"Application not found\"}}").orElseThrow();
        assertThat(e).isInstanceOf(NotFoundException.class).hasMessageContaining("Application not found");
        assertThat(e.providerCode()).hasValue("201");
    }

    @Test
    void should_name_the_parameters_of_errors_in_all_three_shapes() {
        assertThat(decode(400, "{\"success\":false,\"status\":{\"code\":7,\"description\":\"Invalid parameters\"},"
                + "\"errors\":[{\"parameter\":\"tracker_id\",\"error\":\"required\"}]}").orElseThrow())
                .hasMessageContaining("tracker_id: required");
        assertThat(decode(400, "{\"success\":false,\"status\":{\"code\":242,\"description\":\"x\"},"
                + "\"errors\":[{\"field_id\":\"f-1\",\"code\":5,\"error\":\"too long\"}]}").orElseThrow())
                .hasMessageContaining("f-1: too long (code 5)");
        assertThat(decode(400, "{\"success\":false,\"status\":{\"code\":215,\"description\":\"x\"},"
                + "\"errors\":[\"OVER_QUERY_LIMIT\"]}").orElseThrow())
                .hasMessageContaining("OVER_QUERY_LIMIT");
    }

    @Test
    void should_take_the_wait_of_264_from_remainder_and_of_15_from_retry_after() {
        ChatGatewayException e264 = decode(403, "{\"success\":false,\"status\":{\"code\":264,\"description\":\"Timeout not reached\"},"
                + "\"timeout\":\"PT5M\",\"remainder\":\"PT4M31.575S\"}").orElseThrow();
        assertThat(((RateLimitedException) e264).retryAfter()).hasValue(Duration.parse("PT4M31.575S"));
        ChatGatewayException e15 = decoder.decode(answer(429, error(15), false, Map.of("Retry-After", List.of("3")))).orElseThrow();
        assertThat(((RateLimitedException) e15).retryAfter()).hasValue(Duration.ofSeconds(3));
    }

    @Test
    void should_type_codes_3_and_4_as_an_expired_session_and_2_as_rejected_credentials() {
        for (int code : new int[] {3, 4}) {
            assertThat(decode(200, error(code)).orElseThrow()).isInstanceOfSatisfying(AuthenticationException.class,
                    e -> assertThat(e.reason()).isEqualTo(AuthenticationException.Reason.EXPIRED));
            assertThat(NavixyApi.isExpired(decode(200, error(code)).orElseThrow())).isTrue();
        }
        assertThat(decode(200, error(2)).orElseThrow()).isInstanceOfSatisfying(AuthenticationException.class,
                e -> assertThat(e.reason()).isEqualTo(AuthenticationException.Reason.REJECTED));
        assertThat(NavixyApi.isExpired(decode(200, error(2)).orElseThrow())).isFalse();
    }

    @Test
    void should_fall_back_to_the_http_status_for_unknown_codes() {
        assertThat(decode(200, error(9999))).containsInstanceOf(InvalidRequestException.class);
        assertThat(decode(400, error(9999))).containsInstanceOf(InvalidRequestException.class);
        assertThat(decode(403, error(9999))).containsInstanceOf(PermissionDeniedException.class);
        assertThat(decode(402, error(9999))).containsInstanceOf(FeatureUnavailableException.class);
        assertThat(decode(500, error(9999))).containsInstanceOf(ProviderUnavailableException.class);
        assertThat(decode(401, error(9999))).containsInstanceOf(AuthenticationException.class);
    }

    @Test
    void should_map_non_json_and_codeless_answers_by_status() {
        assertThat(decode(502, "<html><body>Bad gateway</body></html>")).containsInstanceOf(ProviderUnavailableException.class);
        assertThat(decode(404, "")).containsInstanceOf(NotFoundException.class);
        assertThat(decode(200, "")).containsInstanceOf(ProtocolException.class);
        assertThat(decode(200, "<html>maintenance</html>")).containsInstanceOf(ProtocolException.class);
        assertThat(decode(200, "{\"success\":false}")).containsInstanceOf(InvalidRequestException.class);
        assertThat(decode(503, "{}")).containsInstanceOf(ProviderUnavailableException.class);
        assertThat(decode(200, "[1,2]")).containsInstanceOf(ProtocolException.class);
        assertThat(decoder.decode(answer(200, "{\"success\":true,\"id\":", true, Map.of())))
                .containsInstanceOf(DeliveryUncertainException.class);
    }

    @Test
    void should_never_show_the_hash_in_a_message() {
        ChatGatewayException e = decode(400, "{\"success\":false,\"status\":{\"code\":3,\"description\":\"Wrong hash "
                + HASH.reveal() + "\"}}").orElseThrow();
        assertThat(e).hasMessageNotContaining(HASH.reveal()).hasMessageContaining("code 3");
        assertThat(NavixyApi.isExpired(e)).isTrue();
        assertThat(NavixyApi.isExpired(decode(400, error(102)).orElseThrow())).isFalse();
    }

    @Test
    void should_say_what_was_tried_in_one_sentence() {
        assertThat(decode(403, error(208)).orElseThrow())
                .isInstanceOf(ConversationUnavailableException.class)
                .hasMessage("navixy account 'fleet' (messages): POST /tracker/chat/list answered HTTP 403, code 208: text.");
    }
}
