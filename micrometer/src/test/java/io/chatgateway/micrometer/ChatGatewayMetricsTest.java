package io.chatgateway.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.ChatGateway;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationUnavailableException;
import io.chatgateway.MessageQuery;
import io.chatgateway.ProviderUnavailableException;
import io.chatgateway.ResiliencePolicy;
import io.chatgateway.ConversationRef;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.events.GatewayEvent;
import io.chatgateway.inbox.Inbox;
import io.chatgateway.inbox.InboxBatch;
import io.chatgateway.inbox.InboxOptions;
import io.chatgateway.outbox.Outbox;
import io.chatgateway.outbox.OutboxOptions;
import io.chatgateway.store.InboxStore;
import io.chatgateway.store.OutboxStore;
import io.chatgateway.testkit.FakeTime;
import io.chatgateway.testkit.Fault;
import io.chatgateway.testkit.navixy.NavixySimulator;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The metrics of a gateway on the Navixy simulator, read back from a {@link SimpleMeterRegistry}. */
class ChatGatewayMetricsTest {

    private final NavixySimulator simulator = new NavixySimulator(0);
    private final FakeTime time = FakeTime.standard();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ChatGatewayMetrics metrics = ChatGatewayMetrics.of(registry);
    private ChatGateway gateway;

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
        }
        simulator.close();
    }

    private ChatGateway gateway(Map<String, String> account, ResiliencePolicy policy) {
        Properties props = new Properties();
        props.putAll(account);
        gateway = ChatGateway.builder().properties(props).defaultPolicy(policy).listener(metrics)
                .clock(time).sleeper(time).build();
        metrics.bindTo(gateway);
        return gateway;
    }

    private ChatGateway demo(ResiliencePolicy policy) {
        simulator.seedDemoData();
        return gateway(simulator.accountProperties("fleet"), policy);
    }

    private List<Conversation> conversations() {
        return gateway.conversations(ConversationQuery.forAccount("fleet").build()).items();
    }

    private static final String R4J_STATE = "resilience4j.circuitbreaker.state";

    private double gauge(String name, String... tags) {
        return registry.get(name).tags(tags).gauge().value();
    }

    @Test
    void should_time_every_call_and_http_request_by_account_provider_operation_and_outcome() {
        demo(ResiliencePolicy.ofDefaults());
        List<Conversation> all = conversations();
        gateway.messages(MessageQuery.of(all.get(0).ref()).build());

        assertThat(registry.get(ChatGatewayMetrics.CALLS).tags("account", "fleet", "provider", "navixy",
                "operation", "conversations", "outcome", "success").timer().count()).isEqualTo(1);
        assertThat(registry.get(ChatGatewayMetrics.CALLS).tags("operation", "messages", "outcome", "success")
                .timer().count()).isEqualTo(1);
        assertThat(registry.get(ChatGatewayMetrics.HTTP_REQUESTS).tags("account", "fleet", "status", "200",
                "outcome", "success").timers()).isNotEmpty()
                .allSatisfy(t -> assertThat(t.count()).isPositive());
        long exchanges = registry.get(ChatGatewayMetrics.HTTP_REQUESTS).timers().stream().mapToLong(t -> t.count()).sum();
        assertThat(exchanges).isEqualTo(simulator.server().requestCount());
    }

    @Test
    void should_count_a_retry_with_its_reason_and_the_failed_exchange_with_its_status() {
        demo(ResiliencePolicy.custom().maxAttempts(2).build());
        simulator.server().inject("/", Fault.respond(503, "Service Unavailable"), 1);
        conversations();
        assertThat(registry.get(ChatGatewayMetrics.RETRIES).tags("operation", "conversations",
                "reason", "provider_unavailable").counter().count()).isEqualTo(1);
        assertThat(registry.get(ChatGatewayMetrics.HTTP_REQUESTS).tags("status", "503", "outcome", "provider_unavailable")
                .timer().count()).isEqualTo(1);
        assertThat(registry.get(ChatGatewayMetrics.CALLS).tags("operation", "conversations", "outcome", "success")
                .timer().count()).isEqualTo(1);
    }

    @Test
    void should_count_a_reauthentication_after_the_provider_expired_the_session() {
        simulator.seedDemoData();
        gateway(simulator.loginAccountProperties("fleet"), ResiliencePolicy.ofDefaults());
        conversations();
        simulator.expireCredentials();
        conversations();
        assertThat(simulator.authentications()).isEqualTo(2);
        assertThat(registry.get(ChatGatewayMetrics.REAUTHENTICATIONS).tags("account", "fleet", "outcome", "success")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void should_show_health_and_circuit_state_as_gauges_and_count_the_transition() {
        demo(ResiliencePolicy.custom().maxAttempts(1).slidingWindowSize(2).minimumCalls(2).failureRateThreshold(50)
                .waitInOpenState(Duration.ofSeconds(30)).build());
        assertThat(gauge(ChatGatewayMetrics.HEALTH, "account", "fleet", "status", "up")).isEqualTo(1);
        assertThat(gauge(R4J_STATE, "account", "fleet", "state", "closed")).isEqualTo(1);

        simulator.server().inject("/", Fault.respond(503, "Service Unavailable"), 2);
        assertThatThrownBy(this::conversations).isInstanceOf(ProviderUnavailableException.class);
        assertThat(gauge(ChatGatewayMetrics.HEALTH, "account", "fleet", "status", "degraded")).isEqualTo(1);
        assertThatThrownBy(this::conversations).isInstanceOf(ProviderUnavailableException.class);

        assertThat(gauge(R4J_STATE, "account", "fleet", "state", "open")).isEqualTo(1);
        assertThat(gauge(R4J_STATE, "account", "fleet", "state", "closed")).isZero();
        assertThat(gauge(ChatGatewayMetrics.HEALTH, "account", "fleet", "status", "down")).isEqualTo(1);
        assertThat(gauge(ChatGatewayMetrics.HEALTH, "account", "fleet", "status", "up")).isZero();
        assertThat(registry.get(ChatGatewayMetrics.CIRCUIT_TRANSITIONS).tags("from", "closed", "to", "open")
                .counter().count()).isEqualTo(1);

        gateway.close();
        assertThat(gauge(ChatGatewayMetrics.HEALTH, "account", "fleet", "status", "down")).isNaN();
    }

    @Test
    void should_keep_reading_the_gauges_after_garbage_collection_while_the_gateway_lives() throws InterruptedException {
        demo(ResiliencePolicy.ofDefaults());
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(10); // lets reference processing run; not a wait for a backoff or a poll
        }
        assertThat(gauge(ChatGatewayMetrics.HEALTH, "account", "fleet", "status", "up")).isEqualTo(1);
        assertThat(gauge(R4J_STATE, "account", "fleet", "state", "closed")).isEqualTo(1);
    }

    @Test
    void should_keep_tags_to_a_bounded_set_without_conversation_or_message_ids() {
        demo(ResiliencePolicy.ofDefaults());
        for (Conversation c : conversations()) {
            try {
                gateway.messages(MessageQuery.of(c.ref()).build());
            } catch (ConversationUnavailableException blocked) {
                // the demo data has a blocked tracker: its outcome is a tag value, its id is not
            }
        }
        Set<String> keys = registry.getMeters().stream().flatMap(m -> m.getId().getTags().stream())
                .map(Tag::getKey).collect(Collectors.toSet());
        assertThat(keys).isSubsetOf("account", "provider", "operation", "outcome", "method", "status", "reason",
                "from", "to", "state", "source", "result", "name", "kind"); // name, kind: resilience4j's binders
        Set<String> ids = conversations().stream().map(c -> c.ref().id()).collect(Collectors.toSet());
        assertThat(registry.getMeters()).flatMap(m -> m.getId().getTags()).extracting(Tag::getValue)
                .doesNotContainAnyElementsOf(ids);
        assertThat(registry.find(ChatGatewayMetrics.CALLS).timers()).extracting(Meter::getId)
                .extracting(id -> id.getTag("operation")).containsOnly("conversations", "messages");
        assertThat(registry.find(ChatGatewayMetrics.CALLS).tags("outcome", "conversation_unavailable").timers()).isNotEmpty();
    }

    @Test
    void should_bind_resilience4js_own_metrics_per_account_tagged_like_the_gateways_meters() {
        demo(ResiliencePolicy.custom().maxAttempts(1).slidingWindowSize(2).minimumCalls(2).failureRateThreshold(50)
                .waitInOpenState(Duration.ofSeconds(30)).maxConcurrentCalls(7).build());
        conversations();
        String[] fleet = {"name", "navixy:fleet", "account", "fleet", "provider", "navixy"};
        assertThat(registry.get("resilience4j.circuitbreaker.state").tags(fleet).tag("state", "closed").gauge().value())
                .isEqualTo(1);
        // the circuit breaker records each provider request; its sliding window of 2 is full of successes
        assertThat(simulator.server().requestCount()).isGreaterThanOrEqualTo(2);
        assertThat(registry.get("resilience4j.circuitbreaker.buffered.calls").tags(fleet).tag("kind", "successful")
                .gauge().value()).isEqualTo(2);
        assertThat(registry.get("resilience4j.bulkhead.max.allowed.concurrent.calls").tags(fleet).gauge().value())
                .isEqualTo(7);
        assertThat(registry.get("resilience4j.ratelimiter.available.permissions").tags(fleet).gauge()).isNotNull();
        assertThat(registry.get("resilience4j.retry.calls").tags(fleet).functionCounters()).isNotEmpty();

        simulator.server().inject("/", Fault.respond(503, "Service Unavailable"), 2);
        assertThatThrownBy(this::conversations).isInstanceOf(ProviderUnavailableException.class);
        assertThatThrownBy(this::conversations).isInstanceOf(ProviderUnavailableException.class);
        assertThat(registry.get("resilience4j.circuitbreaker.state").tags(fleet).tag("state", "open").gauge().value())
                .isEqualTo(1);
        assertThat(gauge(R4J_STATE, "account", "fleet", "state", "open")).isEqualTo(1);
    }

    @Test
    void should_show_outbox_pending_and_inbox_lag_from_the_latest_events() {
        demo(ResiliencePolicy.ofDefaults());
        metrics.onEvent(new GatewayEvent.OutboxPending("fleet", "navixy", 7, time.instant()));
        metrics.onEvent(new GatewayEvent.OutboxPending("fleet", "navixy", 3, time.instant()));
        metrics.onEvent(new GatewayEvent.InboxLag("fleet", "navixy", Duration.ofMillis(2500), time.instant()));
        metrics.onEvent(new GatewayEvent.DeadLettered("fleet", "navixy", GatewayEvent.Source.INBOX, "protocol",
                time.instant()));
        metrics.onEvent(new GatewayEvent.InboxBatchHandled("fleet", "navixy", 12, Duration.ofMillis(40), time.instant()));
        assertThat(gauge(ChatGatewayMetrics.OUTBOX_PENDING, "account", "fleet")).isEqualTo(3);
        assertThat(gauge(ChatGatewayMetrics.INBOX_LAG, "account", "fleet")).isEqualTo(2.5);
        assertThat(registry.get(ChatGatewayMetrics.INBOX_LAG).gauge().getId().getBaseUnit()).isEqualTo("seconds");
        assertThat(registry.get(ChatGatewayMetrics.DEAD_LETTERS).tags("source", "inbox").counter().count()).isEqualTo(1);
        assertThat(registry.get(ChatGatewayMetrics.INBOX_BATCH_EVENTS).summary().totalAmount()).isEqualTo(12);
    }

    @Test
    void should_show_the_real_inbox_lag_batches_outbox_backlog_and_dead_letters_of_a_running_gateway() {
        simulator.close();
        try (NavixySimulator sim = new NavixySimulator(0, time, NavixySimulator.DEFAULT_ZONE)) {
            sim.seedDemoData();
            gateway(sim.accountProperties("fleet"), ResiliencePolicy.custom().maxAttempts(1).build());
            Inbox inbox = gateway.inbox(InboxOptions.builder().store(InboxStore.inMemory(time))
                    .pollInterval(Duration.ofSeconds(5)).build());
            inbox.poll(Duration.ZERO);
            assertThat(gauge(ChatGatewayMetrics.INBOX_LAG, "account", "fleet", "provider", "navixy")).isZero();

            time.advance(Duration.ofSeconds(1));
            sim.addInbound(sim.demoConversation(), "Arrived at the depot.");
            time.advance(Duration.ofSeconds(20));
            InboxBatch batch = inbox.poll(Duration.ofSeconds(10));
            assertThat(batch.events()).isNotEmpty();
            assertThat(gauge(ChatGatewayMetrics.INBOX_LAG, "account", "fleet")).isBetween(19.0, 21.0);
            batch.commit();
            assertThat(gauge(ChatGatewayMetrics.INBOX_LAG, "account", "fleet")).isZero();
            assertThat(registry.get(ChatGatewayMetrics.INBOX_BATCHES).tags("account", "fleet").timer().count())
                    .isEqualTo(1);
            assertThat(registry.get(ChatGatewayMetrics.INBOX_BATCH_EVENTS).summary().totalAmount())
                    .isEqualTo(batch.events().size());

            Outbox outbox = gateway.outbox(OutboxOptions.defaults().withStore(OutboxStore.inMemory()));
            ConversationRef good = new ConversationRef("fleet", sim.demoConversation());
            outbox.submit(good, OutgoingMessage.text("Please confirm.").withIdempotencyKey("k1"));
            outbox.submit(new ConversationRef("fleet", "999999"), OutgoingMessage.text("Nobody there.")
                    .withIdempotencyKey("k2"));
            outbox.drain(Duration.ZERO); // sends nothing, counts what waits
            assertThat(gauge(ChatGatewayMetrics.OUTBOX_PENDING, "account", "fleet", "provider", "navixy")).isEqualTo(2);
            outbox.drain(Duration.ofMinutes(1));
            assertThat(gauge(ChatGatewayMetrics.OUTBOX_PENDING, "account", "fleet")).isZero();
            assertThat(registry.get(ChatGatewayMetrics.DEAD_LETTERS).tags("account", "fleet", "source", "outbox")
                    .counters()).singleElement().satisfies(c -> {
                        assertThat(c.count()).isEqualTo(1);
                        assertThat(c.getId().getTag("provider")).isEqualTo("navixy");
                    });
            outbox.close();
            inbox.close();
        }
    }
}
