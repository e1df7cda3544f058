package io.chatgateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.AuthenticationException;
import io.chatgateway.ChatGateway;
import io.chatgateway.ChatGatewayException;
import io.chatgateway.ConversationRef;
import io.chatgateway.ConversationUnavailableException;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.ErrorDetails;
import io.chatgateway.FeatureUnavailableException;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.NotFoundException;
import io.chatgateway.Operation;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.Page;
import io.chatgateway.PermissionDeniedException;
import io.chatgateway.ProtocolException;
import io.chatgateway.ProviderUnavailableException;
import io.chatgateway.RateLimitedException;
import io.chatgateway.ResiliencePolicy;
import io.chatgateway.SendResult;
import io.chatgateway.fake.FakeProvider;
import io.chatgateway.fake.TestTime;
import io.chatgateway.spi.PageSlice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResilienceTest {

    private static final ConversationRef C = new ConversationRef("acc", "c1");
    private static final ErrorDetails D = ErrorDetails.of("acc", "fake", Operation.MESSAGES);

    private final TestTime time = new TestTime();
    private final FakeProvider fake = FakeProvider.allNative();
    private ChatGateway gateway;

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private ChatGateway gateway(ResiliencePolicy policy) {
        gateway = ChatGateway.builder().providers(fake.factory()).account("acc", new FakeProvider.Config(), policy)
                .clock(time).sleeper(time).build();
        return gateway;
    }

    /** Circuit breaker and budget out of the way, so that only the retry rules act. */
    private static ResiliencePolicy.Builder retryOnly() {
        return ResiliencePolicy.custom().slidingWindowSize(10_000).minimumCalls(10_000).retryBudget(1000, 1);
    }

    private void messagesFail(Supplier<ChatGatewayException> error) {
        fake.messages = (q, c) -> CompletableFuture.failedFuture(error.get());
    }

    private Page<Message> read() {
        return gateway.messages(MessageQuery.of(C).build());
    }

    static Stream<Arguments> nonRetryable() {
        return Stream.of(
                Arguments.of((Supplier<ChatGatewayException>) () -> new InvalidRequestException("x.", D)),
                Arguments.of((Supplier<ChatGatewayException>) () -> new AuthenticationException("x.", D)),
                Arguments.of((Supplier<ChatGatewayException>) () -> new PermissionDeniedException("x.", D)),
                Arguments.of((Supplier<ChatGatewayException>) () -> new NotFoundException("x.", D)),
                Arguments.of((Supplier<ChatGatewayException>) () -> new ConversationUnavailableException("x.", D)),
                Arguments.of((Supplier<ChatGatewayException>) () -> new FeatureUnavailableException("x.", D)),
                Arguments.of((Supplier<ChatGatewayException>) () -> new DeliveryUncertainException("x.", D, null, null, null)),
                Arguments.of((Supplier<ChatGatewayException>) () -> new ProtocolException("x.", D, null, false)));
    }

    @ParameterizedTest
    @MethodSource("nonRetryable")
    void should_not_retry_a_non_retryable_error(Supplier<ChatGatewayException> error) {
        gateway(retryOnly().build());
        messagesFail(error);
        ChatGatewayException expected = error.get();
        assertThatThrownBy(this::read).isInstanceOf(expected.getClass());
        assertThat(fake.calls).hasValue(1);
        assertThat(time.sleeps()).isEmpty();
    }

    static Stream<Arguments> retryable() {
        return Stream.of(
                Arguments.of((Supplier<ChatGatewayException>) () -> new ProviderUnavailableException("x.", D)),
                Arguments.of((Supplier<ChatGatewayException>) () -> new RateLimitedException("x.", D, null)),
                Arguments.of((Supplier<ChatGatewayException>) () -> new ProtocolException("x.", D)));
    }

    @ParameterizedTest
    @MethodSource("retryable")
    void should_retry_a_retryable_error_up_to_max_attempts(Supplier<ChatGatewayException> error) {
        gateway(retryOnly().maxAttempts(4).build());
        messagesFail(error);
        assertThatThrownBy(this::read).isInstanceOf(error.get().getClass());
        assertThat(fake.calls).hasValue(4);
        assertThat(time.sleeps()).hasSize(3);
    }

    @Test
    void should_retry_with_the_default_three_attempts() {
        gateway(ResiliencePolicy.ofDefaults());
        messagesFail(() -> new ProviderUnavailableException("Down.", D));
        assertThatThrownBy(this::read).isInstanceOf(ProviderUnavailableException.class);
        assertThat(fake.calls).hasValue(3);
    }

    @Test
    void should_succeed_after_a_transient_failure() {
        gateway(retryOnly().build());
        AtomicInteger n = new AtomicInteger();
        fake.messages = (q, c) -> n.incrementAndGet() == 1
                ? CompletableFuture.failedFuture(new ProviderUnavailableException("Down.", D))
                : CompletableFuture.completedFuture(PageSlice.last(List.of()));
        assertThat(read().items()).isEmpty();
        assertThat(fake.calls).hasValue(2);
    }

    @Test
    void should_back_off_exponentially_up_to_the_maximum() {
        gateway(retryOnly().maxAttempts(10).initialBackoff(Duration.ofMillis(100)).backoffMultiplier(2).jitter(0)
                .maxBackoff(Duration.ofSeconds(1)).build());
        messagesFail(() -> new ProviderUnavailableException("Down.", D));
        assertThatThrownBy(this::read).isInstanceOf(ProviderUnavailableException.class);
        assertThat(time.sleeps()).extracting(Duration::toMillis)
                .containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L, 1000L, 1000L, 1000L);
    }

    @Test
    void should_keep_jittered_backoff_within_its_spread_and_the_maximum() {
        gateway(retryOnly().maxAttempts(10).initialBackoff(Duration.ofMillis(200)).backoffMultiplier(2).jitter(0.5)
                .maxBackoff(Duration.ofSeconds(2)).build());
        for (int run = 0; run < 20; run++) {
            messagesFail(() -> new ProviderUnavailableException("Down.", D));
            assertThatThrownBy(this::read).isInstanceOf(ProviderUnavailableException.class);
        }
        List<Duration> sleeps = time.sleeps();
        assertThat(sleeps).hasSize(20 * 9);
        for (int i = 0; i < sleeps.size(); i++) {
            long nominal = Math.min(2000, 200L << (i % 9));
            assertThat(sleeps.get(i).toMillis()).as("sleep %d", i)
                    .isBetween((long) (nominal * 0.5) - 1, Math.min(2000, (long) (nominal * 1.5) + 1));
        }
        assertThat(sleeps.stream().map(Duration::toMillis).distinct().count()).as("jitter varies").isGreaterThan(5);
    }

    @Test
    void should_wait_the_retry_after_of_the_provider_up_to_the_cap() {
        gateway(retryOnly().maxRetryAfter(Duration.ofSeconds(30)).build());
        AtomicInteger n = new AtomicInteger();
        fake.messages = (q, c) -> n.incrementAndGet() == 1
                ? CompletableFuture.failedFuture(new RateLimitedException("Slow down.", D, Duration.ofSeconds(30)))
                : CompletableFuture.completedFuture(PageSlice.last(List.of()));
        read();
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void should_fail_fast_when_retry_after_exceeds_the_cap() {
        gateway(retryOnly().maxRetryAfter(Duration.ofSeconds(30)).build());
        messagesFail(() -> new RateLimitedException("Slow down.", D, Duration.ofSeconds(31)));
        assertThatThrownBy(this::read).isInstanceOf(RateLimitedException.class)
                .satisfies(e -> assertThat(((RateLimitedException) e).retryAfter()).hasValue(Duration.ofSeconds(31)));
        assertThat(fake.calls).hasValue(1);
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void should_never_retry_an_uncertain_send_but_retry_one_that_never_left() {
        gateway(retryOnly().build());
        fake.send = (to, m) -> CompletableFuture.failedFuture(new DeliveryUncertainException("Timed out.", D, null, null, null));
        OutgoingMessage hello = OutgoingMessage.text("hello");
        assertThatThrownBy(() -> gateway.send(C, hello)).isInstanceOf(DeliveryUncertainException.class)
                .satisfies(e -> {
                    DeliveryUncertainException u = (DeliveryUncertainException) e;
                    assertThat(u.conversation()).hasValue(C);
                    assertThat(u.sentMessage()).hasValue(hello);
                });
        assertThat(fake.calls).hasValue(1);
        AtomicInteger n = new AtomicInteger();
        fake.send = (to, m) -> n.incrementAndGet() == 1
                ? CompletableFuture.failedFuture(new ProviderUnavailableException("Connection refused; nothing was sent.", D))
                : CompletableFuture.completedFuture(new SendResult(to.message("9"), null, null, false));
        assertThat(gateway.send(C, hello).message().id()).isEqualTo("9");
        assertThat(fake.calls).hasValue(3);
    }

    @Test
    void should_open_the_circuit_fail_fast_without_calling_and_close_after_one_probe() {
        gateway(ResiliencePolicy.custom().maxAttempts(1).slidingWindowSize(4).minimumCalls(4).failureRateThreshold(50)
                .waitInOpenState(Duration.ofSeconds(10)).build());
        messagesFail(() -> new ProviderUnavailableException("Down.", D));
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(this::read).isInstanceOf(ProviderUnavailableException.class);
        }
        assertThat(fake.calls).hasValue(4);
        MessageQuery query = MessageQuery.of(C).build();
        int rounds = 5_000;
        int refused = 0;
        long start = 0;
        for (int i = 0; i < 2 * rounds; i++) {
            if (i == rounds) {
                start = System.nanoTime(); // the first half warms up
            }
            refused += gateway.messagesAsync(query).isCompletedExceptionally() ? 1 : 0;
        }
        long perCallNanos = (System.nanoTime() - start) / rounds;
        assertThat(refused).isEqualTo(2 * rounds);
        // no waiting and no I/O (the fake saw no call): refusals measured at 60-190 us on a 2-core machine at load 23;
        // the bound stays an order of magnitude under any backoff or request timeout so a busy CI cannot flake it
        assertThat(perCallNanos).as("ns per refused call").isLessThan(2_000_000);
        assertThat(fake.calls).as("the network was not touched").hasValue(4);
        assertThatThrownBy(this::read).isInstanceOf(CircuitOpenException.class)
                .hasMessageContaining("circuit breaker").hasMessageEndingWith(".")
                .satisfies(e -> assertThat(((ChatGatewayException) e).isRetryable()).isTrue());

        // half open after the wait: exactly one probe goes through; a concurrent call is refused meanwhile
        time.advance(Duration.ofSeconds(10).plusMillis(1));
        CompletableFuture<PageSlice<Message>> probe = new CompletableFuture<>();
        fake.messages = (q, c) -> probe;
        CompletableFuture<Page<Message>> probing = gateway.messagesAsync(MessageQuery.of(C).build());
        assertThat(gateway.messagesAsync(MessageQuery.of(C).build())).isCompletedExceptionally();
        assertThat(fake.calls).hasValue(5);
        probe.complete(PageSlice.last(List.of()));
        assertThat(probing.join().items()).isEmpty();
        fake.messages = (q, c) -> CompletableFuture.completedFuture(PageSlice.last(List.of()));
        read();
        read();
        assertThat(fake.calls).as("closed again").hasValue(7);
    }

    @Test
    void should_refuse_an_operation_while_the_circuit_is_open_before_running_any_adapter_code() {
        gateway(ResiliencePolicy.custom().maxAttempts(1).slidingWindowSize(4).minimumCalls(4)
                .waitInOpenState(Duration.ofSeconds(10)).build());
        messagesFail(() -> new ProviderUnavailableException("Down.", D));
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(this::read).isInstanceOf(ProviderUnavailableException.class);
        }
        assertThat(fake.adapterCalls).hasValue(4);

        assertThatThrownBy(this::read).isInstanceOf(CircuitOpenException.class);
        assertThatThrownBy(() -> gateway.send(C, OutgoingMessage.text("hi"))).isInstanceOf(CircuitOpenException.class);
        assertThat(fake.adapterCalls).as("no adapter code ran while the circuit was open").hasValue(4);

        // once the wait is over, the operation reaches the adapter again, and its request is the probe
        time.advance(Duration.ofSeconds(10).plusMillis(1));
        fake.messages = (q, c) -> CompletableFuture.completedFuture(PageSlice.last(List.of()));
        assertThat(read().items()).isEmpty();
        assertThat(fake.adapterCalls).hasValue(5);
        assertThat(fake.calls).hasValue(5);
        read();
        assertThat(fake.calls).as("closed again").hasValue(6);
    }

    @Test
    void should_not_open_the_circuit_for_answers_that_prove_the_provider_works() {
        gateway(ResiliencePolicy.custom().maxAttempts(1).slidingWindowSize(4).minimumCalls(4).build());
        messagesFail(() -> new NotFoundException("No such chat.", D));
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(this::read).isInstanceOf(NotFoundException.class);
        }
        assertThat(fake.calls).hasValue(20);
    }

    @Test
    void should_keep_200_concurrent_failing_sends_within_the_retry_budget() {
        gateway(ResiliencePolicy.custom().slidingWindowSize(10_000).minimumCalls(10_000).maxConcurrentCalls(1000)
                .retryBudget(10, 0.1).maxAttempts(3).build());
        Queue<CompletableFuture<SendResult>> pending = new ConcurrentLinkedQueue<>();
        fake.send = (to, m) -> {
            CompletableFuture<SendResult> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        };
        List<CompletableFuture<SendResult>> sends = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sends.add(gateway.sendAsync(new ConversationRef("acc", "c" + i), OutgoingMessage.text("alert")));
        }
        assertThat(pending).hasSize(200);
        for (CompletableFuture<SendResult> f; (f = pending.poll()) != null; ) {
            f.completeExceptionally(new ProviderUnavailableException("Connection refused; nothing was sent.", D));
        }
        assertThat(sends).allSatisfy(s -> assertThatThrownBy(s::join).hasCauseInstanceOf(ProviderUnavailableException.class));
        int retries = fake.calls.get() - 200;
        assertThat(retries).as("retries without a budget would be 400").isBetween(1, 10);
    }

    @Test
    void should_not_spend_the_retry_budget_on_errors_that_are_not_retried() {
        gateway(retryOnly().retryBudget(10, 0.1).build());
        messagesFail(() -> new NotFoundException("No such chat.", D));
        for (int i = 0; i < 50; i++) {
            assertThatThrownBy(this::read).isInstanceOf(NotFoundException.class);
        }
        messagesFail(() -> new ProviderUnavailableException("Down.", D));
        assertThatThrownBy(this::read).isInstanceOf(ProviderUnavailableException.class);
        assertThat(fake.calls.get() - 50).as("a healthy account still retries").isEqualTo(3);
    }

    @Test
    void should_refuse_calls_beyond_the_bulkhead() {
        gateway(ResiliencePolicy.custom().maxConcurrentCalls(2).maxConcurrencyWait(Duration.ZERO).build());
        List<CompletableFuture<PageSlice<Message>>> inFlight = new ArrayList<>();
        fake.messages = (q, c) -> {
            CompletableFuture<PageSlice<Message>> f = new CompletableFuture<>();
            inFlight.add(f);
            return f;
        };
        CompletableFuture<Page<Message>> a = gateway.messagesAsync(MessageQuery.of(C).build());
        CompletableFuture<Page<Message>> b = gateway.messagesAsync(MessageQuery.of(C).build());
        assertThatThrownBy(this::read).isInstanceOf(ProviderUnavailableException.class)
                .hasMessageContaining("More than 2 calls are in flight");
        assertThat(fake.calls).hasValue(2);
        inFlight.get(0).complete(PageSlice.last(List.of()));
        assertThat(a.join().items()).isEmpty();
        CompletableFuture<Page<Message>> c = gateway.messagesAsync(MessageQuery.of(C).build());
        assertThat(fake.calls).hasValue(3);
        inFlight.forEach(f -> f.complete(PageSlice.last(List.of())));
        assertThat(b.join().items()).isEmpty();
        assertThat(c.join().items()).isEmpty();
    }

    @Test
    void should_refuse_calls_over_the_rate_limit_without_waiting_for_real() {
        gateway(ResiliencePolicy.custom().ratePerSecond(3).rateLimitTimeout(Duration.ZERO).build());
        fake.messages = (q, c) -> CompletableFuture.completedFuture(PageSlice.last(List.of()));
        long start = System.nanoTime();
        int ok = 0;
        int limited = 0;
        for (int i = 0; i < 30; i++) {
            try {
                read();
                ok++;
            } catch (RateLimitedException e) {
                limited++;
                assertThat(e.getMessage()).contains("rate limit");
            }
        }
        long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
        assertThat(ok).isLessThanOrEqualTo((int) (3 * (seconds + 2)));
        assertThat(limited).isGreaterThan(0);
        assertThat(fake.calls).hasValue(ok);
    }

    @Test
    void should_wait_for_a_rate_limit_permit_through_the_sleeper() {
        gateway(ResiliencePolicy.custom().ratePerSecond(1).rateLimitTimeout(Duration.ofSeconds(10)).build());
        fake.messages = (q, c) -> CompletableFuture.completedFuture(PageSlice.last(List.of()));
        long start = System.nanoTime();
        for (int i = 0; i < 4; i++) {
            read();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
        assertThat(fake.calls).hasValue(4);
        assertThat(time.sleeps()).isNotEmpty();
        assertThat(time.sleeps().stream().reduce(Duration.ZERO, Duration::plus)).isGreaterThan(Duration.ofMillis(1000));
    }

    @Test
    void should_convert_an_adapter_that_throws_or_returns_null() {
        gateway(retryOnly().build());
        fake.messages = (q, c) -> null;
        assertThatThrownBy(this::read).isInstanceOf(NullPointerException.class);
        fake.messages = (q, c) -> {
            throw new NotFoundException("Thrown, not returned.", D);
        };
        assertThatThrownBy(this::read).isInstanceOf(NotFoundException.class);
    }
}
