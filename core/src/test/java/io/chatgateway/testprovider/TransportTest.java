package io.chatgateway.testprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationRef;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.MessageQuery;
import io.chatgateway.Operation;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.ProtocolException;
import io.chatgateway.ProviderUnavailableException;
import io.chatgateway.ResiliencePolicy;
import io.chatgateway.Secret;
import io.chatgateway.fake.TestTime;
import io.chatgateway.spi.ChatProvider;
import io.chatgateway.spi.ChatProviderFactory;
import io.chatgateway.spi.ErrorDecoder;
import io.chatgateway.spi.HttpAnswer;
import io.chatgateway.spi.HttpCall;
import io.chatgateway.spi.ProviderConfig;
import io.chatgateway.spi.ProviderContext;
import io.chatgateway.spi.ProviderMetadata;
import io.chatgateway.spi.ProviderSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The JDK transport behind {@code ProviderContext.http}, through the loopback adapter and directly through the SPI. */
class TransportTest {

    private final LoopbackServer server = new LoopbackServer();
    private final LoopbackServer elsewhere = new LoopbackServer();
    private final TestTime time = new TestTime();
    private ChatGateway gateway;

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
        }
        server.close();
        elsewhere.close();
    }

    private ChatGateway gateway(long maxBytes) {
        gateway = ChatGateway.builder()
                .account("lb", new LoopbackConfig(server.baseUri(), Secret.of(LoopbackServer.TOKEN)),
                        ResiliencePolicy.custom().maxAttempts(1).requestTimeout(Duration.ofSeconds(5)).build())
                .clock(time).sleeper(time).maxResponseBytes(maxBytes).build();
        return gateway;
    }

    private ConversationRef seeded() {
        server.backend().addInbound("c1", "d1", "hello");
        return new ConversationRef("lb", "c1");
    }

    /** A factory that hands the test its {@link ProviderContext}, to use the SPI transport directly. */
    private static final class Capture implements ChatProviderFactory {
        ProviderContext context;

        @Override
        public ProviderMetadata metadata() {
            return new ProviderMetadata("capture", "Capture", null, Map.of(), 10, 10, 1, 10);
        }

        @Override
        public ProviderConfig configure(ProviderSettings settings) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ChatProvider create(ProviderConfig config, ProviderContext ctx) {
            this.context = ctx;
            return new ChatProvider() { };
        }
    }

    private ProviderContext context() {
        Capture capture = new Capture();
        gateway = ChatGateway.builder().providers(capture).account("cap", new ProviderConfig() {
            @Override
            public String providerId() {
                return "capture";
            }

            @Override
            public URI baseUri() {
                return server.baseUri();
            }
        }).clock(time).sleeper(time).build();
        return capture.context;
    }

    private static Throwable cause(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    @Test
    void should_not_follow_a_redirect_nor_send_the_credential_elsewhere() {
        gateway(1 << 20);
        ConversationRef c = seeded();
        server.inject("/api/conversations", LoopbackServer.respond(302,
                Map.of("Location", elsewhere.baseUri() + "/api/conversations/c1/messages"), ""));
        assertThatThrownBy(() -> gateway.messages(MessageQuery.of(c).build()))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("redirect (HTTP 302) to host 127.0.0.1")
                .satisfies(e -> assertThat(((ProtocolException) e).isRetryable()).isFalse());
        assertThat(elsewhere.requestCount()).isZero();
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void should_refuse_a_redirect_even_when_the_adapter_decoder_ignores_it() {
        ProviderContext ctx = context();
        server.inject(null, LoopbackServer.respond(301, Map.of("Location", elsewhere.baseUri().toString()), ""));
        HttpCall call = HttpCall.get(server.baseUri(), "/api/unread").credential("Authorization", "Bearer ",
                Secret.of(LoopbackServer.TOKEN)).operation(io.chatgateway.Operation.MESSAGES).build();
        assertThatThrownBy(() -> ctx.http(answer -> Optional.empty()).exchange(call).join())
                .satisfies(e -> assertThat(cause(e)).isInstanceOf(ProtocolException.class).hasMessageContaining("redirect"));
        assertThat(elsewhere.requestCount()).isZero();
    }

    /** A client that records the thread of every blocking send, around the JDK's own. */
    private static final class ThreadRecordingClient extends java.net.http.HttpClient {
        private final java.net.http.HttpClient jdk = java.net.http.HttpClient.newBuilder()
                .followRedirects(Redirect.NEVER).build();
        final List<Thread> sends = new java.util.concurrent.CopyOnWriteArrayList<>();
        final java.util.concurrent.atomic.AtomicInteger asyncSends = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public Optional<java.net.CookieHandler> cookieHandler() {
            return jdk.cookieHandler();
        }

        @Override
        public Optional<Duration> connectTimeout() {
            return jdk.connectTimeout();
        }

        @Override
        public Redirect followRedirects() {
            return jdk.followRedirects();
        }

        @Override
        public Optional<java.net.ProxySelector> proxy() {
            return jdk.proxy();
        }

        @Override
        public javax.net.ssl.SSLContext sslContext() {
            return jdk.sslContext();
        }

        @Override
        public javax.net.ssl.SSLParameters sslParameters() {
            return jdk.sslParameters();
        }

        @Override
        public Optional<java.net.Authenticator> authenticator() {
            return jdk.authenticator();
        }

        @Override
        public Version version() {
            return jdk.version();
        }

        @Override
        public Optional<java.util.concurrent.Executor> executor() {
            return jdk.executor();
        }

        @Override
        public <T> java.net.http.HttpResponse<T> send(java.net.http.HttpRequest request,
                                                     java.net.http.HttpResponse.BodyHandler<T> handler)
                throws java.io.IOException, InterruptedException {
            sends.add(Thread.currentThread());
            return jdk.send(request, handler);
        }

        @Override
        public <T> java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<T>> sendAsync(
                java.net.http.HttpRequest request, java.net.http.HttpResponse.BodyHandler<T> handler) {
            asyncSends.incrementAndGet();
            return jdk.sendAsync(request, handler);
        }

        @Override
        public <T> java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<T>> sendAsync(
                java.net.http.HttpRequest request, java.net.http.HttpResponse.BodyHandler<T> handler,
                java.net.http.HttpResponse.PushPromiseHandler<T> push) {
            asyncSends.incrementAndGet();
            return jdk.sendAsync(request, handler, push);
        }
    }

    @Test
    void should_run_blocking_calls_exchanges_on_the_callers_thread_and_an_async_calls_exactly_once() {
        ThreadRecordingClient client = new ThreadRecordingClient();
        gateway = ChatGateway.builder()
                .account("lb", new LoopbackConfig(server.baseUri(), Secret.of(LoopbackServer.TOKEN)),
                        ResiliencePolicy.custom().maxAttempts(1).requestTimeout(Duration.ofSeconds(5)).build())
                .clock(time).sleeper(time).httpClient(client).build();
        ConversationRef c = seeded();
        int before = server.requestCount();
        assertThat(gateway.messages(MessageQuery.of(c).build()).items()).hasSize(1);
        gateway.send(c, OutgoingMessage.text("hi"));
        assertThat(client.sends).as("threads of the blocking calls' exchanges").hasSize(server.requestCount() - before)
                .allSatisfy(t -> assertThat(t).isSameAs(Thread.currentThread()));
        assertThat(client.asyncSends).hasValue(0);
        client.sends.clear();
        int beforeAsync = server.requestCount();
        // joined at once: on <= 2 CPUs the joining thread usually runs the exchange itself (CallerRunsTest), never twice
        assertThat(gateway.messagesAsync(MessageQuery.of(c).build()).join().items()).hasSize(2);
        assertThat(server.requestCount() - beforeAsync).isEqualTo(1);
        assertThat(client.sends.size() + client.asyncSends.get()).as("exchanges of the async call").isEqualTo(1);
    }

    @Test
    void should_cut_an_endless_chunked_body_at_the_cap() {
        gateway(64 * 1024);
        ConversationRef c = seeded();
        server.inject("/api/conversations", LoopbackServer.endless(512L * 1024 * 1024));
        long start = System.nanoTime();
        assertThatThrownBy(() -> gateway.messages(MessageQuery.of(c).build()))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("larger than 65536 bytes");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void should_refuse_a_declared_length_over_the_cap() {
        gateway(1024 * 16);
        ConversationRef c = seeded();
        server.inject("/api/conversations", LoopbackServer.respond(200, "[" + " ".repeat(20_000) + "]"));
        assertThatThrownBy(() -> gateway.messages(MessageQuery.of(c).build())).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("larger than");
    }

    @Test
    void should_make_an_oversized_send_answer_delivery_uncertain() {
        gateway(16 * 1024);
        ConversationRef c = seeded();
        server.inject("/api/conversations/c1/messages", LoopbackServer.endless(64L * 1024 * 1024));
        assertThatThrownBy(() -> gateway.send(c, OutgoingMessage.text("hi"))).isInstanceOf(DeliveryUncertainException.class);
    }

    @Test
    void should_reject_deeply_nested_json_without_running_out_of_memory() {
        gateway(1 << 20);
        ConversationRef c = seeded();
        server.inject("/api/conversations", LoopbackServer.respond(200, "[".repeat(5_000) + "]".repeat(5_000)));
        assertThatThrownBy(() -> gateway.messages(MessageQuery.of(c).build())).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("limits");
    }

    @Test
    void should_reject_a_5000_digit_number() {
        gateway(1 << 20);
        ConversationRef c = seeded();
        server.inject("/api/conversations", LoopbackServer.respond(200, "{\"items\":[],\"n\":" + "9".repeat(5_000) + "}"));
        assertThatThrownBy(() -> gateway.messages(MessageQuery.of(c).build())).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("limits");
    }

    @Test
    void should_reject_truncated_json_as_a_retryable_protocol_error() {
        gateway(1 << 20);
        ConversationRef c = seeded();
        server.inject("/api/conversations", LoopbackServer.respond(200, "{\"items\":[{\"id\":\"m1\",\"te"));
        assertThatThrownBy(() -> gateway.messages(MessageQuery.of(c).build())).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("is not valid JSON")
                .satisfies(e -> assertThat(((ProtocolException) e).isRetryable()).isTrue());
    }

    @Test
    void should_quote_an_html_502_page_briefly_with_the_token_redacted() {
        gateway(1 << 20);
        ConversationRef c = seeded();
        String page = "<html><body><h1>502 Bad Gateway</h1><p>Authorization: Bearer " + LoopbackServer.TOKEN
                + "</p><pre>" + "trace line\n".repeat(500) + "</pre></body></html>";
        server.inject("/api/conversations", LoopbackServer.respond(502, Map.of("Content-Type", "text/html"), page));
        assertThatThrownBy(() -> gateway.messages(MessageQuery.of(c).build()))
                .isInstanceOf(ProviderUnavailableException.class)
                .satisfies(e -> {
                    String m = e.getMessage();
                    assertThat(m).doesNotContain(LoopbackServer.TOKEN).doesNotContain("<").doesNotContain("\n")
                            .contains("502 Bad Gateway Authorization: Bearer ****")
                            .startsWith("loopback account 'lb' (messages): GET /api/conversations/c1/messages answered HTTP 502");
                    String quote = m.substring(m.indexOf('"'), m.lastIndexOf('"') + 1);
                    assertThat(quote.length()).isLessThanOrEqualTo(HttpAnswer.MAX_QUOTE + 2);
                });
    }

    @Test
    void should_encode_path_and_query_values_exactly_once() {
        gateway(1 << 20);
        String id = "a&hash=x %#?/😀+%41";
        server.backend().addInbound(id, "d", "hi");
        ConversationRef c = new ConversationRef("lb", id);
        assertThat(gateway.messages(MessageQuery.of(c).build()).items()).hasSize(1);
        LoopbackServer.Request r = server.requests().get(0);
        assertThat(r.rawPath()).isEqualTo("/api/conversations/a%26hash%3Dx%20%25%23%3F%2F%F0%9F%98%80%2B%2541/messages");
        assertThat(r.segments().get(2)).isEqualTo(id);
        String text = "&hash=x%#? 😀+=";
        gateway.conversations(ConversationQuery.forAccount("lb").text(text).build());
        LoopbackServer.Request q = server.requests().get(1);
        assertThat(q.rawQuery()).doesNotContain("&hash").doesNotContain(" ").doesNotContain("#");
        assertThat(q.query()).containsEntry("q", List.of(text));
        assertThat(gateway.send(c, OutgoingMessage.text("x")).message().conversation().id()).isEqualTo(id);
    }

    @Test
    void should_send_ids_with_line_breaks_encoded_never_raw() {
        gateway(1 << 20);
        String id = "evil\r\nX-Injected: 1";
        server.backend().addInbound(id, "d", "hi");
        assertThat(gateway.messages(MessageQuery.of(new ConversationRef("lb", id)).build()).items()).hasSize(1);
        assertThat(server.requests().get(0).headers()).doesNotContainKey("x-injected");
    }

    @Test
    void should_join_encoded_query_names_and_values_in_order_the_same_on_every_call() {
        URI base = URI.create("http://127.0.0.1:9/api/");
        for (int i = 0; i < 2; i++) { // the second call takes the encoded names kept by the first
            HttpCall call = HttpCall.get(base, "/m.json").query("date_sent[gte]", 1700000000L).query("q", "a b&c")
                    .query("skip", null).query("date_sent[gte]", "2").query("plain", "x").build();
            assertThat(call.uri().toString()).isEqualTo(
                    "http://127.0.0.1:9/api/m.json?date_sent%5Bgte%5D=1700000000&q=a%20b%26c&date_sent%5Bgte%5D=2&plain=x");
        }
    }

    @Test
    void should_reject_cr_or_lf_in_a_header_value_before_sending() {
        URI base = URI.create("http://127.0.0.1:9");
        assertThatThrownBy(() -> HttpCall.get(base, "/x").header("X-Note", "a\r\nX-Injected: 1"))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> HttpCall.get(base, "/x").header("X-Bad\n", "a")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> HttpCall.get(base, "/{}", "")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> HttpCall.get(base, "/x?y")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpCall.get(base, "/{}/{}", "1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_keep_credentials_out_of_the_call_string_and_logs() {
        HttpCall call = HttpCall.post(URI.create("https://api.example.com/v2/"), "/chat/{}/send", "a b")
                .credential("Authorization", "NVX ", Secret.of(LoopbackServer.TOKEN)).query("hash", "qsecret")
                .operation(Operation.SEND).build();
        assertThat(call.toString()).isEqualTo("POST /chat/a%20b/send (send)");
        assertThat(call.uri()).hasToString("https://api.example.com/v2/chat/a%20b/send?hash=qsecret");
        assertThat(call.secrets()).containsExactly(Secret.of(LoopbackServer.TOKEN));
    }

    @Test
    void should_call_the_decoder_for_every_answer_including_200() {
        ProviderContext ctx = context();
        server.inject(null, LoopbackServer.respond(200, "{\"error\":{\"code\":\"plan\",\"message\":\"No chat in tariff.\"}}"));
        ErrorDecoder decoder = new LoopbackErrorDecoder();
        HttpCall call = HttpCall.get(server.baseUri(), "/api/unread").operation(Operation.UNREAD_COUNTS).build();
        assertThatThrownBy(() -> ctx.http(decoder).exchange(call).join())
                .satisfies(e -> assertThat(cause(e)).isInstanceOf(io.chatgateway.FeatureUnavailableException.class)
                        .hasMessageContaining("code plan"));
        assertThat(ctx.account()).isEqualTo("cap");
        assertThat(ctx.providerId()).isEqualTo("capture");
        assertThat(ctx.clock()).isSameAs(time);
        assertThat(ctx.json()).isNotNull();
        assertThat(ErrorDetails.NONE.account()).isNull();
    }

    @Test
    void should_report_a_refused_connection_as_retryable_and_nothing_sent() {
        ProviderContext ctx = context();
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        HttpCall call = HttpCall.post(URI.create("http://127.0.0.1:" + port), "/api/x").deliversMessage().operation(Operation.SEND)
                .json(Map.of("text", "hi")).build();
        assertThatThrownBy(() -> ctx.http(ErrorDecoder.BY_STATUS).exchange(call).join())
                .satisfies(e -> assertThat(cause(e)).isInstanceOf(ProviderUnavailableException.class)
                        .hasMessageContaining("nothing was sent"));
    }
}
