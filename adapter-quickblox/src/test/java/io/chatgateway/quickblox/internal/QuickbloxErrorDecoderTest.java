package io.chatgateway.quickblox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.AuthenticationException;
import io.chatgateway.ChatGatewayException;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.NotFoundException;
import io.chatgateway.Operation;
import io.chatgateway.PermissionDeniedException;
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

class QuickbloxErrorDecoderTest {

    private static final URI BASE = URI.create("https://api.quickblox.com");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HttpAnswer answer(HttpCall call, int status, String body, Map<String, List<String>> headers) {
        return new HttpAnswer(call, ErrorDetails.of("app", "quickblox", call.operation()), status, headers,
                body.getBytes(StandardCharsets.UTF_8), JSON, Instant.parse("2026-11-20T10:00:00Z"));
    }

    private static ChatGatewayException decode(int status, String body) {
        HttpCall call = HttpCall.get(BASE, "/chat/Dialog.json").operation(Operation.CONVERSATIONS).build();
        return QuickbloxErrorDecoder.INSTANCE.decode(answer(call, status, body, Map.of())).orElseThrow();
    }

    @Test
    void should_accept_an_empty_body_on_success() {
        HttpCall call = HttpCall.put(BASE, "/chat/Message/{}.json", "abc").operation(Operation.MARK_READ).build();
        assertThat(QuickbloxErrorDecoder.INSTANCE.decode(answer(call, 200, "", Map.of()))).isEmpty();
        assertThat(QuickbloxErrorDecoder.INSTANCE.decode(answer(call, 201, "{\"_id\":\"x\"}", Map.of()))).isEmpty();
    }

    @Test
    void should_flatten_errors_given_as_an_array_of_strings() {
        ChatGatewayException e = decode(403, "{\"errors\":[\"You don't have appropriate permissions to perform this operation\"]}");
        assertThat(e).isInstanceOf(PermissionDeniedException.class)
                .hasMessageContaining("GET /chat/Dialog.json answered HTTP 403: You don't have appropriate permissions");
        assertThat(e.httpStatus()).hasValue(403);
    }

    @Test
    void should_flatten_errors_given_as_an_object_of_arrays_with_base_and_fields() {
        ChatGatewayException e = decode(422, "{\"errors\":{\"base\":[\"Forbidden. Need user.\"],\"login\":[\"has already been taken\",\"is too short\"]}}");
        assertThat(e).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Forbidden. Need user.; login has already been taken; login is too short");
    }

    @Test
    void should_map_statuses_to_typed_exceptions() {
        assertThat(decode(401, "{\"errors\":[\"Required session does not exist\"]}")).isInstanceOf(AuthenticationException.class)
                .satisfies(e -> assertThat(QuickbloxErrorDecoder.isSessionExpired(e)).isTrue())
                .satisfies(e -> assertThat(((AuthenticationException) e).reason()).isEqualTo(AuthenticationException.Reason.EXPIRED));
        assertThat(decode(401, "{\"errors\":[\"Unauthorized\"]}"))
                .satisfies(e -> assertThat(QuickbloxErrorDecoder.isSessionExpired(e)).isFalse())
                .satisfies(e -> assertThat(((AuthenticationException) e).reason()).isEqualTo(AuthenticationException.Reason.REJECTED));
        assertThat(decode(403, "{\"errors\":{\"base\":[\"Forbidden. Need user.\"]}}")).isInstanceOf(PermissionDeniedException.class);
        assertThat(decode(404, "{\"errors\":[\"Resource not found\"]}")).isInstanceOf(NotFoundException.class);
        assertThat(decode(422, "{\"errors\":[\"Too many occupants for Private Dialog.\"]}")).isInstanceOf(InvalidRequestException.class);
        assertThat(decode(500, "<html><body>Internal Server Error</body></html>")).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("Internal Server Error");
        assertThat(decode(503, "")).isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("(empty body)");
    }

    @Test
    void should_read_retry_after_of_a_429() {
        HttpCall call = HttpCall.get(BASE, "/chat/Message.json").operation(Operation.MESSAGES).build();
        ChatGatewayException e = QuickbloxErrorDecoder.INSTANCE.decode(answer(call, 429,
                "{\"errors\":[\"API call rate limit has been exceeded\"]}", Map.of("Retry-After", List.of("3")))).orElseThrow();
        assertThat(e).isInstanceOf(RateLimitedException.class);
        assertThat(((RateLimitedException) e).retryAfter()).hasValue(Duration.ofSeconds(3));
    }

    @Test
    void should_make_a_server_error_on_send_an_uncertain_delivery() {
        HttpCall call = HttpCall.post(BASE, "/chat/Message.json").operation(Operation.SEND).deliversMessage().json(Map.of()).build();
        assertThat(QuickbloxErrorDecoder.INSTANCE.decode(answer(call, 500, "{\"errors\":[\"boom\"]}", Map.of())).orElseThrow())
                .isInstanceOf(DeliveryUncertainException.class);
    }

    @Test
    void should_make_a_refused_session_an_authentication_failure_without_secrets() {
        Secret password = Secret.of("agent-password");
        HttpCall call = HttpCall.post(BASE, "/session.json").operation(Operation.AUTHENTICATE).redact(password).json(Map.of()).build();
        ChatGatewayException e = QuickbloxErrorDecoder.INSTANCE.decode(answer(call, 422,
                "{\"errors\":{\"base\":[\"Unexpected signature for agent-password\"]}}", Map.of())).orElseThrow();
        assertThat(e).isInstanceOf(AuthenticationException.class).hasMessageContaining("Unexpected signature")
                .hasMessageNotContaining("agent-password");
    }

    @Test
    void should_map_a_permissions_403_on_a_send_to_conversation_unavailable_and_elsewhere_to_permission_denied() {
        String body = "{\"errors\":[\"You don't have appropriate permissions to perform this operation\"]}";
        HttpCall send = HttpCall.post(BASE, "/chat/Message.json").operation(Operation.SEND).json(Map.of("message", "x")).build();
        assertThat(QuickbloxErrorDecoder.INSTANCE.decode(answer(send, 403, body, Map.of())).orElseThrow())
                .isInstanceOf(io.chatgateway.ConversationUnavailableException.class)
                .hasMessageContaining("appropriate permissions").matches(e -> !e.isRetryable());
        assertThat(decode(403, body)).isInstanceOf(PermissionDeniedException.class);
        HttpCall sendNeedUser = HttpCall.post(BASE, "/chat/Message.json").operation(Operation.SEND).json(Map.of("message", "x")).build();
        assertThat(QuickbloxErrorDecoder.INSTANCE.decode(answer(sendNeedUser, 403,
                "{\"errors\":{\"base\":[\"Forbidden. Need user.\"]}}", Map.of())).orElseThrow())
                .isInstanceOf(PermissionDeniedException.class);
    }
}
