package io.chatgateway.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.ReconcileOptions;
import io.chatgateway.SendResult;
import io.chatgateway.testkit.FaultProxy;
import io.chatgateway.testkit.FaultProxy.Kind;
import io.chatgateway.testkit.FaultProxy.Schedule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every adapter behind the {@link FaultProxy}: real TCP faults between the gateway and the simulator. Reads
 * recover by retrying; a send is never duplicated silently — it succeeds once, or fails typed
 * ({@link DeliveryUncertainException} when the request may have arrived), and with reconciliation it ends with
 * exactly one copy at the provider.
 */
class ProxyReliabilityTest {

    /** Short enough that a held answer costs a second per attempt; the retries' backoff waits on fake time. */
    private static final Map<String, String> FAST_TIMEOUT = Map.of("request-timeout", "1s");

    static Stream<Arguments> faults() {
        return Harness.providers().flatMap(p -> Stream.of(Kind.values()).map(k -> Arguments.of(p, k)));
    }

    /** A simulator, a proxy in front of it, a gateway talking through the proxy, and a readable conversation. */
    private record Rig(Harness h, FaultProxy proxy, ChatGateway g, ConversationRef c) implements AutoCloseable {

        static Rig start(String provider) {
            Harness h = Harness.start(provider);
            FaultProxy proxy;
            try {
                proxy = FaultProxy.start(h.server().baseUri());
            } catch (IOException e) {
                h.close();
                throw new UncheckedIOException(e);
            }
            String direct = "http://" + h.server().baseUri().getHost() + ":" + h.server().port();
            Map<String, String> extra = new java.util.HashMap<>(FAST_TIMEOUT);
            h.properties.forEach((k, v) -> {
                if (k.endsWith(".base-url")) {
                    extra.put("base-url", v.replace(direct, proxy.uri().toString()));
                }
            });
            ChatGateway g = h.gateway(extra, null, b -> b).gateway;
            return new Rig(h, proxy, g, h.usableConversation());
        }

        @Override
        public void close() {
            proxy.close();
            h.close();
        }
    }

    private static List<Message> all(ChatGateway g, ConversationRef c) {
        return g.messages(MessageQuery.of(c).build()).stream().toList();
    }

    private static long copies(ChatGateway g, ConversationRef c, String text) {
        return all(g, c).stream().filter(m -> text.equals(m.text())).count();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("faults")
    void should_recover_a_read_from_a_network_fault_by_retrying(String provider, Kind kind) {
        try (Rig rig = Rig.start(provider)) {
            List<Message> expected = all(rig.g(), rig.c());
            rig.proxy().schedule(Schedule.nth(1, kind));
            assertThat(all(rig.g(), rig.c())).isEqualTo(expected);
            assertThat(rig.proxy().applied()).extracting(FaultProxy.Applied::kind).containsExactly(kind);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("faults")
    void should_never_duplicate_a_send_silently(String provider, Kind kind) {
        try (Rig rig = Rig.start(provider)) {
            String text = "proxy " + kind + " plain";
            rig.proxy().schedule(Schedule.nth(1, kind));
            Throwable error = catchThrowable(() -> rig.g().send(rig.c(), OutgoingMessage.text(text).withIdempotencyKey("k-" + kind)));
            rig.proxy().schedule(Schedule.none());
            long copies = copies(rig.g(), rig.c(), text);
            if (error == null) {
                assertThat(copies).as("a successful send arrived once").isEqualTo(1);
            } else {
                assertThat(error).as("an unknown outcome is reported as such").isInstanceOf(DeliveryUncertainException.class);
                assertThat(copies).as("an uncertain send is not repeated").isLessThanOrEqualTo(1);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("faults")
    void should_end_with_exactly_one_copy_when_reconciling(String provider, Kind kind) {
        try (Rig rig = Rig.start(provider)) {
            String text = "proxy " + kind + " reconciled";
            rig.proxy().schedule(Schedule.nth(1, kind));
            SendResult r = rig.g().send(rig.c(), OutgoingMessage.text(text).withIdempotencyKey("r-" + kind),
                    ReconcileOptions.DEFAULT);
            rig.proxy().schedule(Schedule.none());
            ChatGateway g = rig.g();
            ConversationRef c = rig.c();
            assertThat(copies(g, c, text)).isEqualTo(1);
            assertThat(r.reconciliation()).isIn(SendResult.Reconciliation.NONE, SendResult.Reconciliation.FOUND,
                    SendResult.Reconciliation.RESENT);
            assertThat(all(g, c)).extracting(Message::ref).contains(r.message());
        }
    }
}
