package io.chatgateway.benchmarks;

import io.chatgateway.ChatGateway;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * {@code Page.stream()} over a conversation of a million messages that the stub generates page by page,
 * in a JVM with a 64 MiB heap (stub included): it must complete, the live set must stay flat (see the
 * {@code heap.*} results of {@link BenchProfiler}), and the time per run gives messages per second.
 * Every message's id is checked to follow the previous one, so a skipped or repeated message fails the run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx64m"})
public class StreamingBenchmark {

    /** Which provider's paging. */
    @Param({"navixy", "quickblox"})
    public String provider;

    /** Messages in the conversation. */
    @Param({"1000000"})
    public int messages;

    private StubServer stub;
    private ChatGateway gateway;
    private MessageQuery query;

    /** Starts the stub and the gateway. */
    @Setup(Level.Trial)
    public void setUp() {
        stub = StubServer.start(4, Duration.ZERO);
        gateway = Gateways.on(stub, Map.of(), provider);
        query = Gateways.allMessages(provider, messages, 1024);
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

    /** @return the number of messages streamed */
    @Benchmark
    public long streamAll() {
        long n = 0;
        try (Stream<Message> all = gateway.messages(query).stream()) {
            for (Iterator<Message> it = all.iterator(); it.hasNext(); ) {
                Message m = it.next();
                n++;
                if (!StubData.sameIndex(provider, m.ref().id(), n - 1)) {
                    throw new IllegalStateException(provider + ": message " + n + " has id " + m.ref().id()
                            + "; a message was skipped or repeated");
                }
            }
        }
        if (n != messages) {
            throw new IllegalStateException(provider + ": streamed " + n + " messages, expected " + messages);
        }
        Checks.noUnexpectedRequests(provider);
        return n;
    }
}
