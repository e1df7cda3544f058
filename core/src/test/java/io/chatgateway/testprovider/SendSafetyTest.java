package io.chatgateway.testprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.MessageQuery;
import io.chatgateway.NotFoundException;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.ProviderUnavailableException;
import io.chatgateway.RateLimitedException;
import io.chatgateway.ResiliencePolicy;
import io.chatgateway.Secret;
import io.chatgateway.SendResult;
import io.chatgateway.fake.Loopback;
import io.chatgateway.fake.TestTime;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The send-safety rule end to end: a send is retried only when it provably never reached the provider. */
class SendSafetyTest {

    private static final String SEND = "/api/conversations/c1/messages";

    private final LoopbackServer server = new LoopbackServer();
    private final TestTime time = new TestTime();
    private ChatGateway gateway = Loopback.gateway(server, time,
            ResiliencePolicy.custom().requestTimeout(Duration.ofSeconds(3)).build());
    private final ConversationRef c1 = new ConversationRef("lb", "c1");
    private final OutgoingMessage hello = OutgoingMessage.text("hello");

    SendSafetyTest() {
        server.backend().addConversation("c1", "Truck 1");
    }

    @AfterEach
    void close() {
        gateway.close();
        server.close();
    }

    private void assertUncertainAfterExactlyOneRequest() {
        assertThatThrownBy(() -> gateway.send(c1, hello))
                .isInstanceOf(DeliveryUncertainException.class)
                .hasMessageContaining("not sent again")
                .satisfies(e -> {
                    DeliveryUncertainException u = (DeliveryUncertainException) e;
                    assertThat(u.conversation()).hasValue(c1);
                    assertThat(u.sentMessage()).hasValue(hello);
                    assertThat(u.isRetryable()).isFalse();
                    assertThat(u.account()).hasValue("lb");
                    assertThat(u.operation()).hasValue(io.chatgateway.Operation.SEND);
                    assertThat(u.getMessage()).doesNotContain(LoopbackServer.TOKEN);
                });
        assertThat(server.requests(SEND)).hasSize(1);
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void should_not_resend_after_a_reset_once_the_request_was_processed() {
        server.inject(SEND, LoopbackServer.processThenDrop());
        assertUncertainAfterExactlyOneRequest();
        assertThat(server.backend().texts("c1")).containsExactly("hello");
    }

    @Test
    void should_not_resend_after_a_timeout() {
        server.inject(SEND, server.processThenHang());
        assertUncertainAfterExactlyOneRequest();
    }

    @Test
    void should_end_an_exchange_at_its_deadline_while_a_later_deadline_is_pending() throws Exception {
        // every gateway of the JVM shares one deadline thread, which waits for the earliest deadline only: an
        // exchange with a shorter timeout than one already in flight must still end at its own deadline
        server.inject(SEND, server.processThenHang(), 2);
        ChatGateway patient = Loopback.gateway(server, time,
                ResiliencePolicy.custom().requestTimeout(Duration.ofSeconds(60)).build());
        java.util.concurrent.CompletableFuture<SendResult> pending = patient.sendAsync(c1, hello);
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> gateway.send(c1, hello)).isInstanceOf(DeliveryUncertainException.class);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).as("ended at its own 3 s deadline, not the pending 60 s one").isBetween(2_500L, 30_000L);
            assertThat(pending).isNotDone();
        } finally {
            server.close(); // lets the hanging exchange go
            patient.close();
        }
    }

    @Test
    void should_not_resend_after_a_5xx_answer() {
        server.inject(SEND, LoopbackServer.processThenFail(502));
        assertUncertainAfterExactlyOneRequest();
        server.inject(SEND, LoopbackServer.respond(500, "{}"));
        gateway.close();
        gateway = Loopback.gateway(server, time);
        server.requests().size();
        int before = server.requests(SEND).size();
        assertThatThrownBy(() -> gateway.send(c1, hello)).isInstanceOf(DeliveryUncertainException.class);
        assertThat(server.requests(SEND)).hasSize(before + 1);
    }

    @Test
    void should_not_resend_after_an_empty_or_unreadable_answer() {
        server.inject(SEND, LoopbackServer.respond(200, ""));
        assertUncertainAfterExactlyOneRequest();
        server.inject(SEND, LoopbackServer.respond(201, "{\"id\":"));
        assertThatThrownBy(() -> gateway.send(c1, hello)).isInstanceOf(DeliveryUncertainException.class);
        assertThat(server.requests(SEND)).hasSize(2);
    }

    @Test
    void should_not_resend_when_the_connection_drops_before_any_answer() {
        server.inject(SEND, LoopbackServer.drop());
        assertUncertainAfterExactlyOneRequest();
    }

    @Test
    void should_retry_a_send_answered_503_or_429_before_processing() {
        server.inject(SEND, LoopbackServer.respond(503, "{}"));
        server.inject(SEND, LoopbackServer.respond(429, Map.of("Retry-After", "2"), ""));
        SendResult result = gateway.send(c1, hello);
        assertThat(result.message().conversation()).isEqualTo(c1);
        assertThat(server.requests(SEND)).hasSize(3);
        assertThat(server.backend().texts("c1")).containsExactly("hello");
        assertThat(time.sleeps()).hasSize(2).endsWith(Duration.ofSeconds(2));
    }

    @Test
    void should_honour_an_http_date_retry_after_measured_on_the_gateway_clock() {
        // TestTime starts at 2026-11-20T10:00:00Z
        server.inject(SEND, LoopbackServer.respond(429, Map.of("Retry-After", "Fri, 20 Nov 2026 10:00:20 GMT"), ""));
        gateway.send(c1, hello);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(20));
        server.inject(SEND, LoopbackServer.respond(429, Map.of("Retry-After", "Fri, 20 Nov 2026 10:05:00 GMT"), ""));
        assertThatThrownBy(() -> gateway.send(c1, hello)).isInstanceOf(RateLimitedException.class)
                .satisfies(e -> assertThat(((RateLimitedException) e).retryAfter()).hasValueSatisfying(
                        d -> assertThat(d).isGreaterThan(Duration.ofSeconds(30))));
        assertThat(time.sleeps()).hasSize(1);
    }

    @Test
    void should_retry_a_send_whose_connection_was_refused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        gateway.close();
        gateway = ChatGateway.builder()
                .account("lb", new LoopbackConfig(URI.create("http://127.0.0.1:" + port), Secret.of("t")))
                .clock(time).sleeper(time).build();
        assertThatThrownBy(() -> gateway.send(c1, hello)).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("nothing was sent");
        assertThat(time.sleeps()).as("two retries").hasSize(2);
    }

    @Test
    void should_retry_a_read_after_a_reset() {
        server.backend().addInbound("c1", "d", "hi");
        server.inject("/api/conversations/c1/messages", LoopbackServer.processThenDrop());
        assertThat(gateway.messages(MessageQuery.of(c1).build()).items()).hasSize(1);
        assertThat(server.requests("/api/conversations/c1/messages")).hasSize(2);
    }

    @Test
    void should_send_once_per_idempotency_key_and_replay_the_result() {
        OutgoingMessage keyed = hello.withIdempotencyKey("order-17");
        SendResult first = gateway.send(c1, keyed);
        SendResult second = gateway.send(c1, keyed);
        assertThat(first.replayed()).isFalse();
        assertThat(second.replayed()).isTrue();
        assertThat(second.message()).isEqualTo(first.message());
        assertThat(server.requests(SEND)).hasSize(1);
        assertThatThrownBy(() -> gateway.send(c1, OutgoingMessage.text("other text").withIdempotencyKey("order-17")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("already used");
        assertThatThrownBy(() -> gateway.send(new ConversationRef("lb", "c2"), keyed))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(server.requests(SEND)).hasSize(1);
    }

    @Test
    void should_keep_the_key_of_an_uncertain_send_so_that_a_retry_cannot_send_twice() {
        OutgoingMessage keyed = hello.withIdempotencyKey("k-uncertain");
        server.inject(SEND, LoopbackServer.processThenDrop());
        assertThatThrownBy(() -> gateway.send(c1, keyed)).isInstanceOf(DeliveryUncertainException.class);
        assertThatThrownBy(() -> gateway.send(c1, keyed)).isInstanceOf(DeliveryUncertainException.class);
        assertThat(server.requests(SEND)).hasSize(1);
        assertThat(server.backend().texts("c1")).containsExactly("hello");
    }

    @Test
    void should_free_the_key_of_a_send_that_provably_failed() {
        OutgoingMessage keyed = hello.withIdempotencyKey("k-failed");
        server.inject(SEND, LoopbackServer.respond(404, "{\"error\":{\"code\":\"not_found\",\"message\":\"gone\"}}"));
        assertThatThrownBy(() -> gateway.send(c1, keyed)).isInstanceOf(NotFoundException.class);
        assertThat(gateway.send(c1, keyed).replayed()).isFalse();
        assertThat(server.requests(SEND)).hasSize(2);
    }

    @Test
    void should_forget_a_key_after_the_window() {
        OutgoingMessage keyed = hello.withIdempotencyKey("k-window");
        gateway.send(c1, keyed);
        time.advance(Duration.ofHours(24).plusSeconds(1));
        assertThat(gateway.send(c1, keyed).replayed()).isFalse();
        assertThat(server.requests(SEND)).hasSize(2);
    }
}
