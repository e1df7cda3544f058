package io.chatgateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.internal.JsonMappers;
import io.chatgateway.spi.ErrorDecoder;
import io.chatgateway.spi.HttpAnswer;
import io.chatgateway.spi.HttpCall;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorsTest {

    private static final ObjectMapper MAPPER = JsonMappers.create(1 << 20);
    private static final Secret KEY = Secret.of("s3cr3t-KEY-value");
    private static final ErrorDetails WHERE = ErrorDetails.of("fleet", "navixy", Operation.SEND);
    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    private static HttpAnswer answer(int status, String body, Map<String, List<String>> headers, boolean delivers) {
        HttpCall.Builder b = HttpCall.post(URI.create("https://api.example.com/v2"), "/tracker/chat/send")
                .credential("Authorization", "NVX ", KEY).operation(Operation.SEND);
        if (delivers) {
            b.deliversMessage();
        }
        return new HttpAnswer(b.build(), WHERE, status, headers, body.getBytes(StandardCharsets.UTF_8), MAPPER, NOW);
    }

    private static HttpAnswer answer(int status, String body) {
        return answer(status, body, Map.of(), false);
    }

    @ParameterizedTest
    @CsvSource({
            "301, ProtocolException, false", "302, ProtocolException, false", "307, ProtocolException, false",
            "400, InvalidRequestException, false", "405, InvalidRequestException, false",
            "409, InvalidRequestException, false", "413, InvalidRequestException, false",
            "415, InvalidRequestException, false", "422, InvalidRequestException, false",
            "401, AuthenticationException, false", "403, PermissionDeniedException, false",
            "404, NotFoundException, false", "410, NotFoundException, false",
            "429, RateLimitedException, true", "503, ProviderUnavailableException, true",
            "408, ProviderUnavailableException, true", "500, ProviderUnavailableException, true",
            "502, ProviderUnavailableException, true", "504, ProviderUnavailableException, true",
            "599, ProviderUnavailableException, true", "418, ProtocolException, true"})
    void should_map_http_status_to_the_documented_exception(int status, String type, boolean retryable) {
        ChatGatewayException e = ErrorDecoder.byStatus(answer(status, "{\"error\":\"nope\"}"), "E7", null);
        assertThat(e.getClass().getSimpleName()).isEqualTo(type);
        assertThat(e.isRetryable()).isEqualTo(retryable);
        assertThat(e.account()).hasValue("fleet");
        assertThat(e.provider()).hasValue("navixy");
        assertThat(e.operation()).hasValue(Operation.SEND);
        assertThat(e.providerCode()).hasValue("E7");
        assertThat(e.httpStatus()).hasValue(status);
        assertOneSentenceWithoutSecret(e);
    }

    @ParameterizedTest
    @CsvSource({"500", "502", "504", "408"})
    void should_make_a_server_fault_of_a_send_delivery_uncertain(int status) {
        ChatGatewayException e = ErrorDecoder.byStatus(answer(status, "oops", Map.of(), true), null, null);
        assertThat(e).isInstanceOf(DeliveryUncertainException.class);
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage()).contains("not sent again");
        assertOneSentenceWithoutSecret(e);
    }

    @ParameterizedTest
    @CsvSource({"503", "429"})
    void should_keep_503_and_429_of_a_send_retryable_because_they_come_before_processing(int status) {
        ChatGatewayException e = ErrorDecoder.byStatus(answer(status, "{}", Map.of(), true), null, null);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e).isNotInstanceOf(DeliveryUncertainException.class);
    }

    @Test
    void should_say_where_a_redirect_pointed_without_following_it() {
        ChatGatewayException e = ErrorDecoder.byStatus(answer(302, "", Map.of("Location",
                List.of("https://evil.example.net/steal?key=" + KEY.reveal())), false), null, null);
        assertThat(e).isInstanceOf(ProtocolException.class);
        assertThat(e.getMessage()).contains("host evil.example.net").contains("redirect").doesNotContain(KEY.reveal());
    }

    @Test
    void should_parse_retry_after_seconds_and_http_dates() {
        assertThat(ErrorDecoder.retryAfter("7", NOW)).hasValue(Duration.ofSeconds(7));
        assertThat(ErrorDecoder.retryAfter(" 0 ", NOW)).hasValue(Duration.ZERO);
        assertThat(ErrorDecoder.retryAfter("Fri, 20 Nov 2026 10:00:42 GMT", NOW)).hasValue(Duration.ofSeconds(42));
        assertThat(ErrorDecoder.retryAfter("Fri, 20 Nov 2026 09:00:00 GMT", NOW)).hasValue(Duration.ZERO);
        assertThat(ErrorDecoder.retryAfter("soon", NOW)).isEmpty();
        assertThat(ErrorDecoder.retryAfter("-5", NOW)).isEmpty();
        RateLimitedException e = (RateLimitedException) ErrorDecoder.byStatus(
                answer(429, "", Map.of("Retry-After", List.of("12")), false), null, null);
        assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(12));
        RateLimitedException none = (RateLimitedException) ErrorDecoder.byStatus(answer(429, ""), null, null);
        assertThat(none.retryAfter()).isEmpty();
    }

    @Test
    void should_quote_at_most_256_characters_of_an_html_page_with_the_secret_redacted() {
        String page = "<html><head><style>body{color:red}</style><script>var x=1;</script></head><body><h1>502 Bad Gateway</h1>"
                + "<p>upstream said " + KEY.reveal() + "</p>" + "<p>" + "padding ".repeat(200) + "</p></body></html>";
        ChatGatewayException e = ErrorDecoder.byStatus(answer(502, page), null, null);
        assertThat(e).isInstanceOf(ProviderUnavailableException.class);
        String quote = answer(502, page).quote();
        assertThat(quote.length()).isLessThanOrEqualTo(HttpAnswer.MAX_QUOTE + 2);
        assertThat(quote).startsWith("\"502 Bad Gateway upstream said ****").doesNotContain("<").doesNotContain("color:red");
        assertOneSentenceWithoutSecret(e);
        assertThat(e.getMessage()).contains("POST /tracker/chat/send answered HTTP 502");
    }

    @Test
    void should_redact_a_secret_that_straddles_the_quote_limit_of_a_provider_message() {
        String text = "x".repeat(HttpAnswer.MAX_QUOTE - 5) + KEY.reveal();
        String sentence = ErrorDecoder.sentence(answer(400, "{}"), "1", text);
        assertThat(sentence).doesNotContain(KEY.reveal().substring(0, 4));
        assertThat(ErrorDecoder.sentence(answer(400, "{}"), "1", "bad " + KEY.reveal() + "\r\nX: y"))
                .isEqualTo("navixy account 'fleet' (send): POST /tracker/chat/send answered HTTP 400, code 1: bad **** X: y.");
    }

    @Test
    void should_describe_an_empty_body() {
        assertThat(ErrorDecoder.sentence(answer(500, ""), null, null))
                .isEqualTo("navixy account 'fleet' (send): POST /tracker/chat/send answered HTTP 500: (empty body).");
    }

    @Test
    void should_decode_only_non_2xx_answers_by_status() {
        assertThat(ErrorDecoder.BY_STATUS.decode(answer(200, "{}"))).isEmpty();
        assertThat(ErrorDecoder.BY_STATUS.decode(answer(204, ""))).isEmpty();
        assertThat(ErrorDecoder.BY_STATUS.decode(answer(404, "{}"))).containsInstanceOf(NotFoundException.class);
    }

    @Test
    void should_carry_details_and_retryability_on_every_exception_type() {
        ErrorDetails d = new ErrorDetails("acc", "prov", Operation.MESSAGES, "C1", 418);
        List<ChatGatewayException> all = List.of(
                new InvalidRequestException("Bad input.", d), new AuthenticationException("No.", d),
                new PermissionDeniedException("No.", d), new NotFoundException("Gone.", d),
                new ConversationUnavailableException("Blocked.", d), new FeatureUnavailableException("Tariff.", d),
                new UnsupportedCapabilityException(Capability.SEND, d), new RateLimitedException("Slow.", d, Duration.ofSeconds(1)),
                new ProviderUnavailableException("Down.", d), new ProtocolException("Garbled.", d),
                new ProtocolException("Redirect.", d, null, false),
                new DeliveryUncertainException("Maybe.", d, null, null, null), new InvalidConfigurationException("Key.", d));
        for (ChatGatewayException e : all) {
            assertThat(e.details()).isEqualTo(d);
            assertThat(e.account()).hasValue("acc");
            assertThat(e.provider()).hasValue("prov");
            assertThat(e.operation()).hasValue(Operation.MESSAGES);
            assertThat(e.providerCode()).hasValue("C1");
            assertThat(e.httpStatus()).hasValue(418);
            assertOneSentenceWithoutSecret(e);
        }
        assertThat(all).filteredOn(ChatGatewayException::isRetryable).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("RateLimitedException", "ProviderUnavailableException", "ProtocolException");
        assertThat(new NotFoundException("x", null).details()).isEqualTo(ErrorDetails.NONE);
        assertThat(new NotFoundException("x", null).httpStatus()).isEmpty();
        UnsupportedCapabilityException u = new UnsupportedCapabilityException(Capability.BROADCAST,
                ErrorDetails.of("fleet", "smsbat", Operation.BROADCAST));
        assertThat(u.getMessage()).isEqualTo("The smsbat provider of account 'fleet' does not support BROADCAST.");
        assertThat(u.capability()).isEqualTo(Capability.BROADCAST);
    }

    @Test
    void should_let_delivery_uncertain_carry_what_was_sent() {
        ConversationRef to = new ConversationRef("acc", "1");
        OutgoingMessage sent = OutgoingMessage.text("hello");
        DeliveryUncertainException e = new DeliveryUncertainException("Maybe.", WHERE, null, null, new RuntimeException("io"));
        assertThat(e.conversation()).isEmpty();
        DeliveryUncertainException about = e.about(to, sent);
        assertThat(about.conversation()).hasValue(to);
        assertThat(about.sentMessage()).hasValue(sent);
        assertThat(about.getMessage()).isEqualTo(e.getMessage());
        assertThat(about.getCause()).isSameAs(e.getCause());
        assertThat(about.details()).isEqualTo(e.details());
    }

    static void assertOneSentenceWithoutSecret(ChatGatewayException e) {
        assertThat(e.getMessage()).doesNotContain(KEY.reveal()).doesNotContain("\n").doesNotContain("\r")
                .endsWith(".");
        assertThat(Character.isUpperCase(e.getMessage().codePointAt(0)) || Character.isLowerCase(e.getMessage().codePointAt(0)))
                .isTrue();
    }
}
