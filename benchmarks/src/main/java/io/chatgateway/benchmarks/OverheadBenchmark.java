package io.chatgateway.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.Page;
import io.chatgateway.SendResult;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the library costs per call over the physical floor: the gateway's {@code messages(...)} (first
 * page) and {@code send(...)} against a raw {@code java.net.http} call of the same URL plus Jackson's
 * {@code readTree}, per provider, on the same stub in the same JVM. Run at 1 and 16 threads, in
 * SampleTime (percentiles) and Throughput modes, with {@code -prof gc} for bytes per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class OverheadBenchmark {

    /** Which provider's calls. */
    @Param({"navixy", "smsbat", "quickblox"})
    public String provider;

    /** Messages in the first page (and in the conversation). */
    @Param({"10"})
    public int pageSize;

    private StubServer stub;
    private ChatGateway gateway;
    private RawClient raw;
    private MessageQuery query;
    private ConversationRef to;
    private OutgoingMessage message;

    /** Starts the stub and the gateway and checks that both paths get the same answer. */
    @Setup(Level.Trial)
    public void setUp() {
        stub = StubServer.start(32, Duration.ZERO);
        gateway = Gateways.on(stub, Map.of(), provider);
        raw = new RawClient(stub, provider);
        query = Gateways.allMessages(provider, pageSize, pageSize);
        to = Gateways.conversation(provider, pageSize);
        message = OutgoingMessage.text("Please call the dispatcher when you arrive at the depot.");
        Checks.sameMessages(gatewayMessages().items().size(), raw.messages(pageSize, pageSize), pageSize, provider);
        gatewaySend();
        rawSend();
        Checks.noUnexpectedRequests(provider);
    }

    /** Starts the stub's counters afresh for the iteration. */
    @Setup(Level.Iteration)
    public void resetCounters() {
        StubStats.reset();
    }

    /** Fails the run if the stub saw requests it could not answer. */
    @TearDown(Level.Iteration)
    public void checkCounters() {
        Checks.noUnexpectedRequests(provider);
    }

    /** Stops the gateway and the stub. */
    @TearDown(Level.Trial)
    public void tearDown() {
        gateway.close();
        stub.close();
    }

    /** @return the gateway's first page */
    @Benchmark
    public Page<Message> gatewayMessages() {
        return gateway.messages(query);
    }

    /** @return the same answer, raw */
    @Benchmark
    public JsonNode rawMessages() {
        return raw.messages(pageSize, pageSize);
    }

    /** @return the gateway's send result */
    @Benchmark
    public SendResult gatewaySend() {
        return gateway.send(to, message);
    }

    /** @return the same send, raw */
    @Benchmark
    public JsonNode rawSend() {
        return raw.send(to.id(), message.text());
    }
}
