package io.chatgateway.benchmarks;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import io.chatgateway.MessageQuery;
import io.chatgateway.OutgoingMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * Wall-clock latency and throughput of the gateway against the raw path ({@link RawClient}) over real HTTP, with
 * the stub in its own JVM ({@link StubMain}, a child process on a free port), so that the client's JVM holds
 * only the client. The two paths run A/B interleaved in the same run: short rounds alternate gateway and raw
 * (each round starting with the other path), at 1 and 16 calling threads, and each path's latencies of all its
 * rounds make its percentiles; throughput is calls over the rounds' time. {@code messagesAsync} (joined by the
 * caller) is measured against the same raw call, to show what the asynchronous API's hand-off costs.
 *
 * <pre>java -cp benchmarks.jar io.chatgateway.benchmarks.WallClockBenchmark [--quick] [--out DIR]</pre>
 */
public final class WallClockBenchmark {

    /** Goal: gateway p50 / raw p50. */
    static final double P50_RATIO_GOAL = 1.05;
    /** Goal: gateway throughput / raw throughput. */
    static final double THROUGHPUT_RATIO_GOAL = 0.95;

    /**
     * Warm-up per path, rounds, each round's length per path, and the run's first warm-up: every provider's
     * {@code messages} and {@code send}, gateway and raw, before the first scenario (without it the first scenario
     * measured a cold stub JVM: Navixy {@code messages(10)}, the run's first, showed a raw p50 of 1 145 µs where the
     * very same raw call measured 266 µs two scenarios later).
     */
    record Settings(long warmupMillis, int rounds, long roundMillis, long jvmWarmupMillis) {
        static final Settings FULL = new Settings(3_000, 8, 500, 1_500);
        static final Settings QUICK = new Settings(1_000, 4, 250, 300);
    }

    /** One configuration: provider, call ({@code messages}, {@code messagesAsync}, {@code send}), calling threads. */
    record Scenario(String provider, String call, int threads) { }

    /**
     * Per call, over the measured rounds of one path: requests the stub answered, thread wake-ups in the client JVM
     * (voluntary context switches of all its threads, calling threads included: a thread hand-off or an extra wait
     * shows here whatever the load), the client JVM's CPU time (all threads, JIT and GC included), and the part of it
     * the JIT compiler threads used (a path still being compiled during the rounds pays for it here, not in its
     * own code).
     */
    record PerCall(double requests, double wakeUps, double cpuMicros, double jitMicros) { }

    /** The measured figures of one scenario. */
    record Result(Scenario scenario, double gatewayP50, double rawP50, double gatewayP99, double rawP99,
                  double gatewayOps, double rawOps, PerCall gateway, PerCall raw) {
        double p50Ratio() {
            return gatewayP50 / rawP50;
        }

        double throughputRatio() {
            return gatewayOps / rawOps;
        }
    }

    private WallClockBenchmark() {}

    /**
     * @param args {@code --quick} (shorter), {@code --out DIR} (also write {@code wallclock.md} there)
     * @throws Exception when the stub cannot start
     */
    public static void main(String[] args) throws Exception {
        // the stub's JDK HttpServer closes kept-alive connections; let both clients retry a POST that got no bytes
        System.setProperty("jdk.httpclient.enableAllMethodRetry", System.getProperty("jdk.httpclient.enableAllMethodRetry", "true"));
        TableArgs cli = TableArgs.parse("WallClockBenchmark", args);
        Settings settings = cli.quick() ? Settings.QUICK : Settings.FULL;
        List<Result> results = run(cli.select(scenarios()), settings, System.out);
        cli.print(table(results, settings), "wallclock.md");
    }

    /** @return every provider's messages(10) and send at 1 and 16 threads, and messagesAsync(10) at 1 thread */
    static List<Scenario> scenarios() {
        List<Scenario> all = new ArrayList<>();
        for (int threads : new int[] {1, 16}) {
            for (String provider : List.of("navixy", "smsbat", "quickblox")) {
                all.add(new Scenario(provider, "messages", threads));
                all.add(new Scenario(provider, "send", threads));
                if (threads == 1) {
                    all.add(new Scenario(provider, "messagesAsync", threads));
                }
            }
        }
        return all;
    }

    /**
     * @param scenarios what to run
     * @param settings  how long
     * @param log       progress, or {@code null}
     * @return the results
     * @throws IOException when the stub process cannot start
     */
    static List<Result> run(List<Scenario> scenarios, Settings settings, PrintStream log) throws IOException {
        List<Result> results = new ArrayList<>();
        try (ChildStub stub = ChildStub.start(32)) {
            warmUp(stub, settings);
            for (Scenario s : scenarios) {
                Result r = measure(stub, s, settings);
                results.add(r);
                if (log != null) {
                    log.printf(Locale.ROOT, "[wallclock] %-9s %-13s t=%-2d p50 gw %7.1f raw %7.1f µs (%.2f) | ops/s gw %,8.0f"
                                    + " raw %,8.0f (%.2f) | per call: requests %.2f/%.2f wake-ups %.2f/%.2f CPU %.1f/%.1f µs (JIT %.1f/%.1f)%n",
                            s.provider(), s.call(), s.threads(), r.gatewayP50(), r.rawP50(),
                            r.p50Ratio(), r.gatewayOps(), r.rawOps(), r.throughputRatio(), r.gateway().requests(),
                            r.raw().requests(), r.gateway().wakeUps(), r.raw().wakeUps(), r.gateway().cpuMicros(),
                            r.raw().cpuMicros(), r.gateway().jitMicros(), r.raw().jitMicros());
                }
            }
            String unexpected = stub.stop();
            if (unexpected != null && !unexpected.startsWith("UNEXPECTED 0")) {
                throw new IllegalStateException("the stub saw requests it could not answer: " + unexpected);
            }
        }
        return results;
    }

    /** Every provider's messages(10) and send, gateway and raw, one thread, before the first scenario. */
    private static void warmUp(ChildStub stub, Settings settings) {
        for (String provider : List.of("navixy", "smsbat", "quickblox")) {
            for (String call : List.of("messages", "send")) {
                Paths p = paths(stub::baseUri, new Scenario(provider, call, 1));
                try (p) {
                    round(p.gateway(), 1, settings.jvmWarmupMillis(), null, null);
                    round(p.raw(), 1, settings.jvmWarmupMillis(), null, null);
                }
            }
        }
    }

    /** The two paths of a scenario, and the gateway behind the first. */
    private record Paths(ChatGateway gatewayInstance, IntSupplier gateway, IntSupplier raw) implements AutoCloseable {
        @Override
        public void close() {
            gatewayInstance.close();
        }
    }

    private static Paths paths(Function<String, URI> bases, Scenario s) {
        ChatGateway gateway = Gateways.on(bases, s.provider());
        try {
            RawClient raw = new RawClient(bases, s.provider(), RawClient.newClient());
            int n = 10;
            IntSupplier gw;
            IntSupplier rw;
            if (s.call().equals("send")) {
                ConversationRef to = Gateways.conversation(s.provider(), n);
                OutgoingMessage message = OutgoingMessage.text("Please call the dispatcher when you arrive at the depot.");
                gw = () -> gateway.send(to, message).message().id().length();
                rw = () -> raw.send(to.id(), message.text()).size();
            } else {
                MessageQuery query = Gateways.allMessages(s.provider(), n, n);
                gw = s.call().equals("messages") ? () -> gateway.messages(query).items().size()
                        : () -> gateway.messagesAsync(query).join().items().size();
                rw = () -> raw.messages(n, n).size();
                Checks.sameMessages(gw.getAsInt(), raw.messages(n, n), n, s.provider());
            }
            return new Paths(gateway, gw, rw);
        } catch (RuntimeException e) {
            gateway.close();
            throw e;
        }
    }

    private static Result measure(ChildStub stub, Scenario s, Settings settings) {
        try (Paths p = paths(stub::baseUri, s)) {
            IntSupplier gw = p.gateway();
            IntSupplier rw = p.raw();
            Recorder gwRec = new Recorder();
            Recorder rawRec = new Recorder();
            round(gw, s.threads(), settings.warmupMillis(), null, null);
            round(rw, s.threads(), settings.warmupMillis(), null, null);
            for (int r = 0; r < settings.rounds(); r++) {
                if (r % 2 == 0) {
                    round(gw, s.threads(), settings.roundMillis(), gwRec, stub);
                    round(rw, s.threads(), settings.roundMillis(), rawRec, stub);
                } else {
                    round(rw, s.threads(), settings.roundMillis(), rawRec, stub);
                    round(gw, s.threads(), settings.roundMillis(), gwRec, stub);
                }
            }
            return new Result(s, gwRec.percentile(50), rawRec.percentile(50), gwRec.percentile(99), rawRec.percentile(99),
                    gwRec.opsPerSecond(), rawRec.opsPerSecond(), gwRec.perCall(), rawRec.perCall());
        }
    }

    /** @return the client JVM's CPU time so far (all threads), or -1 where the platform does not say */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }

    /** @return the CPU ns the JIT compiler threads of this JVM used so far (Linux {@code schedstat}), or -1 */
    private static long jitNanos() {
        java.nio.file.Path tasks = java.nio.file.Path.of("/proc/self/task");
        if (!java.nio.file.Files.isDirectory(tasks)) {
            return -1;
        }
        long sum = 0;
        try (java.nio.file.DirectoryStream<java.nio.file.Path> all = java.nio.file.Files.newDirectoryStream(tasks)) {
            for (java.nio.file.Path t : all) {
                try {
                    String name = java.nio.file.Files.readString(t.resolve("comm"));
                    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                        String schedstat = java.nio.file.Files.readString(t.resolve("schedstat"));
                        sum += Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended: its time is lost to both sides of the difference alike
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return sum;
    }

    /** @return the voluntary context switches of every live thread of this JVM so far (Linux), or -1 */
    private static long wakeUps() {
        java.nio.file.Path tasks = java.nio.file.Path.of("/proc/self/task");
        if (!java.nio.file.Files.isDirectory(tasks)) {
            return -1;
        }
        long sum = 0;
        try (java.nio.file.DirectoryStream<java.nio.file.Path> all = java.nio.file.Files.newDirectoryStream(tasks)) {
            for (java.nio.file.Path t : all) {
                long n = wakeUps(t.resolve("status"));
                sum += Math.max(0, n);
            }
        } catch (IOException e) {
            return -1;
        }
        return sum;
    }

    /** @return a thread's voluntary context switches from its {@code status} file, or -1 (e.g. it ended) */
    private static long wakeUps(java.nio.file.Path status) {
        try {
            for (String line : java.nio.file.Files.readAllLines(status)) {
                if (line.startsWith("voluntary_ctxt_switches:")) {
                    return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * Runs {@code call} on {@code threads} threads for {@code millis}, recording each call's latency and, when
     * {@code stub} is given, the per-call counts.
     */
    private static void round(IntSupplier call, int threads, long millis, Recorder into, ChildStub stub) {
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[][] latencies = new long[threads][];
        int[] counts = new int[threads];
        Thread[] workers = new Thread[threads];
        long[] window = new long[2];
        java.util.concurrent.atomic.AtomicLong callerWakeUps = new java.util.concurrent.atomic.AtomicLong();
        long requestsBefore = into == null || stub == null ? 0 : stub.requests();
        long wakeUpsBefore = into == null ? 0 : wakeUps();
        long cpuBefore = into == null ? 0 : processCpuNanos();
        long jitBefore = into == null ? 0 : jitNanos();
        for (int t = 0; t < threads; t++) {
            int slot = t;
            workers[t] = new Thread(() -> {
                long[] mine = new long[1 << 16];
                int count = 0;
                long ownWakeUps = -1;
                java.nio.file.Path self = java.nio.file.Path.of("/proc/thread-self/status");
                try {
                    start.await();
                    ownWakeUps = into == null ? -1 : wakeUps(self);
                    long end = window[1];
                    long now = System.nanoTime();
                    while (now < end) {
                        call.getAsInt();
                        long after = System.nanoTime();
                        if (count == mine.length) {
                            mine = Arrays.copyOf(mine, count * 2);
                        }
                        mine[count++] = after - now;
                        now = after;
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
                if (ownWakeUps >= 0) {
                    // the calling threads end with the round: count theirs before they do
                    long end = wakeUps(self);
                    callerWakeUps.addAndGet(end >= ownWakeUps ? end - ownWakeUps : 0);
                }
                latencies[slot] = mine;
                counts[slot] = count;
            }, "wallclock-" + t);
            workers[t].start();
        }
        window[0] = System.nanoTime();
        window[1] = window[0] + TimeUnit.MILLISECONDS.toNanos(millis);
        start.countDown();
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        long elapsed = System.nanoTime() - window[0];
        if (failure.get() != null) {
            throw new IllegalStateException("a call failed: " + failure.get(), failure.get());
        }
        if (into != null) {
            for (int t = 0; t < threads; t++) {
                into.add(latencies[t], counts[t]);
            }
            into.elapsed += elapsed;
            long cpuAfter = processCpuNanos();
            long wakeUpsAfter = wakeUps();
            into.requests += stub == null ? 0 : stub.requests() - requestsBefore;
            into.cpuNanos += cpuBefore < 0 || cpuAfter < 0 ? 0 : cpuAfter - cpuBefore;
            long jitAfter = jitNanos();
            into.jitNanos += jitBefore < 0 || jitAfter < 0 ? 0 : Math.max(0, jitAfter - jitBefore);
            into.wakeUps += wakeUpsBefore < 0 || wakeUpsAfter < 0 ? 0 : Math.max(0, wakeUpsAfter - wakeUpsBefore)
                    + callerWakeUps.get();
        }
    }

    /** Latencies and time of one path over all its rounds. */
    private static final class Recorder {
        private long[] all = new long[1 << 16];
        private int size;
        long elapsed;
        long requests;
        long wakeUps;
        long cpuNanos;
        long jitNanos;

        PerCall perCall() {
            return new PerCall(requests / (double) size, wakeUps / (double) size, cpuNanos / 1000.0 / size,
                    jitNanos / 1000.0 / size);
        }

        void add(long[] values, int count) {
            if (size + count > all.length) {
                all = Arrays.copyOf(all, Math.max(all.length * 2, size + count));
            }
            System.arraycopy(values, 0, all, size, count);
            size += count;
        }

        /** @return the percentile in µs */
        double percentile(double p) {
            long[] sorted = Arrays.copyOf(all, size);
            Arrays.sort(sorted);
            return sorted[Math.min(size - 1, (int) Math.floor(p / 100.0 * size))] / 1000.0;
        }

        double opsPerSecond() {
            return size / (elapsed / 1e9);
        }
    }

    /**
     * The stub in a child JVM ({@link StubMain}), shared with {@code OutboxBenchmark}; stopped (its input closed,
     * then destroyed if needed) on close.
     */
    static final class ChildStub implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;
        private final int port;

        private ChildStub(Process process, BufferedReader out, int port) {
            this.process = process;
            this.out = out;
            this.port = port;
        }

        static ChildStub start(int threads) throws IOException {
            return start(threads, 0);
        }

        /** @param latencyMillis fixed delay before each answer */
        static ChildStub start(int threads, long latencyMillis) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-Xms256m", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    StubMain.class.getName(), Integer.toString(threads), Long.toString(latencyMillis))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("PORT ")) {
                p.destroyForcibly();
                throw new IOException("the stub process did not start: " + line);
            }
            return new ChildStub(p, out, Integer.parseInt(line.substring(5).trim()));
        }

        URI baseUri(String provider) {
            return StubServer.baseUri(port, provider);
        }

        /** @return the requests the stub answered so far (asks it over its input, {@link StubMain}) */
        synchronized long requests() {
            try {
                process.getOutputStream().write("COUNT\n".getBytes(StandardCharsets.UTF_8));
                process.getOutputStream().flush();
                String line = out.readLine();
                if (line == null || !line.startsWith("REQUESTS ")) {
                    throw new IllegalStateException("the stub did not say how many requests it answered: " + line);
                }
                return Long.parseLong(line.substring("REQUESTS ".length()).trim());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** @return the stub's last line ({@code UNEXPECTED <n> ...}) after its input was closed */
        String stop() throws IOException {
            process.getOutputStream().close();
            String line = out.readLine();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return line;
        }

        @Override
        public void close() {
            try {
                process.getOutputStream().close();
            } catch (IOException ignored) {
                // already closed
            }
            if (process.isAlive()) {
                try {
                    if (!process.waitFor(5, TimeUnit.SECONDS)) {
                        process.destroyForcibly(); // only the process this benchmark started
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** @return the results as a Markdown table with the goals */
    static String table(List<Result> results, Settings settings) {
        StringBuilder sb = new StringBuilder();
        sb.append("| provider | call | callers | gw p50 µs | raw p50 µs | p50 ratio | gw p99 µs | raw p99 µs"
                + " | gw ops/s | raw ops/s | thrpt ratio | goals |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            Scenario s = r.scenario();
            boolean p50 = r.p50Ratio() <= P50_RATIO_GOAL;
            boolean ops = r.throughputRatio() >= THROUGHPUT_RATIO_GOAL;
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.2f | %.1f | %.1f | %,.0f | %,.0f | %.2f | %s |%n",
                    s.provider(), s.call().equals("send") ? "send" : s.call() + "(10)", s.threads(), r.gatewayP50(),
                    r.rawP50(), r.p50Ratio(), r.gatewayP99(), r.rawP99(), r.gatewayOps(), r.rawOps(), r.throughputRatio(),
                    p50 && ops ? "met" : "MISS" + (p50 ? "" : " p50") + (ops ? "" : " thrpt")));
        }
        sb.append(String.format(Locale.ROOT, "%n- Stub in its own JVM (child process, 127.0.0.1, free port); first every"
                        + " provider's messages(10) and send, gateway and raw, %.1f s each (JVMs warm before the first"
                        + " scenario); per scenario %.1f s warm-up per path, then %d alternating rounds of %.2f s per path"
                        + " (A/B interleaved).%n", settings.jvmWarmupMillis() / 1000.0,
                settings.warmupMillis() / 1000.0, settings.rounds(), settings.roundMillis() / 1000.0));
        sb.append("- raw = java.net.http call of the same URL/body + Jackson readTree; messagesAsync is the gateway's"
                + " async call joined by the caller, against the same raw call.\n");
        sb.append("- Goals: p50 ratio ≤ 1.05 and throughput ratio ≥ 0.95 at 1 and 16 callers.\n");
        sb.append("\nPer call, over the same measured rounds (counts, not times: they hold under load too):\n\n");
        sb.append("| provider | call | callers | gw requests | raw requests | gw wake-ups | raw wake-ups | gw CPU µs | raw CPU µs"
                + " | gw JIT µs | raw JIT µs |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            Scenario s = r.scenario();
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %.2f | %.2f | %.2f | %.2f | %.1f | %.1f | %.1f | %.1f |%n",
                    s.provider(), s.call().equals("send") ? "send" : s.call() + "(10)", s.threads(),
                    r.gateway().requests(), r.raw().requests(), r.gateway().wakeUps(), r.raw().wakeUps(),
                    r.gateway().cpuMicros(), r.raw().cpuMicros(), r.gateway().jitMicros(), r.raw().jitMicros()));
        }
        sb.append("\n- requests: answered by the stub per call; wake-ups: voluntary context switches of all client JVM"
                + " threads per call (calling threads included; Linux /proc, 0 elsewhere); CPU: the client JVM's CPU time"
                + " per call, all threads (JIT and GC included; the stub's JVM not); JIT: the part of that CPU the JIT compiler"
                + " threads used (Linux schedstat).\n");
        return sb.toString();
    }
}
