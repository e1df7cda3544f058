package io.chatgateway.testprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import io.chatgateway.MessageQuery;
import io.chatgateway.Operation;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.ProviderUnavailableException;
import io.chatgateway.ReconcileOptions;
import io.chatgateway.ResiliencePolicy;
import io.chatgateway.Secret;
import io.chatgateway.SendResult;
import io.chatgateway.events.GatewayEvent.CallFinished;
import io.chatgateway.events.GatewayEvent.HttpRequestFinished;
import io.chatgateway.events.GatewayEvent.RetryScheduled;
import io.chatgateway.events.GatewayEvent;
import io.chatgateway.events.MdcKeys;
import io.chatgateway.fake.TestTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Events of the JDK transport: one per HTTP exchange, with the status, through a real adapter and server. */
class TelemetryTransportTest {

    private final LoopbackServer server = new LoopbackServer();
    private final TestTime time = new TestTime();
    private final List<GatewayEvent> events = new CopyOnWriteArrayList<>();
    private ChatGateway gateway;

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
        }
        server.close();
    }

    private ConversationRef gateway(int attempts) {
        gateway = ChatGateway.builder()
                .account("lb", new LoopbackConfig(server.baseUri(), Secret.of(LoopbackServer.TOKEN)),
                        ResiliencePolicy.custom().maxAttempts(attempts).jitter(0).initialBackoff(Duration.ofMillis(50))
                                .requestTimeout(Duration.ofSeconds(5)).build())
                .listener(events::add)
                .clock(time).sleeper(time).build();
        server.backend().addInbound("c1", "d1", "hello");
        return new ConversationRef("lb", "c1");
    }

    private <E extends GatewayEvent> List<E> events(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void should_report_every_http_exchange_with_its_status_and_the_retry_between_them() {
        ConversationRef c = gateway(2);
        server.inject("/api/conversations", LoopbackServer.respond(503, "{\"error\":\"busy\"}"), 1);
        assertThat(gateway.messages(MessageQuery.of(c).build()).items()).hasSize(1);

        assertThat(events(HttpRequestFinished.class))
                .extracting(HttpRequestFinished::operation, HttpRequestFinished::method, HttpRequestFinished::status,
                        HttpRequestFinished::outcome)
                .containsExactly(tuple(Operation.MESSAGES, "GET", 503, "provider_unavailable"),
                        tuple(Operation.MESSAGES, "GET", 200, "success"));
        assertThat(events(RetryScheduled.class)).singleElement()
                .satisfies(r -> assertThat(r.delay()).isEqualTo(Duration.ofMillis(50)));
        assertThat(events(CallFinished.class)).singleElement()
                .satisfies(e -> assertThat(e.attempts()).isEqualTo(2))
                .satisfies(e -> assertThat(e.account()).isEqualTo("lb"))
                .satisfies(e -> assertThat(e.provider()).isEqualTo("loopback"));
        assertThat(events).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("HttpRequestFinished", "RetryScheduled", "HttpRequestFinished", "CallFinished");
    }

    @Test
    void should_report_an_exchange_without_an_answer_as_status_zero() {
        ConversationRef c = gateway(1);
        server.inject("/api/conversations", LoopbackServer.drop(), 5); // the JDK client itself repeats a dropped GET once
        assertThatThrownBy(() -> gateway.messages(MessageQuery.of(c).build()))
                .isInstanceOf(ProviderUnavailableException.class);
        assertThat(events(HttpRequestFinished.class)).singleElement()
                .satisfies(e -> assertThat(e.status()).isZero())
                .satisfies(e -> assertThat(e.outcome()).isEqualTo("provider_unavailable"));
        assertThat(gateway.health("lb").lastFailureKind()).isEqualTo("provider_unavailable");
    }

    @Test
    void should_report_a_send_settled_by_reading_the_conversation_back() {
        ConversationRef c = gateway(1);
        server.inject("/api/conversations/c1/messages", LoopbackServer.processThenDrop(), 1);
        SendResult result = gateway.send(c, OutgoingMessage.text("hello"),
                ReconcileOptions.DEFAULT.withReads(2).withInterval(Duration.ofSeconds(3)));
        assertThat(result.reconciliation()).isEqualTo(SendResult.Reconciliation.FOUND);
        assertThat(events(GatewayEvent.SendReconciled.class)).singleElement()
                .satisfies(e -> assertThat(e.result()).isEqualTo(SendResult.Reconciliation.FOUND))
                .satisfies(e -> assertThat(e.account()).isEqualTo("lb"));
    }

    @Test
    void should_leave_no_mdc_entries_on_the_calling_thread() {
        ConversationRef c = gateway(1);
        gateway.messages(MessageQuery.of(c).build());
        assertThat(MDC.get(MdcKeys.ACCOUNT)).isNull();
        assertThat(MDC.get(MdcKeys.OPERATION)).isNull();
    }
}
