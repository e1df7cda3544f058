package io.chatgateway.smsbat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.AuthenticationException;
import io.chatgateway.ChatGatewayException;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.ErrorDetails;
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
import org.junit.jupiter.api.Test;

class SmsbatErrorDecoderTest {

    private static final URI BASE = URI.create("https://chatapi.smsbat.com");
    private static final Secret TOKEN = Secret.of("eyJ.secret-token.sig");
    private final SmsbatErrorDecoder decoder = new SmsbatErrorDecoder();

    private static HttpAnswer answer(int status, String body, Map<String, List<String>> headers, boolean send) {
        HttpCall.Builder b = send
                ? HttpCall.post(BASE, "/api/chat/{}/message", "5").json(Map.of("textMessage", "x")).deliversMessage()
                : HttpCall.get(BASE, "/api/chat/chats");
        HttpCall call = b.credential("Authorization", "Bearer ", TOKEN).operation(send ? io.chatgateway.Operation.SEND : io.chatgateway.Operation.CONVERSATIONS).build();
        return new HttpAnswer(call, ErrorDetails.of("support", "smsbat", call.operation()), status, headers,
                body.getBytes(StandardCharsets.UTF_8), new ObjectMapper(), Instant.parse("2026-11-20T10:00:00Z"));
    }

    private ChatGatewayException decode(int status, String body) {
        return decoder.decode(answer(status, body, Map.of(), false)).orElseThrow();
    }

    @Test
    void should_map_401_to_authentication_error_from_plain_text() {
        ChatGatewayException e = decode(401, "Unauthorized");
        assertThat(e).isInstanceOf(AuthenticationException.class);
        assertThat(e.getMessage()).isEqualTo(
                "smsbat account 'support' (conversations): GET /api/chat/chats answered HTTP 401: \"Unauthorized\".");
        assertThat(e.httpStatus()).hasValue(401);
    }

    @Test
    void should_map_an_empty_401_to_authentication_error() {
        assertThat(decode(401, "")).isInstanceOf(AuthenticationException.class).hasMessageContaining("(empty body)");
    }

    @Test
    void should_map_403_to_permission_denied_from_a_json_string() {
        assertThat(decode(403, "\"Wrong token type\"")).isInstanceOf(PermissionDeniedException.class)
                .hasMessageEndingWith("answered HTTP 403: Wrong token type.");
    }

    @Test
    void should_map_404_to_not_found_from_problem_details() {
        assertThat(decode(404, "{\"type\":\"https://tools.ietf.org/html/rfc9110#section-15.5.5\",\"title\":\"Not Found\","
                + "\"status\":404,\"detail\":\"Chat 5 was not found.\",\"traceId\":\"00-abc\"}"))
                .isInstanceOf(NotFoundException.class).hasMessageEndingWith("answered HTTP 404: Chat 5 was not found.");
    }

    @Test
    void should_map_422_to_invalid_request_with_the_asp_net_field_errors() {
        assertThat(decode(422, "{\"title\":\"One or more validation errors occurred.\",\"status\":422,"
                + "\"errors\":{\"TextMessage\":[\"The TextMessage field is required.\"],\"Author\":[\"Bad.\"]}}"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageEndingWith("answered HTTP 422: One or more validation errors occurred. "
                        + "TextMessage: The TextMessage field is required. Author: Bad.");
    }

    @Test
    void should_map_the_smsbat_error_object_with_its_code() {
        ChatGatewayException e = decode(400, "{\"status\":400,\"error\":\"Bad Request\","
                + "\"message\":\"Missing required field: 'messages'\",\"code\":1001}");
        assertThat(e).isInstanceOf(InvalidRequestException.class)
                .hasMessageEndingWith("answered HTTP 400, code 1001: Bad Request: Missing required field: 'messages'.");
        assertThat(e.providerCode()).hasValue("1001");
    }

    @Test
    void should_treat_smsbat_request_codes_as_invalid_requests_whatever_the_status() {
        assertThat(decode(500, "{\"message\":\"Invalid phone\",\"code\":1003}")).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void should_map_429_to_rate_limited_with_retry_after() {
        ChatGatewayException e = decoder.decode(answer(429, "Too many requests",
                Map.of("Retry-After", List.of("7")), false)).orElseThrow();
        assertThat(e).isInstanceOf(RateLimitedException.class);
        assertThat(((RateLimitedException) e).retryAfter()).hasValue(Duration.ofSeconds(7));
        assertThat(e.isRetryable()).isTrue();
    }

    @Test
    void should_map_5xx_to_retryable_provider_unavailable_and_quote_html_without_markup() {
        ChatGatewayException e = decode(502, "<html><head><style>p{}</style></head><body><h1>502 Bad Gateway</h1></body></html>");
        assertThat(e).isInstanceOf(ProviderUnavailableException.class).hasMessageEndingWith("\"502 Bad Gateway\".");
        assertThat(e.isRetryable()).isTrue();
        assertThat(decode(500, "{\"errors\":[\"Object reference not set\"]}")).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageEndingWith("Object reference not set.");
        assertThat(decode(503, "")).isInstanceOf(ProviderUnavailableException.class);
    }

    @Test
    void should_make_a_5xx_to_a_send_uncertain() {
        assertThat(decoder.decode(answer(500, "boom", Map.of(), true)).orElseThrow())
                .isInstanceOf(DeliveryUncertainException.class).hasMessageContaining("not sent again");
    }

    @Test
    void should_never_quote_the_token() {
        assertThat(decode(401, "token eyJ.secret-token.sig is expired").getMessage())
                .doesNotContain("secret-token").contains("****");
    }

    @Test
    void should_accept_successful_answers_of_any_shape() {
        for (String body : new String[] {"", "OK", "123", "\"ok\"", "{\"id\":5}", "[]", "{\"success\":true}", "{not json"}) {
            assertThat(decoder.decode(answer(200, body, Map.of(), false))).as(body).isEmpty();
        }
    }

    @Test
    void should_read_in_band_failures_of_a_2xx_answer() {
        assertThat(decoder.decode(answer(200, "{\"isValid\":false,\"error\":\"Invalid token\"}", Map.of(), false)))
                .hasValueSatisfying(e -> assertThat(e).isInstanceOf(AuthenticationException.class)
                        .hasMessageEndingWith("answered HTTP 200: Invalid token."));
        assertThat(decoder.decode(answer(200, "{\"success\":false,\"message\":\"Chat is closed\"}", Map.of(), false)))
                .hasValueSatisfying(e -> {
                    assertThat(e).isInstanceOf(ProtocolException.class).hasMessageEndingWith("Chat is closed.");
                    assertThat(e.isRetryable()).isFalse();
                });
    }
}
