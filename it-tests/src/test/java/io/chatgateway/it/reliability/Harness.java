package io.chatgateway.it.reliability;

import io.chatgateway.ChatGateway;
import io.chatgateway.ChatGatewayException;
import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationRef;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.ResiliencePolicy;
import io.chatgateway.testkit.FakeTime;
import io.chatgateway.testkit.ProviderSimulator;
import io.chatgateway.testkit.ProviderSimulatorFactory;
import io.chatgateway.testkit.SimulatorServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * One provider's simulator (with demo data) and a gateway pointed at it through the public API, with
 * {@link FakeTime} as clock and sleeper so no test waits for real.
 */
final class Harness implements AutoCloseable {

    static final String ACCOUNT = "acct";
    /** Property keys whose values are credentials. */
    static final Set<String> SECRET_KEYS = Set.of("hash", "token", "api-key", "auth-secret", "auth-key", "password");

    /** Credentials seen on the wire by any harness (minted tokens and session hashes included). */
    static final Set<String> CREDENTIALS_ON_THE_WIRE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    final ProviderSimulator simulator;
    final FakeTime time = new FakeTime(java.time.Instant.now());
    final Map<String, String> properties;
    ChatGateway gateway;

    private Harness(ProviderSimulator simulator, Map<String, String> properties) {
        this.simulator = simulator;
        this.properties = properties;
    }

    /** @return the ids of every simulator on the class path */
    static Stream<String> providers() {
        List<String> ids = new ArrayList<>();
        ServiceLoader.load(ProviderSimulatorFactory.class).forEach(f -> ids.add(f.providerId()));
        return ids.stream().sorted();
    }

    static Harness start(String providerId, boolean login) {
        ProviderSimulatorFactory factory = ServiceLoader.load(ProviderSimulatorFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.providerId().equals(providerId)).findFirst()
                .orElseThrow();
        ProviderSimulator sim = factory.start(0);
        sim.seedDemoData();
        Map<String, String> props = new TreeMap<>(login ? sim.loginAccountProperties(ACCOUNT) : sim.accountProperties(ACCOUNT));
        return new Harness(sim, props);
    }

    static Harness start(String providerId) {
        return start(providerId, false);
    }

    /** Builds the gateway with extra account properties (key without prefix) and a policy. */
    Harness gateway(Map<String, String> extra, ResiliencePolicy policy, UnaryOperator<ChatGateway.Builder> tweak) {
        Properties p = new Properties();
        properties.forEach(p::setProperty);
        extra.forEach((k, v) -> p.setProperty("chatgateway.account." + ACCOUNT + "." + k, v));
        ChatGateway.Builder b = ChatGateway.builder().properties(p).clock(time).sleeper(time);
        if (policy != null) {
            b.defaultPolicy(policy);
        }
        gateway = tweak.apply(b).build();
        return this;
    }

    Harness gateway() {
        return gateway(Map.of(), null, b -> b);
    }

    SimulatorServer server() {
        return simulator.server();
    }

    String provider() {
        return simulator.providerId();
    }

    /** @return every credential value the account is configured with */
    List<String> secrets() {
        List<String> out = new ArrayList<>();
        properties.forEach((k, v) -> {
            String key = k.substring(k.lastIndexOf('.') + 1);
            if (SECRET_KEYS.contains(key) && v.length() >= 6) {
                out.add(v);
            }
        });
        return out;
    }

    /** @return a demo conversation whose messages can be read and that accepts sends */
    ConversationRef usableConversation() {
        for (var c : setUp(() -> gateway.conversations(ConversationQuery.forAccount(ACCOUNT).build()).stream().toList())) {
            try {
                List<Message> messages = gateway.messages(MessageQuery.of(c.ref()).build()).stream().toList();
                if (messages.size() >= 2) {
                    return c.ref();
                }
            } catch (ChatGatewayException unusable) {
                // blocked or chat-less conversation in the demo data: try the next
            }
        }
        throw new AssertionError(provider() + " demo data has no readable conversation with 2+ messages");
    }

    /**
     * Runs a set-up read, again up to twice when it times out: gateways here run with short request timeouts, and the
     * first call of a cold JVM on a loaded machine can exceed them; the set-up is not what a test measures.
     */
    private static <T> T setUp(java.util.function.Supplier<T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.get();
            } catch (io.chatgateway.ProviderUnavailableException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** @return requests with the same method and path as the first one recorded since the last clear */
    long requestsLikeTheFirst() {
        var all = server().requests();
        if (all.isEmpty()) {
            return 0;
        }
        var first = all.get(0);
        return all.stream().filter(r -> r.method().equals(first.method()) && r.path().equals(first.path())).count();
    }

    @Override
    public void close() {
        for (var r : server().requests()) {
            r.header("authorization").map(v -> v.contains(" ") ? v.substring(v.indexOf(' ') + 1) : v)
                    .filter(v -> v.length() >= 8).ifPresent(CREDENTIALS_ON_THE_WIRE::add);
            r.header("qb-token").filter(v -> v.length() >= 8).ifPresent(CREDENTIALS_ON_THE_WIRE::add);
            r.header("x-authorization-key").filter(v -> v.length() >= 8).ifPresent(CREDENTIALS_ON_THE_WIRE::add);
        }
        if (gateway != null) {
            gateway.close();
        }
        simulator.close();
    }
}
