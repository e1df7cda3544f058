package io.chatgateway.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.chatgateway.AuthenticationException;
import io.chatgateway.Capability;
import io.chatgateway.ChatGatewayException;
import io.chatgateway.ConversationRef;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.MessageRef;
import io.chatgateway.NotFoundException;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.Page;
import io.chatgateway.ProtocolException;
import io.chatgateway.ProviderUnavailableException;
import io.chatgateway.RateLimitedException;
import io.chatgateway.ResiliencePolicy;
import io.chatgateway.SendResult;
import io.chatgateway.testkit.Fault;
import io.chatgateway.testkit.SimulatorServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * The reliability and security cases of RELIABILITY.md, run for every adapter whose simulator is on the
 * class path, through the public API only. Every exception, log line (captured at TRACE) and
 * {@code toString()} produced here is finally checked for the account's credentials.
 */
class ReliabilityTest {

    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
    private static final List<Throwable> ERRORS = new CopyOnWriteArrayList<>();
    private static final List<String> TEXTS = new CopyOnWriteArrayList<>();
    private static final Set<String> SECRETS = Collections.synchronizedSet(new HashSet<>());
    private static Level previousLevel;

    static List<String> providers() {
        return Harness.providers().toList();
    }

    @BeforeAll
    static void captureLogsAtTrace() {
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        previousLevel = root.getLevel();
        LOGS.start();
        root.addAppender(LOGS);
        root.setLevel(Level.TRACE);
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("org.eclipse.jetty").setLevel(Level.WARN);
    }

    /** Case 11: no credential in any log line, exception message or toString produced by the cases. */
    @AfterAll
    static void secretsAppearNowhere() {
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(LOGS);
        root.setLevel(previousLevel);
        SECRETS.addAll(Harness.CREDENTIALS_ON_THE_WIRE);
        List<String> seen = new ArrayList<>(TEXTS);
        LOGS.list.forEach(e -> {
            seen.add(e.getFormattedMessage());
            if (e.getThrowableProxy() != null) {
                seen.add(e.getThrowableProxy().getMessage());
            }
        });
        for (Throwable t : ERRORS) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                seen.add(String.valueOf(c.getMessage()));
                seen.add(c.toString());
            }
        }
        assertThat(SECRETS).as("secrets under test").isNotEmpty();
        assertThat(LOGS.list).as("captured log lines").isNotEmpty();
        for (String secret : SECRETS) {
            List<String> leaks = seen.stream().filter(s -> s != null && s.contains(secret))
                    .map(s -> s.replace(secret, "<SECRET>")).toList();
            assertThat(leaks).as("texts containing a secret").isEmpty();
        }
    }

    private static Harness harness(String provider) {
        Harness h = Harness.start(provider);
        SECRETS.addAll(h.secrets());
        return h;
    }

    private static <T extends Throwable> T caught(Class<T> type, Runnable call) {
        try {
            call.run();
        } catch (Throwable t) {
            ERRORS.add(t);
            assertThat(t).isInstanceOf(type);
            return type.cast(t);
        }
        throw new AssertionError("expected " + type.getSimpleName());
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    private static ResiliencePolicy.Builder fast() {
        return ResiliencePolicy.custom().initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofMillis(400));
    }

    private static List<Message> all(Harness h, ConversationRef c) {
        return h.gateway.messages(MessageQuery.of(c).build()).stream().toList();
    }

    // ------------------------------------------------------------------ 1, 2: reads recover

    @ParameterizedTest
    @MethodSource("providers")
    void should_wait_out_retry_after_on_a_read_then_succeed(String provider) {
        try (Harness h = harness(provider).gateway()) {
            ConversationRef c = h.usableConversation();
            int expected = all(h, c).size();
            h.server().clearRequests();
            h.server().inject(null, Fault.respond(429, Map.of("Retry-After", "2"), ""));
            Duration before = h.time.totalSlept();
            assertThat(all(h, c)).hasSize(expected);
            assertThat(h.time.totalSlept().minus(before)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void should_fail_fast_when_retry_after_exceeds_the_cap(String provider) {
        try (Harness h = harness(provider).gateway()) {
            ConversationRef c = h.usableConversation();
            h.server().clearRequests();
            h.server().inject(null, Fault.respond(429, Map.of("Retry-After", "120"), ""));
            RateLimitedException e = caught(RateLimitedException.class, () -> all(h, c));
            assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(120));
            assertThat(h.server().requestCount()).isEqualTo(1);
            assertThat(h.time.totalSlept()).isLessThan(Duration.ofSeconds(120));
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void should_recover_a_read_from_503_with_exactly_two_requests(String provider) {
        try (Harness h = harness(provider).gateway()) {
            ConversationRef c = h.usableConversation();
            int expected = all(h, c).size();
            h.server().clearRequests();
            h.server().inject(null, Fault.respond(503, "{}"));
            Page<Message> page = h.gateway.messages(MessageQuery.of(c).pageSize(expected + 5).build());
            assertThat(page.items()).hasSize(expected);
            assertThat(h.server().requestCount()).isEqualTo(2);
        }
    }

    // ------------------------------------------------------------------ 3, 4: sends never duplicated

    @ParameterizedTest
    @MethodSource("providers")
    void should_not_retry_a_send_whose_answer_never_came(String provider) {
        for (Fault fault : List.of(Fault.delay(Duration.ofMillis(1500)), Fault.processThenDrop(), Fault.drop(), Fault.malformed())) {
            try (Harness h = harness(provider).gateway(Map.of("request-timeout", "500ms"), null, b -> b)) {
                ConversationRef c = h.usableConversation();
                h.gateway.send(c, OutgoingMessage.text("warm-up"));
                h.server().clearRequests();
                h.server().inject(null, fault);
                OutgoingMessage message = OutgoingMessage.text("uncertain " + fault.getClass().getSimpleName());
                DeliveryUncertainException e = caught(DeliveryUncertainException.class, () -> h.gateway.send(c, message));
                assertThat(h.requestsLikeTheFirst()).as("send requests after %s", fault).isEqualTo(1);
                assertThat(e.conversation()).hasValue(c);
                assertThat(e.sentMessage()).hasValue(message);
                assertThat(e.isRetryable()).isFalse();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void should_retry_a_send_when_the_connection_is_refused(String provider) throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (Harness h = harness(provider)) {
            String base = h.simulator.baseUri().toString().replace(":" + h.server().port(), ":" + closedPort);
            h.gateway(Map.of("base-url", base), null, b -> b);
            caught(ProviderUnavailableException.class,
                    () -> h.gateway.send(new ConversationRef(Harness.ACCOUNT, "1"), OutgoingMessage.text("hello")));
            assertThat(h.time.sleeps()).as("waits between the 3 attempts").hasSize(2);
        }
    }

    // ------------------------------------------------------------------ 5: errors inside HTTP 200 (Navixy)

    @ParameterizedTest
    @MethodSource("providers")
    void should_type_errors_that_arrive_inside_http_200_and_retry_only_transient_codes(String provider) {
        assumeTrue(provider.equals("navixy"), "only Navixy reports errors inside HTTP 200");
        try (Harness h = harness(provider).gateway()) {
            ConversationRef c = h.usableConversation();
            h.server().clearRequests();
            h.server().inject(null, Fault.respond(200, "{\"success\":false,\"status\":{\"code\":8,\"description\":\"Queue service error\"}}"));
            assertThat(all(h, c)).isNotEmpty();
            assertThat(h.server().requestCount()).isEqualTo(2);
            h.server().clearRequests();
            h.server().inject(null, Fault.respond(200, "{\"success\":false,\"status\":{\"code\":201,\"description\":\"Not found in the database\"}}"));
            caught(NotFoundException.class, () -> all(h, c));
            assertThat(h.server().requestCount()).isEqualTo(1);
        }
    }

    // ------------------------------------------------------------------ 6: expired credentials

    @ParameterizedTest
    @MethodSource("providers")
    void should_reauthenticate_once_for_fifty_concurrent_calls_on_an_expired_credential(String provider) {
        Harness h;
        try {
            h = Harness.start(provider, true);
        } catch (UnsupportedOperationException e) {
            assumeTrue(false, e.getMessage());
            return;
        }
        SECRETS.addAll(h.secrets());
        try (h) {
            h.gateway();
            ConversationRef c = h.usableConversation();
            int expected = all(h, c).size();
            h.simulator.expireCredentials();
            int before = h.simulator.authentications();
            List<CompletableFuture<Page<Message>>> calls = IntStream.range(0, 50)
                    .mapToObj(i -> h.gateway.messagesAsync(MessageQuery.of(c).pageSize(expected + 5).build())).toList();
            calls.forEach(f -> assertThat(join(f).items()).hasSize(expected));
            assertThat(h.simulator.authentications() - before).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void should_give_up_without_looping_when_credentials_keep_being_rejected(String provider) {
        try (Harness h = harness(provider).gateway()) {
            ConversationRef c = h.usableConversation();
            h.server().clearRequests();
            h.server().inject(null, Fault.respond(401, "{\"errors\":[\"Required session does not exist\"],"
                    + "\"success\":false,\"status\":{\"code\":4,\"description\":\"User not found or session ended\"}}"), 50);
            caught(AuthenticationException.class, () -> all(h, c));
            assertThat(h.server().requestCount()).isLessThanOrEqualTo(4);
            h.server().clearFaults();
        }
    }

    // ------------------------------------------------------------------ 7, 8: circuit breaker, retry budget

    @ParameterizedTest
    @MethodSource("providers")
    void should_fail_fast_while_the_circuit_is_open_and_close_after_one_probe(String provider) {
        ResiliencePolicy policy = fast().maxAttempts(1).slidingWindowSize(4).minimumCalls(4)
                .waitInOpenState(Duration.ofSeconds(30)).build();
        try (Harness h = harness(provider)) {
            h.gateway(Map.of(), policy, b -> b);
            ConversationRef c = h.usableConversation();
            h.server().inject(null, Fault.respond(503, "{}"), 4);
            for (int i = 0; i < 4; i++) {
                caught(ProviderUnavailableException.class, () -> all(h, c));
            }
            h.server().clearRequests();
            // fast = no waiting and little work: CPU time of this thread (immune to a loaded machine), plus a wall
            // bound far below any backoff or request timeout
            java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
            long start = System.nanoTime();
            long startCpu = cpu.getCurrentThreadCpuTime();
            int calls = 200;
            for (int i = 0; i < calls; i++) {
                caught(ProviderUnavailableException.class, () -> all(h, c));
            }
            double cpuPerCallMillis = (cpu.getCurrentThreadCpuTime() - startCpu) / 1e6 / calls;
            double perCallMillis = (System.nanoTime() - start) / 1e6 / calls;
            assertThat(cpuPerCallMillis).as("CPU per refused call, ms").isLessThan(1.0);
            assertThat(perCallMillis).as("wall time per refused call, ms").isLessThan(20.0);
            assertThat(h.server().requestCount()).isZero();
            h.server().clearFaults();
            h.time.advance(Duration.ofSeconds(31));
            assertThat(all(h, c)).isNotEmpty();
            assertThat(all(h, c)).isNotEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void should_keep_attempts_of_two_hundred_failing_sends_within_the_retry_budget(String provider) {
        try (Harness h = harness(provider).gateway(Map.of(), fast().build(), b -> b)) {
            ConversationRef c = h.usableConversation();
            h.gateway.send(c, OutgoingMessage.text("warm-up"));
            h.server().clearRequests();
            h.server().inject(null, Fault.respond(503, "{}"), 1000);
            List<CompletableFuture<SendResult>> sends = IntStream.range(0, 200)
                    .mapToObj(i -> h.gateway.sendAsync(c, OutgoingMessage.text("storm " + i))).toList();
            sends.forEach(f -> caught(ProviderUnavailableException.class, () -> join(f)));
            assertThat(h.server().requestCount()).isLessThanOrEqualTo(200 + ResiliencePolicy.DEFAULT_RETRY_BUDGET_TOKENS);
            h.server().clearFaults();
        }
    }

    // ------------------------------------------------------------------ 9, 10: hostile answers, redirects

    @ParameterizedTest
    @MethodSource("providers")
    void should_contain_hostile_bodies_as_protocol_errors(String provider) {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        String longNumber = "{\"success\":true,\"list\":[{\"id\":" + "9".repeat(5000) + "}],\"items\":[]}";
        String hugeString = "{\"x\":\"" + "a".repeat(17 * 1024 * 1024) + "\"}";
        // the circuit breaker records each request: nine hostile answers in a dozen requests would (rightly) open it,
        // which is not what this test is about
        ResiliencePolicy tolerant = ResiliencePolicy.custom().slidingWindowSize(100).minimumCalls(100).build();
        try (Harness h = harness(provider).gateway(Map.of(), tolerant, b -> b)) {
            ConversationRef c = h.usableConversation();
            for (Fault f : List.of(Fault.endless(64L * 1024 * 1024), Fault.respond(200, deep),
                    Fault.respond(200, longNumber), Fault.respond(200, hugeString))) {
                h.server().clearFaults();
                h.server().inject(null, f, 3);
                caught(ProtocolException.class, () -> all(h, c));
            }
            h.server().clearFaults();
            assertThat(all(h, c)).isNotEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void should_quote_an_html_error_page_briefly_and_redacted(String provider) {
        try (Harness h = harness(provider).gateway()) {
            ConversationRef c = h.usableConversation();
            String secret = h.secrets().isEmpty() ? "none" : h.secrets().get(0);
            String page = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>upstream "
                    + secret + " failed</p>" + "<p>padding</p>".repeat(500) + "</body></html>";
            h.server().inject(null, Fault.respond(502, Map.of("Content-Type", "text/html"), page), 3);
            ProviderUnavailableException e = caught(ProviderUnavailableException.class, () -> all(h, c));
            assertThat(e.getMessage()).contains("502").doesNotContain(secret).doesNotContain("<html");
            assertThat(e.getMessage().length()).isLessThan(256 + 200);
            assertThat(e.httpStatus()).hasValue(502);
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void should_not_follow_a_redirect_to_another_host(String provider) {
        try (Harness h = harness(provider).gateway(); SimulatorServer other = new CountingServer()) {
            ConversationRef c = h.usableConversation();
            h.server().inject(null, Fault.respond(302, Map.of("Location", other.baseUri() + "/steal"), ""));
            ChatGatewayException e = caught(ProtocolException.class, () -> all(h, c));
            assertThat(e.isRetryable()).isFalse();
            assertThat(other.requestCount()).isZero();
        }
    }

    // ------------------------------------------------------------------ 12: special characters

    @ParameterizedTest
    @MethodSource("providers")
    void should_deliver_special_characters_intact_and_encode_ids_once(String provider) {
        try (Harness h = harness(provider).gateway()) {
            ConversationRef c = h.usableConversation();
            String text = "a&hash=x %25 # ? + 😀 שלום עולם\r\nline two";
            SendResult sent = h.gateway.send(c, OutgoingMessage.text(text));
            Message back = all(h, c).stream().filter(m -> m.ref().equals(sent.message())).findFirst().orElseThrow();
            assertThat(back.text()).isEqualTo(text);

            String odd = "a/b?c#d%e&hash=x ü";
            h.server().clearRequests();
            ChatGatewayException e = caught(ChatGatewayException.class,
                    () -> all(h, new ConversationRef(Harness.ACCOUNT, odd)));
            if (e instanceof InvalidRequestException) {
                assertThat(h.server().requestCount()).as("rejected before any request").isZero();
            } else {
                assertThat(e).isInstanceOf(NotFoundException.class);
                assertThat(h.server().requests()).anyMatch(r -> r.path().contains(odd)
                        || r.queryParam("tracker_id").map(odd::equals).orElse(false)
                        || r.query().values().stream().flatMap(List::stream).anyMatch(odd::equals)
                        || r.bodyText().contains("a/b?c#d%e&hash=x"));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void should_reject_line_breaks_in_credentials_at_start_up(String provider) {
        try (Harness h = harness(provider)) {
            String key = h.properties.keySet().stream().map(k -> k.substring(k.lastIndexOf('.') + 1))
                    .filter(Harness.SECRET_KEYS::contains).findFirst().orElseThrow();
            InvalidConfigurationException e = caught(InvalidConfigurationException.class,
                    () -> h.gateway(Map.of(key, "abc\r\nX-Injected: 1"), null, b -> b));
            assertThat(e.getMessage()).contains(key).doesNotContain("abc");
        }
    }

    // ------------------------------------------------------------------ 13: bad input never reaches the network

    @ParameterizedTest
    @MethodSource("providers")
    void should_reject_bad_input_before_any_request(String provider) {
        try (Harness h = harness(provider).gateway()) {
            ConversationRef c = h.usableConversation();
            h.server().clearRequests();
            var g = h.gateway;
            List<Runnable> bad = new ArrayList<>(List.of(
                    () -> g.send(null, OutgoingMessage.text("x")),
                    () -> g.send(c, null),
                    () -> g.send(c, OutgoingMessage.text(" ")),
                    () -> g.send(c, OutgoingMessage.text("x".repeat(1_000_001))),
                    () -> g.send(new ConversationRef("nobody", "1"), OutgoingMessage.text("x")),
                    () -> g.send(ConversationRef.parse("no-colon"), OutgoingMessage.text("x")),
                    () -> g.message(MessageRef.parse("acct:1")),
                    () -> g.broadcast(List.of(), OutgoingMessage.text("x")),
                    () -> g.broadcast(IntStream.range(0, 1_000_000).mapToObj(i -> new ConversationRef(Harness.ACCOUNT, "" + i))
                            .collect(Collectors.toList()), OutgoingMessage.text("x")),
                    () -> g.messages(MessageQuery.of(c).pageSize(-1).build()),
                    () -> g.markRead(List.of()),
                    () -> g.unreadCounts("nobody")));
            for (Runnable r : bad) {
                caught(InvalidRequestException.class, r);
            }
            assertThat(h.server().requestCount()).isZero();
        }
    }

    // ------------------------------------------------------------------ 14: paging while the history grows

    @ParameterizedTest
    @MethodSource("providers")
    void should_return_every_existing_message_once_while_the_history_grows(String provider) {
        for (MessageQuery.Order order : MessageQuery.Order.values()) {
            try (Harness h = harness(provider).gateway()) {
                ConversationRef c = h.usableConversation();
                assumeTrue(h.gateway.capabilities(Harness.ACCOUNT).get(Capability.SEND) != Capability.Support.UNSUPPORTED);
                for (int i = 0; i < 5; i++) {
                    h.gateway.send(c, OutgoingMessage.text("history " + i));
                }
                Set<MessageRef> existing = all(h, c).stream().map(Message::ref).collect(Collectors.toSet());
                List<MessageRef> seen = new ArrayList<>();
                Page<Message> page = h.gateway.messages(MessageQuery.of(c).order(order).pageSize(2).build());
                int round = 0;
                while (true) {
                    page.items().forEach(m -> seen.add(m.ref()));
                    h.gateway.send(c, OutgoingMessage.text("arrived meanwhile " + order + " " + round++));
                    if (!page.hasNext()) {
                        break;
                    }
                    page = page.next();
                }
                assertThat(seen).as("no message twice (%s)", order).doesNotHaveDuplicates();
                assertThat(seen).as("every message that existed at the start (%s)", order).containsAll(existing);
            }
        }
    }

    /** A second host that counts what reaches it. */
    private static final class CountingServer extends SimulatorServer {
        CountingServer() {
            super(0);
        }

        @Override
        protected Response handle(io.chatgateway.testkit.RecordedRequest request) {
            TEXTS.add(request.headers().toString());
            return Response.json(200, "{}");
        }
    }
}
