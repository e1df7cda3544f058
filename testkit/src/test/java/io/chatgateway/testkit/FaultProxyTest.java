package io.chatgateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.chatgateway.testkit.FaultProxy.Kind;
import io.chatgateway.testkit.FaultProxy.Schedule;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The proxy forwards HTTP/1.1 unchanged and breaks exactly the exchanges its schedule picks, in the way it names. */
class FaultProxyTest {

    private HttpServer server;
    /** POSTs the server processed (each released once its answer is written). */
    private final Semaphore processed = new Semaphore(0);
    private final AtomicInteger posts = new AtomicInteger();
    private FaultProxy proxy;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/hello", e -> answer(e, 200, "hello " + e.getRequestURI().getQuery(), false));
        server.createContext("/chunked", e -> answer(e, 200, "x".repeat(10_000), true));
        server.createContext("/send", e -> {
            String body = new String(e.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            posts.incrementAndGet();
            answer(e, 200, "{\"id\":" + posts.get() + ",\"text\":\"" + body + "\"}", false);
            processed.release();
        });
        server.start();
        proxy = FaultProxy.start(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        proxy.close();
        server.stop(0);
    }

    private static void answer(HttpExchange e, int status, String body, boolean chunked) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        e.sendResponseHeaders(status, chunked ? 0 : bytes.length);
        try (OutputStream out = e.getResponseBody()) {
            out.write(bytes);
        }
    }

    private String get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(proxy.uri().resolve(pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    private String post(String text, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(proxy.uri().resolve("/send")).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(text)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private String post(String text) throws IOException, InterruptedException {
        return post(text, Duration.ofSeconds(10));
    }

    @Test
    void should_forward_requests_and_answers_unchanged_over_kept_alive_connections() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(get("/hello?n=" + i)).isEqualTo("hello n=" + i);
        }
        assertThat(get("/chunked")).hasSize(10_000);
        assertThat(post("one")).isEqualTo("{\"id\":1,\"text\":\"one\"}");
        assertThat(proxy.requests()).isEqualTo(7);
        assertThat(proxy.applied()).isEmpty();
    }

    @Test
    void should_never_let_the_server_see_a_request_reset_before_it_reaches_the_server() throws Exception {
        proxy.schedule(Schedule.nth(1, Kind.RESET_BEFORE_REQUEST));
        assertThatThrownBy(() -> post("lost")).isInstanceOf(IOException.class);
        assertThat(post("next")).isEqualTo("{\"id\":1,\"text\":\"next\"}");
        assertThat(posts).hasValue(1);
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"RESET_AFTER_REQUEST", "ANSWER_LOST", "ANSWER_TRUNCATED"})
    void should_let_the_server_process_the_request_and_fail_the_client_with_an_io_error(Kind kind) throws Exception {
        proxy.schedule(Schedule.nth(1, kind));
        assertThatThrownBy(() -> post("first")).isInstanceOf(IOException.class);
        assertThat(processed.tryAcquire(10, TimeUnit.SECONDS)).as("the server processed the request").isTrue();
        assertThat(post("second")).isEqualTo("{\"id\":2,\"text\":\"second\"}");
        assertThat(proxy.applied()).containsExactly(new FaultProxy.Applied(1, "POST /send HTTP/1.1", kind));
    }

    @Test
    void should_hold_the_answer_until_the_client_gives_up() throws Exception {
        proxy.schedule(Schedule.nth(1, Kind.DELAY_BEYOND_TIMEOUT));
        assertThatThrownBy(() -> post("slow", Duration.ofSeconds(3))).isInstanceOf(HttpTimeoutException.class);
        assertThat(processed.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        assertThat(post("fast")).isEqualTo("{\"id\":2,\"text\":\"fast\"}");
    }

    @Test
    void should_number_only_the_matching_requests_when_a_schedule_is_limited_to_them() throws Exception {
        proxy.schedule(Schedule.nth(2, Kind.ANSWER_LOST).onlyFor(Schedule.POSTS));
        assertThat(get("/hello?n=1")).isEqualTo("hello n=1");
        assertThat(post("a")).contains("\"a\"");
        assertThat(get("/hello?n=2")).isEqualTo("hello n=2");
        assertThatThrownBy(() -> post("b")).isInstanceOf(IOException.class);
        assertThat(post("c")).contains("\"c\"");
        assertThat(proxy.applied()).containsExactly(new FaultProxy.Applied(4, "POST /send HTTP/1.1", Kind.ANSWER_LOST));
    }

    @Test
    void should_number_requests_from_the_moment_a_schedule_is_set() throws Exception {
        assertThat(post("before")).contains("\"before\"");
        proxy.schedule(Schedule.nth(1, Kind.ANSWER_LOST));
        assertThatThrownBy(() -> post("first after")).isInstanceOf(IOException.class);
        assertThat(post("second after")).contains("\"second after\"");
        assertThat(proxy.requests()).isEqualTo(3);
        assertThat(proxy.applied()).extracting(FaultProxy.Applied::request).containsExactly(1);
    }

    @Test
    void should_draw_the_same_faults_for_the_same_seed() {
        Schedule a = Schedule.seeded(42, 0.3);
        Schedule b = Schedule.seeded(42, 0.3);
        Schedule other = Schedule.seeded(43, 0.3);
        List<Kind> first = new ArrayList<>();
        List<Kind> second = new ArrayList<>();
        List<Kind> third = new ArrayList<>();
        int broken = 0;
        for (int n = 1; n <= 1000; n++) {
            first.add(a.faultFor(n, "POST / HTTP/1.1"));
            second.add(b.faultFor(n, "POST / HTTP/1.1"));
            third.add(other.faultFor(n, "POST / HTTP/1.1"));
            broken += first.get(n - 1) == null ? 0 : 1;
        }
        assertThat(first).isEqualTo(second).isNotEqualTo(third).containsAll(List.of(Kind.values()));
        assertThat(broken).isBetween(240, 360);
        assertThat(Schedule.seeded(1, 0, Kind.ANSWER_LOST).faultFor(7, "POST / HTTP/1.1")).isNull();
        assertThat(Schedule.seeded(1, 1, Kind.ANSWER_LOST).faultFor(7, "POST / HTTP/1.1")).isEqualTo(Kind.ANSWER_LOST);
        assertThat(Schedule.sequence(null, Kind.ANSWER_TRUNCATED).faultFor(2, "GET / HTTP/1.1")).isEqualTo(Kind.ANSWER_TRUNCATED);
        assertThatThrownBy(() -> Schedule.seeded(1, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_refuse_a_target_that_is_not_plain_http() {
        assertThatThrownBy(() -> FaultProxy.start(URI.create("https://127.0.0.1:1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https://127.0.0.1:1");
    }
}
