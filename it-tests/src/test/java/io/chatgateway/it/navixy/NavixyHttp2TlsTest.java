package io.chatgateway.it.navixy;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.chatgateway.ChatGateway;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.Page;
import io.chatgateway.navixy.NavixyConfig;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway's own HTTP client against an HTTPS provider speaking HTTP/2 (WireMock's Jetty, ALPN), as the real
 * providers do: that client runs the JDK client's work (TLS, HTTP/2 frames, the answer's completion) on its
 * selector thread instead of a pool, and every kind of call, many at once, still gets its answer. The client
 * trusts WireMock's self-signed certificate through the JVM's default TLS context, set for this class only.
 */
class NavixyHttp2TlsTest {

    private static final String PAGE = "{\"success\":true,\"list\":[{\"id\":11,\"submit_time\":\"2026-11-20T08:10:00Z\","
            + "\"update_time\":null,\"text\":\"incoming\",\"type\":\"INCOMING\",\"status\":\"DELIVERED\",\"employee_id\":77}]}";

    private static SSLContext previousDefault;

    private final WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort()
            .dynamicHttpsPort());
    private ChatGateway gateway;

    /** Trusts any certificate: WireMock's test certificate is self-signed (a test of transport, not of trust). */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) { }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) { }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) { }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) { }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) { }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    @BeforeAll
    static void trustWireMock() throws Exception {
        previousDefault = SSLContext.getDefault();
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[] {new TrustAll()}, null);
        SSLContext.setDefault(trustAll);
    }

    @AfterAll
    static void restoreDefault() {
        SSLContext.setDefault(previousDefault);
    }

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
        }
        server.stop();
    }

    private MessageQuery start() {
        server.start();
        server.stubFor(NavixyWireMock.route("tracker/chat/list").willReturn(NavixyWireMock.json(200, PAGE)));
        gateway = ChatGateway.builder()
                .account("fleet", NavixyConfig.builder().baseUri("https://localhost:" + server.httpsPort() + "/v2")
                        .hash(NavixyWireMock.HASH).build())
                .build();
        return MessageQuery.of(NavixyWireMock.ref("123456")).since(Instant.parse("2026-11-20T08:00:00Z"))
                .until(Instant.parse("2026-11-20T09:00:00Z")).pageSize(50).build();
    }

    private static String text(Page<Message> page) {
        return page.items().get(0).text();
    }

    @Test
    void should_answer_blocking_and_async_calls_over_http2_and_tls() throws Exception {
        MessageQuery q = start();
        for (int i = 0; i < 5; i++) {
            assertThat(text(gateway.messages(q))).isEqualTo("incoming");
            assertThat(text(gateway.messagesAsync(q).join())).isEqualTo("incoming");
            assertThat(gateway.messagesAsync(q).thenApply(NavixyHttp2TlsTest::text).get(10, TimeUnit.SECONDS))
                    .isEqualTo("incoming");
        }
        List<LoggedRequest> requests = server.findAll(postRequestedFor(urlEqualTo("/v2/tracker/chat/list")));
        assertThat(requests).hasSize(15);
        assertThat(requests).extracting(LoggedRequest::getProtocol).containsOnly("HTTP/2.0");
    }

    @Test
    void should_answer_many_calls_at_once_over_one_http2_connection() throws Exception {
        MessageQuery q = start();
        assertThat(text(gateway.messages(q))).isEqualTo("incoming"); // the connection the calls below share
        List<CompletableFuture<String>> calls = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            calls.add(gateway.messagesAsync(q).thenApply(NavixyHttp2TlsTest::text));
        }
        List<String> blockingTexts = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 5; i++) {
                    blockingTexts.add(text(gateway.messages(q)));
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (CompletableFuture<String> call : calls) {
            assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo("incoming");
        }
        for (Thread thread : threads) {
            thread.join(30_000);
            assertThat(thread.isAlive()).isFalse();
        }
        assertThat(blockingTexts).hasSize(20).containsOnly("incoming");
    }
}
