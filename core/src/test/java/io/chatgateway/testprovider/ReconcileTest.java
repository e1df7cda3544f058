package io.chatgateway.testprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.ReconcileOptions;
import io.chatgateway.ResiliencePolicy;
import io.chatgateway.SendResult;
import io.chatgateway.fake.Loopback;
import io.chatgateway.fake.TestTime;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Uncertain sends settled by reading the conversation back, never by a blind resend. */
class ReconcileTest {

    private static final String SEND = "/api/conversations/c1/messages";

    private final LoopbackServer server = new LoopbackServer();
    private final TestTime time = new TestTime();
    private final ChatGateway gateway = Loopback.gateway(server, time,
            ResiliencePolicy.custom().requestTimeout(Duration.ofSeconds(5)).build());
    private final ConversationRef c1 = new ConversationRef("lb", "c1");
    private final OutgoingMessage hello = OutgoingMessage.text("hello");
    private final ReconcileOptions options = ReconcileOptions.DEFAULT.withReads(2).withInterval(Duration.ofSeconds(3));

    ReconcileTest() {
        server.backend().addConversation("c1", "Truck 1");
    }

    @AfterEach
    void close() {
        gateway.close();
        server.close();
    }

    private long listings() {
        return server.requests(SEND).stream().filter(r -> r.method().equals("GET")).count();
    }

    private long posts() {
        return server.requests(SEND).stream().filter(r -> r.method().equals("POST")).count();
    }

    @Test
    void should_find_a_processed_but_unanswered_send_and_return_its_ref() {
        server.inject(SEND, LoopbackServer.processThenDrop());
        SendResult result = gateway.send(c1, hello, options);
        assertThat(result.reconciliation()).isEqualTo(SendResult.Reconciliation.FOUND);
        assertThat(result.message().conversation()).isEqualTo(c1);
        assertThat(server.backend().texts("c1")).containsExactly("hello");
        assertThat(posts()).isEqualTo(1);
        assertThat(listings()).isEqualTo(1);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(3));
        String since = server.requests(SEND).get(1).query().get("since").get(0);
        assertThat(since).isEqualTo("2026-11-20T09:58:00Z");
    }

    @Test
    void should_resend_once_when_the_message_is_not_there_after_every_look() {
        server.inject(SEND, LoopbackServer.drop());
        SendResult result = gateway.send(c1, hello, options);
        assertThat(result.reconciliation()).isEqualTo(SendResult.Reconciliation.RESENT);
        assertThat(server.backend().texts("c1")).containsExactly("hello");
        assertThat(posts()).isEqualTo(2);
        assertThat(listings()).isEqualTo(3);
    }

    @Test
    void should_report_a_late_first_copy_as_a_detected_duplicate() {
        java.util.concurrent.atomic.AtomicInteger posted = new java.util.concurrent.atomic.AtomicInteger();
        server.inject(SEND, (exchange, normal) -> {
            if (exchange.getRequestMethod().equals("GET")) {
                LoopbackServer.write(exchange, normal.process());
            } else if (posted.incrementAndGet() == 1) {
                exchange.close(); // lost on the way, as far as anyone can tell
            } else {
                normal.process(); // the first copy, arriving late after all
                LoopbackServer.write(exchange, normal.process());
            }
        }, 10);
        SendResult result = gateway.send(c1, hello, options);
        assertThat(result.reconciliation()).isEqualTo(SendResult.Reconciliation.DUPLICATE_DETECTED);
        assertThat(server.backend().texts("c1")).containsExactly("hello", "hello");
    }

    @Test
    void should_not_match_a_message_already_matched_to_another_send() {
        gateway.send(c1, hello, options); // a direct send: its message is owned by that send
        server.inject(SEND, LoopbackServer.drop());
        SendResult second = gateway.send(c1, hello, options);
        assertThat(second.reconciliation()).isEqualTo(SendResult.Reconciliation.RESENT);
        assertThat(server.backend().texts("c1")).containsExactly("hello", "hello");
    }

    @Test
    void should_keep_the_uncertainty_and_not_resend_when_the_conversation_cannot_be_read() {
        server.inject(SEND, LoopbackServer.drop());
        server.inject(SEND, LoopbackServer.respond(403, "{\"error\":{\"code\":\"forbidden\",\"message\":\"no\"}}"), 1);
        assertThatThrownBy(() -> gateway.send(c1, hello, options)).isInstanceOf(DeliveryUncertainException.class);
        assertThat(posts()).isEqualTo(1);
    }

    @Test
    void should_record_the_reconciled_ref_under_the_idempotency_key() {
        server.inject(SEND, LoopbackServer.processThenDrop());
        OutgoingMessage keyed = hello.withIdempotencyKey("order-9");
        SendResult first = gateway.send(c1, keyed, options);
        SendResult replay = gateway.send(c1, keyed);
        assertThat(replay.replayed()).isTrue();
        assertThat(replay.message()).isEqualTo(first.message());
        assertThat(replay.reconciliation()).isEqualTo(SendResult.Reconciliation.FOUND);
        assertThat(posts()).isEqualTo(1);
    }
}
