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

    /** Warm-up per path, rounds, and each round's length per path. */
    record Settings(long warmupMillis, int rounds, long roundMillis) {
        static final Settings FULL = new Settings(3_000, 8, 500);
        static final Settings QUICK = new Settings(1_000, 4, 250);
    }

    /** One configuration: provider, call ({@code messages}, {@code messagesAsync}, {@code send}), calling threads. */
    record Scenario(String provider, String call, int threads) { }

    /** The measured figures of one scenario. */
    record Result(Scenario scenario, double gatewayP50, double rawP50, double gatewayP99, double rawP99,
                  double gatewayOps, double rawOps) {
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
        List<Result> results = run(scenarios(), settings, System.out);
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
            for (Scenario s : scenarios) {
                Result r = measure(stub::baseUri, s, settings);
                results.add(r);
                if (log != null) {
                    log.printf(Locale.ROOT, "[wallclock] %-9s %-13s t=%-2d p50 gw %7.1f raw %7.1f µs (%.2f) | ops/s gw %,8.0f"
                                    + " raw %,8.0f (%.2f)%n", s.provider(), s.call(), s.threads(), r.gatewayP50(), r.rawP50(),
                            r.p50Ratio(), r.gatewayOps(), r.rawOps(), r.throughputRatio());
                }
            }
            String unexpected = stub.stop();
            if (unexpected != null && !unexpected.startsWith("UNEXPECTED 0")) {
                throw new IllegalStateException("the stub saw requests it could not answer: " + unexpected);
            }
        }
        return results;
    }

    private static Result measure(Function<String, URI> bases, Scenario s, Settings settings) {
        try (ChatGateway gateway = Gateways.on(bases, s.provider())) {
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
            Recorder gwRec = new Recorder();
            Recorder rawRec = new Recorder();
            round(gw, s.threads(), settings.warmupMillis(), null);
            round(rw, s.threads(), settings.warmupMillis(), null);
            for (int r = 0; r < settings.rounds(); r++) {
                if (r % 2 == 0) {
                    round(gw, s.threads(), settings.roundMillis(), gwRec);
                    round(rw, s.threads(), settings.roundMillis(), rawRec);
                } else {
                    round(rw, s.threads(), settings.roundMillis(), rawRec);
                    round(gw, s.threads(), settings.roundMillis(), gwRec);
                }
            }
            return new Result(s, gwRec.percentile(50), rawRec.percentile(50), gwRec.percentile(99), rawRec.percentile(99),
                    gwRec.opsPerSecond(), rawRec.opsPerSecond());
        }
    }

    /** Runs {@code call} on {@code threads} threads for {@code millis}, recording each call's latency. */
    private static void round(IntSupplier call, int threads, long millis, Recorder into) {
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[][] latencies = new long[threads][];
        int[] counts = new int[threads];
        Thread[] workers = new Thread[threads];
        long[] window = new long[2];
        for (int t = 0; t < threads; t++) {
            int slot = t;
            workers[t] = new Thread(() -> {
                long[] mine = new long[1 << 16];
                int count = 0;
                try {
                    start.await();
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
        }
    }

    /** Latencies and time of one path over all its rounds. */
    private static final class Recorder {
        private long[] all = new long[1 << 16];
        private int size;
        long elapsed;

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

    /** The stub in a child JVM; stopped (its input closed, then destroyed if needed) on close. */
    /** The stub in a child JVM ({@link StubMain}), shared with {@code OutboxBenchmark}. */
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
        sb.append(String.format(Locale.ROOT, "%n- Stub in its own JVM (child process, 127.0.0.1, free port); per scenario"
                        + " %.1f s warm-up per path, then %d alternating rounds of %.2f s per path (A/B interleaved).%n",
                settings.warmupMillis() / 1000.0, settings.rounds(), settings.roundMillis() / 1000.0));
        sb.append("- raw = java.net.http call of the same URL/body + Jackson readTree; messagesAsync is the gateway's"
                + " async call joined by the caller, against the same raw call.\n");
        sb.append("- Goals: p50 ratio ≤ 1.05 and throughput ratio ≥ 0.95 at 1 and 16 callers.\n");
        return sb.toString();
    }
}
