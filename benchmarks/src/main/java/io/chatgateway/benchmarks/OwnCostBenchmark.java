package io.chatgateway.benchmarks;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import io.chatgateway.MessageQuery;
import io.chatgateway.OutgoingMessage;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * The library's own cost per call, without a network: the gateway and the raw path ({@link RawClient}: a
 * {@code java.net.http} call plus Jackson's {@code readTree}) both run on the same {@link InMemoryHttpClient},
 * which hands back recorded answers on the calling thread. What differs between the two is the gateway's own
 * work: building the request, resilience, the error decoder, parsing, mapping to {@code Message}s, paging.
 *
 * <p>Allocation is exact and independent of the machine's load: the bytes every live thread of the JVM
 * allocated ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}) over a batch of calls. CPU is the
 * threads' CPU time over the batch (hot code, one calling thread); it does not count waiting for the CPU, so it
 * is much steadier than wall-clock time on a loaded machine, but it is not exact. Batches of the gateway and of
 * the raw path alternate, and the median batch is reported.
 *
 * <pre>java [-Downcost.providers=quickblox,...] -cp benchmarks.jar io.chatgateway.benchmarks.OwnCostBenchmark [--quick] [--out DIR]</pre>
 *
 * <p>{@code owncost.providers} (comma-separated) measures only those providers, e.g. while working on one adapter.
 */
public final class OwnCostBenchmark {

    /** Goal: own allocation of a send, bytes. */
    static final double SEND_BYTES_GOAL = 2048;
    /** Goal: own allocation of a page, bytes, plus {@link #MESSAGE_BYTES_GOAL} per message. */
    static final double PAGE_BYTES_GOAL = 2048;
    /** Goal: own allocation per message of a page, bytes. */
    static final double MESSAGE_BYTES_GOAL = 0.3 * 1024;
    /** Goal: own CPU of a send, µs. */
    static final double SEND_MICROS_GOAL = 3;
    /** Goal: own CPU of a page, µs, plus {@link #MESSAGE_MICROS_GOAL} per message. */
    static final double PAGE_MICROS_GOAL = 5;
    /** Goal: own CPU per message of a page, µs. */
    static final double MESSAGE_MICROS_GOAL = 0.5;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** What is called: {@code messages} (blocking), {@code messagesAsync} (joined), or {@code send}. */
    record Scenario(String provider, String call, int messages) {
        String label() {
            return call.equals("send") ? "send" : call + "(" + messages + ")";
        }

        double bytesGoal() {
            return call.equals("send") ? SEND_BYTES_GOAL : PAGE_BYTES_GOAL + MESSAGE_BYTES_GOAL * messages;
        }

        double microsGoal() {
            return call.equals("send") ? SEND_MICROS_GOAL : PAGE_MICROS_GOAL + MESSAGE_MICROS_GOAL * messages;
        }
    }

    /**
     * Per-call figures of one scenario: medians over the batches. Bytes count every live thread (exact: an allocation
     * on a pool thread is the gateway's too). {@code *Micros} is the calling thread's CPU time (the goal's "hot, one
     * thread": every call here runs on the caller's thread unless the gateway hands work off); {@code *OffMicros} is
     * the CPU time the gateway's other threads (pools, the deadline thread) used meanwhile — a hand-off's cost, which
     * counts in own; {@code gatewayJitMicros} is the JIT compiler's, which does not count (it shows the warm-up).
     */
    record Result(Scenario scenario, double gatewayBytes, double rawBytes, double gatewayMicros, double rawMicros,
                  double gatewayOffMicros, double rawOffMicros, double gatewayJitMicros) {
        double ownBytes() {
            return gatewayBytes - rawBytes;
        }

        double ownMicros() {
            return gatewayMicros + gatewayOffMicros - rawMicros - rawOffMicros;
        }
    }

    /** Calls per batch, warm-up calls, batches. */
    record Settings(int warmupCalls, int batchCalls, int batches) {
        static final Settings FULL = new Settings(30_000, 2_000, 15);
        static final Settings QUICK = new Settings(5_000, 500, 5);
    }

    private OwnCostBenchmark() {}

    /**
     * @param args {@code --quick} (shorter warm-up), {@code --out DIR} (also write {@code owncost.md} there)
     * @throws IOException when the table cannot be written
     */
    public static void main(String[] args) throws IOException {
        TableArgs cli = TableArgs.parse("OwnCostBenchmark", args);
        Settings settings = cli.quick() ? Settings.QUICK : Settings.FULL;
        List<Result> results = run(cli.select(scenarios()), settings, System.out);
        cli.print(table(results, settings), "owncost.md");
    }

    /**
     * @return every provider's (or those {@code -Downcost.providers} names) messages (10 and 100, blocking),
     *         messagesAsync (10) and send
     */
    static List<Scenario> scenarios() {
        List<Scenario> all = new ArrayList<>();
        String only = System.getProperty("owncost.providers", "navixy,smsbat,quickblox");
        for (String provider : only.split(",")) {
            all.add(new Scenario(provider, "messages", 10));
            all.add(new Scenario(provider, "messages", 100));
            all.add(new Scenario(provider, "messagesAsync", 10));
            all.add(new Scenario(provider, "send", 0));
        }
        return all;
    }

    /**
     * @param scenarios what to measure
     * @param settings  batch sizes
     * @param log       progress lines, or {@code null}
     * @return one result per scenario
     */
    static List<Result> run(List<Scenario> scenarios, Settings settings, PrintStream log) {
        if (!THREADS.isThreadAllocatedMemorySupported() || !THREADS.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure thread allocation and CPU time");
        }
        THREADS.setThreadAllocatedMemoryEnabled(true);
        THREADS.setThreadCpuTimeEnabled(true);
        List<Result> results = new ArrayList<>();
        try (StubServer stub = StubServer.start(4, Duration.ZERO)) {
            for (Scenario s : scenarios) {
                Result r = measure(stub, s, settings);
                results.add(r);
                if (log != null) {
                    log.printf(Locale.ROOT, "[owncost] %-9s %-17s gw %,9.0f B %7.2f µs (+%.2f off, %.2f jit) | raw %,9.0f B"
                                    + " %7.2f µs (+%.2f off)%n", s.provider(), s.label(), r.gatewayBytes(), r.gatewayMicros(),
                            r.gatewayOffMicros(), r.gatewayJitMicros(), r.rawBytes(), r.rawMicros(), r.rawOffMicros());
                }
            }
        }
        return results;
    }

    static Result measure(StubServer stub, Scenario s, Settings settings) {
        InMemoryHttpClient client = new InMemoryHttpClient(RawClient.newClient());
        try (ChatGateway gateway = Gateways.on(stub, client, s.provider())) {
            RawClient raw = new RawClient(stub, s.provider(), client);
            IntSupplier gw;
            IntSupplier rw;
            if (s.call().equals("send")) {
                ConversationRef to = Gateways.conversation(s.provider(), 10);
                OutgoingMessage message = OutgoingMessage.text("Please call the dispatcher when you arrive at the depot.");
                gw = () -> gateway.send(to, message).message().id().length();
                rw = () -> raw.send(to.id(), message.text()).size();
            } else {
                int n = s.messages();
                MessageQuery query = Gateways.allMessages(s.provider(), n, n);
                gw = s.call().equals("messages") ? () -> gateway.messages(query).items().size()
                        : () -> gateway.messagesAsync(query).join().items().size();
                rw = () -> raw.messages(n, n).size();
                Checks.sameMessages(gw.getAsInt(), raw.messages(n, n), n, s.provider());
            }
            Checks.noUnexpectedRequests(s.provider());
            warmUp(gw, rw, settings);
            double[][] gwFigures = new double[4][settings.batches()];
            double[][] rawFigures = new double[4][settings.batches()];
            for (int b = 0; b < settings.batches(); b++) {
                // alternate which path goes first, so that neither always runs right after a GC of the other's garbage
                if (b % 2 == 0) {
                    batch(gw, settings.batchCalls(), gwFigures, b);
                    batch(rw, settings.batchCalls(), rawFigures, b);
                } else {
                    batch(rw, settings.batchCalls(), rawFigures, b);
                    batch(gw, settings.batchCalls(), gwFigures, b);
                }
            }
            return new Result(s, median(gwFigures[0]), median(rawFigures[0]), median(gwFigures[1]),
                    median(rawFigures[1]), median(gwFigures[2]), median(rawFigures[2]), median(gwFigures[3]));
        }
    }

    /**
     * The warm-up calls, then more rounds until the JIT compiled nothing during a whole round (at most
     * {@link #MAX_EXTRA_WARMUP_ROUNDS}): on a loaded machine the compiler threads get little CPU, and a fixed
     * number of calls can end with the hot path still interpreted, which inflates its CPU time many times over.
     */
    private static void warmUp(IntSupplier gw, IntSupplier rw, Settings settings) {
        for (int i = 0; i < settings.warmupCalls(); i++) {
            gw.getAsInt();
            rw.getAsInt();
        }
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return;
        }
        for (int round = 0; round < MAX_EXTRA_WARMUP_ROUNDS; round++) {
            long compiled = jit.getTotalCompilationTime();
            for (int i = 0; i < settings.batchCalls(); i++) {
                gw.getAsInt();
                rw.getAsInt();
            }
            if (jit.getTotalCompilationTime() == compiled) {
                return;
            }
        }
    }

    /** Rounds of {@code batchCalls} calls per path after the warm-up, at most, while the JIT is still compiling. */
    static final int MAX_EXTRA_WARMUP_ROUNDS = 40;

    /**
     * Runs one batch; puts into {@code figures[*][slot]} per call: bytes (all threads), the caller's CPU µs, the CPU
     * µs of the other threads that count (see {@link #kind}), and the JIT compiler threads' CPU µs.
     */
    private static void batch(IntSupplier call, int calls, double[][] figures, int slot) {
        long self = Thread.currentThread().getId();
        long[] cpuBefore = otherCpu(self);
        long callerCpu = THREADS.getCurrentThreadCpuTime();
        long bytes = allocatedBytes(); // last before the calls and first after them: the bookkeeping's own garbage stays out
        int sink = 0;
        for (int i = 0; i < calls; i++) {
            sink += call.getAsInt();
        }
        bytes = allocatedBytes() - bytes;
        callerCpu = THREADS.getCurrentThreadCpuTime() - callerCpu;
        long[] cpuAfter = otherCpu(self);
        if (sink == Integer.MIN_VALUE) {
            System.out.print(""); // keeps the results alive
        }
        figures[0][slot] = bytes / (double) calls;
        figures[1][slot] = callerCpu / 1000.0 / calls;
        figures[2][slot] = Math.max(0, cpuAfter[0] - cpuBefore[0]) / 1000.0 / calls;
        figures[3][slot] = Math.max(0, cpuAfter[1] - cpuBefore[1]) / 1000.0 / calls;
    }

    /** @return bytes allocated so far by all live threads */
    private static long allocatedBytes() {
        long bytes = 0;
        for (long v : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
            bytes += Math.max(0, v);
        }
        return bytes;
    }

    /** @return CPU ns used so far by the live threads other than {@code self}: [counted, JIT] (harness threads left out) */
    private static long[] otherCpu(long self) {
        long[] ids = THREADS.getAllThreadIds();
        java.lang.management.ThreadInfo[] infos = THREADS.getThreadInfo(ids);
        long[] cpu = THREADS.getThreadCpuTime(ids);
        long[] sums = new long[2];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == self || infos[i] == null || cpu[i] < 0) {
                continue;
            }
            int kind = kind(infos[i].getThreadName());
            if (kind >= 0) {
                sums[kind] += cpu[i];
            }
        }
        return sums;
    }

    /**
     * @return 0 for a thread whose CPU counts as the gateway's (its pools, its deadline thread, the JVM's cleaner), 1 for
     *         the JIT compiler, -1 for the harness (the stub server and the real client that fetched each answer once)
     */
    static int kind(String thread) {
        if (thread.contains("CompilerThread") || thread.startsWith("Sweeper")) {
            return 1;
        }
        if (thread.startsWith("stub") || thread.startsWith("HTTP-Dispatcher") || thread.startsWith("idle-timeout-task")
                || thread.startsWith("HttpClient-")) {
            return -1;
        }
        return 0;
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }

    /** @return the results as a Markdown table with the goals */
    static String table(List<Result> results, Settings settings) {
        StringBuilder sb = new StringBuilder();
        sb.append("| provider | call | gw B/call | raw B/call | own B/call | goal B | gw µs | gw off µs | raw µs | own µs"
                + " | goal µs | goals |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            Scenario s = r.scenario();
            boolean bytesMet = r.ownBytes() <= s.bytesGoal();
            boolean cpuMet = r.ownMicros() <= s.microsGoal();
            sb.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | %,.0f | %,.0f | %.1f | %.1f | %.1f | %.1f"
                            + " | %.1f | %s |%n",
                    s.provider(), s.label(), r.gatewayBytes(), r.rawBytes(), r.ownBytes(), s.bytesGoal(),
                    r.gatewayMicros(), r.gatewayOffMicros(), r.rawMicros() + r.rawOffMicros(), r.ownMicros(),
                    s.microsGoal(), bytesMet && cpuMet ? "met" : "MISS" + (bytesMet ? "" : " bytes") + (cpuMet ? "" : " µs")));
        }
        sb.append(String.format(Locale.ROOT, "%n- In-memory HttpClient (recorded answers, no network); %,d warm-up calls per"
                + " path (more until the JIT is idle for a round), then %d alternating batches of %,d calls; medians.%n",
                settings.warmupCalls(), settings.batches(), settings.batchCalls()));
        sb.append("- B/call: bytes allocated by all live threads per call (exact). gw µs: the calling thread's CPU time"
                + " per call (hot, one thread); gw off µs: the CPU time of the gateway's other threads (pools, deadline"
                + " thread) per call, a hand-off's cost; raw µs: the raw path's, both together. JIT compiler, GC and the"
                + " stub's threads are not counted. own = gateway − raw.\n");
        sb.append("- Goals: own ≤ 2 KB per send and ≤ 2 KB + 0.3 KB per message per page; own CPU ≤ 3 µs per send and"
                + " ≤ 5 µs + 0.5 µs per message per page.\n");
        return sb.toString();
    }
}
