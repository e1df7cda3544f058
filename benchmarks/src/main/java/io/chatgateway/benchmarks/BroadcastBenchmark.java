package io.chatgateway.benchmarks;

import io.chatgateway.BroadcastResult;
import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import io.chatgateway.OutgoingMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * Broadcast to 10 000 conversations of a provider without native broadcast (the gateway fans out with
 * bounded concurrency), the stub answering every send after a fixed latency. The stub's most requests
 * in flight at once ({@code stub.maxInFlight}) must not exceed the account's {@code broadcast.concurrency}.
 * The account's rate limit is raised to {@value Gateways#RATE_LIMIT}/s so that it does not pace the fan-out.
 * Compare with {@link SequentialSendBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class BroadcastBenchmark {

    /** A provider whose broadcast is emulated. */
    @Param({"smsbat"})
    public String provider;

    /** Recipients of the broadcast. */
    @Param({"10000"})
    public int recipients;

    /** The account's {@code broadcast.concurrency}. */
    @Param({"64"})
    public int concurrency;

    /** The stub's latency per request, in milliseconds. */
    @Param({"20"})
    public int latencyMillis;

    private StubServer stub;
    private ChatGateway gateway;
    private List<ConversationRef> to;
    private OutgoingMessage message;

    /** Starts the stub and the gateway and warms both up with a small broadcast. */
    @Setup(Level.Trial)
    public void setUp() {
        stub = StubServer.start(Math.max(16, concurrency * 2), Duration.ofMillis(latencyMillis));
        gateway = Gateways.on(stub, Map.of("broadcast.concurrency", Integer.toString(concurrency),
                "bulkhead.max-concurrent-calls", Integer.toString(Math.max(64, concurrency))), provider);
        to = new ArrayList<>(recipients);
        for (int i = 1; i <= recipients; i++) {
            to.add(Gateways.conversation(provider, i));
        }
        message = OutgoingMessage.text("Service notice: the depot closes at 18:00 today.");
        check(gateway.broadcast(to.subList(0, Math.min(recipients, concurrency * 4)), message));
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

    /** @return the broadcast's outcomes, all checked to be sent */
    @Benchmark
    public BroadcastResult broadcast() {
        BroadcastResult r = gateway.broadcast(to, message);
        check(r);
        if (StubStats.maxInFlight() > concurrency) {
            throw new IllegalStateException("The stub saw " + StubStats.maxInFlight() + " sends at once; the policy allows "
                    + concurrency);
        }
        return r;
    }

    private void check(BroadcastResult r) {
        if (!r.allSent()) {
            throw new IllegalStateException(r.failed().size() + " of " + r.outcomes().size() + " sends failed, first: "
                    + r.failed().get(0).error().getMessage());
        }
        Checks.noUnexpectedRequests(provider);
    }
}
