package io.chatgateway.benchmarks;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import io.chatgateway.OutgoingMessage;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * One send at a time against the same stub latency as {@link BroadcastBenchmark}: the average time of a
 * send, measured on a sample (1 s of sends in quick mode, 3 × 1 s in the full run: about 40 to 120 sends at
 * 20 ms), times the broadcast's recipients is the time
 * sequential sends would take (an extrapolation, which the report says).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class SequentialSendBenchmark {

    /** A provider whose broadcast is emulated. */
    @Param({"smsbat"})
    public String provider;

    /** The stub's latency per request, in milliseconds. */
    @Param({"20"})
    public int latencyMillis;

    private StubServer stub;
    private ChatGateway gateway;
    private ConversationRef to;
    private OutgoingMessage message;

    /** Starts the stub and the gateway. */
    @Setup(Level.Trial)
    public void setUp() {
        stub = StubServer.start(4, Duration.ofMillis(latencyMillis));
        gateway = Gateways.on(stub, Map.of(), provider);
        to = Gateways.conversation(provider, 1);
        message = OutgoingMessage.text("Service notice: the depot closes at 18:00 today.");
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

    /** @return one send's result */
    @Benchmark
    public SendResult send() {
        return gateway.send(to, message);
    }
}
