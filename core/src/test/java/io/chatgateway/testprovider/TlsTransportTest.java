package io.chatgateway.testprovider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.Page;
import io.chatgateway.ProviderUnavailableException;
import io.chatgateway.ResiliencePolicy;
import io.chatgateway.Secret;
import java.io.InputStream;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway's own HTTP client (no client given to the builder) over TLS. That client runs the JDK client's work on
 * its selector thread instead of a pool: TLS handshakes, decryption and the answer's completion happen there, for
 * blocking calls, joined and not joined asynchronous calls, and a failed handshake still ends the call (many calls at
 * once over HTTP/2 and TLS: {@code NavixyHttp2TlsTest} in it-tests).
 * The test certificates ({@code src/test/resources/tls}, made once by {@code keytool -genkeypair -keyalg EC
 * -ext SAN=ip:127.0.0.1 -validity 36500}) are self-signed; the client trusts the first through the JVM's default TLS
 * context (set for this class only), not the second.
 */
class TlsTransportTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private static SSLContext previousDefault;
    private static SSLContext trusted;
    private static SSLContext untrusted;

    private LoopbackServer server;
    private ChatGateway gateway;

    @BeforeAll
    static void makeCertificates() throws Exception {
        KeyStore trustedStore = keyStore("trusted");
        KeyStore untrustedStore = keyStore("untrusted");
        trusted = serverContext(trustedStore);
        untrusted = serverContext(untrustedStore);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trustedStore);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        previousDefault = SSLContext.getDefault();
        SSLContext.setDefault(client);
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
        if (server != null) {
            server.close();
        }
    }

    /** A test key store of {@code src/test/resources/tls}: an EC key and a self-signed certificate for 127.0.0.1. */
    private static KeyStore keyStore(String name) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = TlsTransportTest.class.getResourceAsStream("/tls/" + name + ".p12")) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    private static SSLContext serverContext(KeyStore ks) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    private ConversationRef start(SSLContext tls) {
        server = new LoopbackServer(new LoopbackBackend(LoopbackServer.TOKEN, Clock.systemUTC()), tls);
        server.backend().addInbound("c1", "d1", "hello");
        gateway = ChatGateway.builder()
                .account("lb", new LoopbackConfig(server.baseUri(), Secret.of(LoopbackServer.TOKEN)),
                        ResiliencePolicy.custom().maxAttempts(1).requestTimeout(Duration.ofSeconds(10)).build())
                .build();
        return new ConversationRef("lb", "c1");
    }

    private static String text(Page<Message> page) {
        return page.items().get(0).text();
    }

    @Test
    void should_answer_every_kind_of_call_over_tls_with_a_new_handshake_for_each() throws Exception {
        ConversationRef c = start(trusted);
        MessageQuery query = MessageQuery.of(c).build();
        // every answer closes its connection: each call makes a new TLS connection, handshake and all
        server.inject(null, (exchange, normal) -> {
            exchange.getResponseHeaders().add("Connection", "close");
            LoopbackServer.write(exchange, normal.process());
        }, 6);
        for (int i = 0; i < 2; i++) {
            assertThat(text(gateway.messages(query))).isEqualTo("hello");
            assertThat(text(gateway.messagesAsync(query).join())).isEqualTo("hello");
            // not joined: the result arrives through a callback
            CompletableFuture<String> callback = gateway.messagesAsync(query).thenApply(TlsTransportTest::text);
            assertThat(callback.get(10, TimeUnit.SECONDS)).isEqualTo("hello");
        }
        assertThat(server.requestCount()).isEqualTo(6);
    }

    @Test
    void should_fail_typed_and_at_once_when_the_providers_certificate_is_not_trusted() {
        ConversationRef c = start(untrusted);
        MessageQuery query = MessageQuery.of(c).build();
        assertThatThrownBy(() -> gateway.messages(query))
                .isInstanceOf(ProviderUnavailableException.class)
                .satisfies(e -> assertThat(causes(e)).anyMatch(t -> t instanceof SSLHandshakeException));
        assertThatThrownBy(() -> gateway.messagesAsync(query).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ProviderUnavailableException.class);
        assertThat(server.requestCount()).isZero();
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> all = new ArrayList<>();
        for (Throwable t = e; t != null && !all.contains(t); t = t.getCause()) {
            all.add(t);
        }
        return all;
    }
}
