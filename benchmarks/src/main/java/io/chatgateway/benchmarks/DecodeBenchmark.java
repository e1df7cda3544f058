package io.chatgateway.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.ChatGateway;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.Page;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Messages per second decoding a 1 024-message Navixy {@code tracker/chat/list} answer: through the
 * gateway against the stub (HTTP, parse, mapping to {@link Message}), the raw call plus {@code readTree},
 * and {@code readTree} alone of the very bytes the stub serves. One operation is one message.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(DecodeBenchmark.MESSAGES)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class DecodeBenchmark {

    /** Messages in the answer. */
    static final int MESSAGES = 1024;

    private StubServer stub;
    private ChatGateway gateway;
    private RawClient raw;
    private MessageQuery query;
    private byte[] body;

    /** Starts the stub and the gateway and checks that all three decode 1 024 messages. */
    @Setup(Level.Trial)
    public void setUp() {
        stub = StubServer.start(4, Duration.ZERO);
        gateway = Gateways.on(stub, Map.of(), "navixy");
        raw = new RawClient(stub, "navixy");
        query = Gateways.allMessages("navixy", MESSAGES, MESSAGES);
        body = StubData.navixyList(MESSAGES, StubData.BASE_SECONDS, StubData.BASE_SECONDS + MESSAGES, MESSAGES, true, false);
        Checks.sameMessages(gatewayDecode().items().size(), raw.messages(MESSAGES, MESSAGES), MESSAGES, "navixy");
        Checks.sameMessages(MESSAGES, rawParse(), MESSAGES, "navixy");
        Checks.noUnexpectedRequests("navixy");
    }

    /** Starts the stub's counters afresh for the iteration. */
    @Setup(Level.Iteration)
    public void resetCounters() {
        StubStats.reset();
    }

    /** Stops the gateway and the stub. */
    @TearDown(Level.Trial)
    public void tearDown() {
        gateway.close();
        stub.close();
    }

    /** @return 1 024 messages through the gateway */
    @Benchmark
    public Page<Message> gatewayDecode() {
        return gateway.messages(query);
    }

    /** @return the same answer, raw call and {@code readTree} */
    @Benchmark
    public JsonNode rawHttpParse() {
        return raw.messages(MESSAGES, MESSAGES);
    }

    /** @return the same bytes parsed by {@code readTree}, no HTTP */
    @Benchmark
    public JsonNode rawParse() {
        return raw.parse(body);
    }
}
