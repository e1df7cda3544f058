package io.chatgateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.events.AccountHealth;
import io.chatgateway.AuthenticationException;
import io.chatgateway.ChatGateway;
import io.chatgateway.events.CircuitState;
import io.chatgateway.ConversationRef;
import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.MessageQuery;
import io.chatgateway.NotFoundException;
import io.chatgateway.Operation;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.ProviderUnavailableException;
import io.chatgateway.ResiliencePolicy;
import io.chatgateway.events.GatewayEvent;
import io.chatgateway.events.GatewayEvent.CallFinished;
import io.chatgateway.events.GatewayEvent.CircuitStateChanged;
import io.chatgateway.events.GatewayEvent.RateLimitWaited;
import io.chatgateway.events.GatewayEvent.Reauthenticated;
import io.chatgateway.events.GatewayEvent.RetryScheduled;
import io.chatgateway.events.GatewayListener;
import io.chatgateway.events.MdcKeys;
import io.chatgateway.fake.FakeProvider;
import io.chatgateway.fake.TestTime;
import io.chatgateway.spi.PageSlice;
import io.chatgateway.spi.SharedCredential;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Events, health and MDC of the gateway's operation path, on the scripted fake adapter. */
class ObservabilityTest {

    private static final ConversationRef C = new ConversationRef("acc", "c1");
    private static final ErrorDetails D = ErrorDetails.of("acc", "fake", Operation.MESSAGES);

    private final TestTime time = new TestTime();
    private final FakeProvider fake = FakeProvider.allNative();
    private final List<GatewayEvent> events = new CopyOnWriteArrayList<>();
    private ChatGateway gateway;

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private ChatGateway gateway(ResiliencePolicy policy, GatewayListener... listeners) {
        ChatGateway.Builder b = ChatGateway.builder().providers(fake.factory())
                .account("acc", new FakeProvider.Config(), policy).clock(time).sleeper(time);
        for (GatewayListener l : listeners) {
            b.listener(l);
        }
        gateway = b.build();
        return gateway;
    }

    private ChatGateway recorded(ResiliencePolicy policy) {
        return gateway(policy, events::add);
    }

    private static ResiliencePolicy.Builder retryOnly() {
        return ResiliencePolicy.custom().slidingWindowSize(10_000).minimumCalls(10_000).retryBudget(1000, 1);
    }

    private void read() {
        gateway.messages(MessageQuery.of(C).build());
    }

    private <E extends GatewayEvent> List<E> events(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void should_report_a_finished_call_with_account_provider_operation_outcome_and_attempts() {
        recorded(retryOnly().build());
        read();
        assertThat(events(CallFinished.class)).singleElement().satisfies(e -> {
            assertThat(e.account()).isEqualTo("acc");
            assertThat(e.provider()).isEqualTo("fake");
            assertThat(e.operation()).isEqualTo(Operation.MESSAGES);
            assertThat(e.outcome()).isEqualTo(GatewayEvent.SUCCESS);
            assertThat(e.succeeded()).isTrue();
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(e.duration().isNegative()).isFalse();
            assertThat(e.at()).isEqualTo(time.instant());
        });
    }

    @Test
    void should_report_each_retry_with_its_wait_and_reason_and_count_every_attempt_of_the_call() {
        recorded(retryOnly().maxAttempts(3).initialBackoff(Duration.ofMillis(100)).backoffMultiplier(2).jitter(0).build());
        AtomicInteger n = new AtomicInteger();
        fake.messages = (q, c) -> n.incrementAndGet() < 3
                ? CompletableFuture.failedFuture(new ProviderUnavailableException("Down.", D))
                : CompletableFuture.completedFuture(PageSlice.last(List.of()));
        read();
        assertThat(events(RetryScheduled.class)).extracting(RetryScheduled::nextAttempt, RetryScheduled::delay,
                        RetryScheduled::reason, RetryScheduled::operation)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2, Duration.ofMillis(100), "provider_unavailable", Operation.MESSAGES),
                        org.assertj.core.groups.Tuple.tuple(3, Duration.ofMillis(200), "provider_unavailable", Operation.MESSAGES));
        assertThat(events(CallFinished.class)).singleElement()
                .satisfies(e -> assertThat(e.attempts()).isEqualTo(3))
                .satisfies(e -> assertThat(e.outcome()).isEqualTo("success"));
        assertThat(events.get(events.size() - 1)).isInstanceOf(CallFinished.class);
    }

    @Test
    void should_name_the_outcome_of_a_failed_call_by_its_error_kind() {
        recorded(retryOnly().maxAttempts(1).build());
        fake.messages = (q, c) -> CompletableFuture.failedFuture(new NotFoundException("Gone.", D));
        assertThatThrownBy(this::read).isInstanceOf(NotFoundException.class);
        fake.send = (to, m) -> CompletableFuture.failedFuture(new AuthenticationException("Expired.", D));
        assertThatThrownBy(() -> gateway.send(C, OutgoingMessage.text("hi"))).isInstanceOf(AuthenticationException.class);
        assertThat(events(CallFinished.class)).extracting(CallFinished::operation, CallFinished::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Operation.MESSAGES, "not_found"),
                        org.assertj.core.groups.Tuple.tuple(Operation.SEND, "authentication"));
    }

    @Test
    void should_not_report_a_call_rejected_before_reaching_the_provider() {
        recorded(retryOnly().build());
        assertThatThrownBy(() -> gateway.messages(null)).isInstanceOf(InvalidRequestException.class);
        assertThat(events).isEmpty();
    }

    @Test
    void should_report_circuit_state_changes_and_be_down_while_the_circuit_is_open() {
        recorded(ResiliencePolicy.custom().maxAttempts(1).slidingWindowSize(2).minimumCalls(2).failureRateThreshold(50)
                .waitInOpenState(Duration.ofSeconds(30)).build());
        fake.messages = (q, c) -> CompletableFuture.failedFuture(new ProviderUnavailableException("Down.", D));
        assertThatThrownBy(this::read).isInstanceOf(ProviderUnavailableException.class);
        assertThatThrownBy(this::read).isInstanceOf(ProviderUnavailableException.class);
        assertThat(events(CircuitStateChanged.class)).extracting(CircuitStateChanged::from, CircuitStateChanged::to)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(CircuitState.CLOSED, CircuitState.OPEN));
        AccountHealth health = gateway.health("acc");
        assertThat(health.status()).isEqualTo(AccountHealth.Status.DOWN);
        assertThat(health.circuit()).isEqualTo(CircuitState.OPEN);
        assertThat(health.reason()).contains("circuit breaker is open");

        assertThatThrownBy(this::read).isInstanceOf(ProviderUnavailableException.class);
        assertThat(events(CallFinished.class)).last()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo("circuit_open"))
                .satisfies(e -> assertThat(e.attempts()).isZero());

        time.advance(Duration.ofSeconds(31));
        fake.messages = (q, c) -> CompletableFuture.completedFuture(PageSlice.last(List.of()));
        read();
        assertThat(events(CircuitStateChanged.class)).extracting(CircuitStateChanged::to)
                .containsExactly(CircuitState.OPEN, CircuitState.HALF_OPEN, CircuitState.CLOSED);
        assertThat(gateway.health("acc").status()).isEqualTo(AccountHealth.Status.UP);
    }

    @Test
    void should_be_up_before_any_call_and_degraded_after_a_provider_failure_until_a_call_succeeds() {
        gateway(retryOnly().maxAttempts(1).build());
        AccountHealth fresh = gateway.health().get("acc");
        assertThat(fresh.status()).isEqualTo(AccountHealth.Status.UP);
        assertThat(fresh.reason()).isEqualTo("No call has been made yet.");
        assertThat(fresh.lastSuccess()).isNull();
        assertThat(fresh.lastFailure()).isNull();
        assertThat(fresh.circuit()).isEqualTo(CircuitState.CLOSED);
        assertThat(fresh.provider()).isEqualTo("fake");

        read();
        Instant firstSuccess = time.instant();
        time.advance(Duration.ofMinutes(1));
        fake.messages = (q, c) -> CompletableFuture.failedFuture(new ProviderUnavailableException("Down.", D));
        assertThatThrownBy(this::read).isInstanceOf(ProviderUnavailableException.class);
        AccountHealth degraded = gateway.health("acc");
        assertThat(degraded.status()).isEqualTo(AccountHealth.Status.DEGRADED);
        assertThat(degraded.lastSuccess()).isEqualTo(firstSuccess);
        assertThat(degraded.lastFailure()).isEqualTo(time.instant());
        assertThat(degraded.lastFailureKind()).isEqualTo("provider_unavailable");
        assertThat(degraded.reason()).contains("provider_unavailable");

        time.advance(Duration.ofMinutes(1));
        fake.messages = (q, c) -> CompletableFuture.completedFuture(PageSlice.last(List.of()));
        read();
        AccountHealth up = gateway.health("acc");
        assertThat(up.status()).isEqualTo(AccountHealth.Status.UP);
        assertThat(up.lastSuccess()).isEqualTo(time.instant());
        assertThat(up.lastFailureKind()).isEqualTo("provider_unavailable");
    }

    @Test
    void should_be_down_while_the_credentials_are_rejected() {
        gateway(retryOnly().maxAttempts(1).build());
        fake.messages = (q, c) -> CompletableFuture.failedFuture(new AuthenticationException("Expired.", D));
        assertThatThrownBy(this::read).isInstanceOf(AuthenticationException.class);
        AccountHealth health = gateway.health("acc");
        assertThat(health.status()).isEqualTo(AccountHealth.Status.DOWN);
        assertThat(health.credentialsRejected()).isTrue();
        assertThat(health.reason()).contains("rejected the account's credentials");
    }

    @Test
    void should_not_count_the_callers_own_errors_against_the_account() {
        gateway(retryOnly().maxAttempts(1).build());
        fake.messages = (q, c) -> CompletableFuture.failedFuture(new NotFoundException("No such conversation.", D));
        assertThatThrownBy(this::read).isInstanceOf(NotFoundException.class);
        AccountHealth health = gateway.health("acc");
        assertThat(health.status()).isEqualTo(AccountHealth.Status.UP);
        assertThat(health.lastFailure()).isNull();
    }

    @Test
    void should_reject_health_of_an_unknown_account() {
        gateway(retryOnly().build());
        assertThatThrownBy(() -> gateway.health("nope")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Unknown account 'nope'");
    }

    @Test
    void should_keep_calling_and_notify_the_other_listeners_when_a_listener_throws() {
        AtomicInteger thrown = new AtomicInteger();
        gateway(retryOnly().build(), e -> {
            thrown.incrementAndGet();
            throw new IllegalStateException("listener bug");
        }, events::add);
        read();
        read();
        assertThat(thrown).hasValue(2);
        assertThat(events(CallFinished.class)).hasSize(2).allSatisfy(e -> assertThat(e.succeeded()).isTrue());
    }

    @Test
    void should_report_a_wait_for_the_rate_limiter() {
        recorded(retryOnly().ratePerSecond(1).rateLimitTimeout(Duration.ofSeconds(10)).build());
        read();
        read();
        read();
        assertThat(events(RateLimitWaited.class)).isNotEmpty()
                .allSatisfy(e -> assertThat(e.waited()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(3)))
                .allSatisfy(e -> assertThat(e.operation()).isEqualTo(Operation.MESSAGES));
    }

    @Test
    void should_set_the_mdc_keys_around_the_adapter_call_and_restore_them_after() {
        gateway(retryOnly().build());
        Map<String, String> seen = new HashMap<>();
        MDC.put(MdcKeys.OPERATION, "outer");
        try {
            fake.messages = (q, c) -> {
                seen.put(MdcKeys.ACCOUNT, MDC.get(MdcKeys.ACCOUNT));
                seen.put(MdcKeys.PROVIDER, MDC.get(MdcKeys.PROVIDER));
                seen.put(MdcKeys.OPERATION, MDC.get(MdcKeys.OPERATION));
                return CompletableFuture.completedFuture(PageSlice.last(List.of()));
            };
            read();
            assertThat(seen).containsEntry(MdcKeys.ACCOUNT, "acc").containsEntry(MdcKeys.PROVIDER, "fake")
                    .containsEntry(MdcKeys.OPERATION, "messages");
            assertThat(MDC.get(MdcKeys.ACCOUNT)).isNull();
            assertThat(MDC.get(MdcKeys.PROVIDER)).isNull();
            assertThat(MDC.get(MdcKeys.OPERATION)).isEqualTo("outer");
        } finally {
            MDC.remove(MdcKeys.OPERATION);
        }
    }

    @Test
    void should_report_a_credential_renewed_after_the_provider_rejected_it() {
        recorded(retryOnly().build());
        AtomicInteger logins = new AtomicInteger();
        SharedCredential<String> credential = SharedCredential.obtainedBy(() -> CompletableFuture.completedFuture(
                new SharedCredential.Lease<>("token-" + logins.incrementAndGet(), null)), time, Duration.ZERO, D);
        fake.messages = (q, c) -> credential.call(token -> token.equals("token-1")
                        ? CompletableFuture.failedFuture(new AuthenticationException("Expired.", D))
                        : CompletableFuture.completedFuture(PageSlice.last(List.of())),
                e -> e instanceof AuthenticationException);
        read();
        read();
        assertThat(logins).hasValue(2);
        assertThat(events(Reauthenticated.class)).singleElement().satisfies(e -> {
            assertThat(e.succeeded()).isTrue();
            assertThat(e.account()).isEqualTo("acc");
        });
    }

    @Test
    void should_build_no_event_without_a_listener() {
        gateway(retryOnly().build());
        read();
        DefaultChatGateway impl = (DefaultChatGateway) gateway;
        assertThat(impl.runtime("acc").caller().monitor().detailed()).isFalse();
    }
}
