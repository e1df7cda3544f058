package io.chatgateway.benchmarks;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.outbox.Outbox;
import io.chatgateway.outbox.OutboxEntry;
import io.chatgateway.outbox.OutboxOptions;
import io.chatgateway.outbox.OutboxStatus;
import io.chatgateway.store.jdbc.JdbcStores;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Outbox throughput next to direct {@code send} in the same run: the stub in its own JVM ({@link StubMain}) answers
 * every send after a fixed latency (20 ms); direct sends run on {@value #CONCURRENCY} calling threads, the outbox
 * delivers with concurrency {@value #CONCURRENCY}. Per database (H2 file, embedded PostgreSQL): entries submitted
 * per second from {@value #SUBMITTERS} threads (the worker stopped) with each submit's latency, then delivered
 * per second by {@code drain}; every entry must end SENT, or the run fails.
 *
 * <pre>java -cp benchmarks.jar io.chatgateway.benchmarks.OutboxBenchmark [--messages N] [--warm-up N] [--only h2|postgresql] [--statements] [--out DIR]</pre>
 */
public final class OutboxBenchmark {

    static final int CONCURRENCY = 64;
    static final int SUBMITTERS = 16;
    static final long LATENCY_MILLIS = 20;
    /** Goals: outbox deliveries per second, absolute and as a share of direct sends per second. */
    static final double DELIVERED_GOAL = 500;
    static final double RATIO_GOAL = 0.5;

    private OutboxBenchmark() {}

    /**
     * One database's figures; CPU in microseconds per message: this JVM's (the gateway, and H2 in it) per direct
     * send, and per delivery of {@code drain} this JVM's plus the PostgreSQL server's (0 for H2). The stub's CPU
     * is left out (the same for both paths).
     */
    record Result(String database, double directPerSecond, double submittedPerSecond, double submitP50Millis,
                  double submitP99Millis, double deliveredPerSecond, double directCpuMicros, double deliveryCpuMicros,
                  double databaseCpuMicros) {
        double ratio() {
            return deliveredPerSecond / directPerSecond;
        }
    }

    /**
     * @param args {@code --messages N} (per measurement, default 3000), {@code --only h2} or {@code --only postgresql}
     *             (one database's rounds: a shorter run, e.g. to profile one of them), {@code --out DIR} (writes
     *             {@code outbox.md})
     * @throws Exception when the stub or a database cannot start, or a measurement finds a wrong outcome
     */
    public static void main(String[] args) throws Exception {
        System.setProperty("jdk.httpclient.enableAllMethodRetry", System.getProperty("jdk.httpclient.enableAllMethodRetry", "true"));
        int messages = 3000;
        Path out = null;
        String only = null;
        int warmUp = 1000;
        boolean statements = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--messages" -> messages = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--warm-up" -> warmUp = Integer.parseInt(args[++i]);
                case "--statements" -> statements = true;
                case "--only" -> only = args[++i].toLowerCase(Locale.ROOT);
                default -> {
                    System.err.println("usage: OutboxBenchmark [--messages N] [--warm-up N] [--only h2|postgresql] [--statements] [--out DIR]");
                    System.exit(2);
                }
            }
        }
        List<Result> results = new ArrayList<>();
        Path dir = Files.createTempDirectory("chatgw-outbox-bench");
        try (WallClockBenchmark.ChildStub stub = WallClockBenchmark.ChildStub.start(2 * CONCURRENCY, LATENCY_MILLIS);
             EmbeddedPostgres postgres = durable(EmbeddedPostgres.builder(), statements).start()) {
            if (!"postgresql".equals(only)) {
                warmUp(stub, dir, warmUp);
                try (JdbcStores h2 = JdbcStores.url("jdbc:h2:file:" + dir.resolve("measured"))) {
                    results.add(measure("H2 (file)", stub, h2, messages, () -> 0L));
                }
            }
            if (!"h2".equals(only)) {
                try (JdbcStores pg = JdbcStores.url(postgres.getJdbcUrl("postgres", "postgres"))) {
                    // the PostgreSQL driver's code is not warm after the H2 warm-up: one short round first (its
                    // entries stay SENT under their own keys and are not counted)
                    measure("warm-up PostgreSQL", stub, pg, warmUp, () -> 0L);
                    if (statements) {
                        resetStatements(pg);
                    }
                    results.add(measure("PostgreSQL (embedded)", stub, pg, messages, serverCpu(pg)));
                    if (statements) {
                        printStatements(pg, messages);
                    }
                }
            }
            String unexpected = stub.stop();
            if (unexpected != null && !unexpected.startsWith("UNEXPECTED 0")) {
                throw new IllegalStateException("the stub saw requests it could not answer: " + unexpected);
            }
        }
        String table = table(results, messages);
        System.out.println();
        System.out.println(table);
        if (out != null) {
            Files.createDirectories(out);
            Files.writeString(out.resolve("outbox.md"), table);
        }
    }

    /**
     * The embedded server as durable as a production one: io.zonky's defaults turn {@code fsync} and
     * {@code synchronous_commit} off, which no deployment relying on the outbox's guarantees may do (a commit
     * reported before it is on disk can be lost with the machine).
     *
     * @param statements whether to load {@code pg_stat_statements} (see {@link #printStatements})
     */
    private static EmbeddedPostgres.Builder durable(EmbeddedPostgres.Builder builder, boolean statements) {
        builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
        return statements ? builder.setServerConfig("shared_preload_libraries", "pg_stat_statements") : builder;
    }

    private static void resetStatements(JdbcStores stores) {
        try (java.sql.Connection c = stores.dataSource().getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            s.execute("SELECT pg_stat_statements_reset()");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("pg_stat_statements: " + e.getMessage(), e);
        }
    }

    /** Prints the server's statements since {@link #resetStatements}: calls, rows and time per delivery. */
    private static void printStatements(JdbcStores stores, int messages) {
        try (java.sql.Connection c = stores.dataSource().getConnection(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet r = s.executeQuery("SELECT calls, rows, total_exec_time, total_plan_time, query"
                     + " FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY total_exec_time + total_plan_time DESC LIMIT 12")) {
            System.out.println("[outbox] PostgreSQL statements of the measured round, per delivery: calls, rows,"
                    + " exec µs, plan µs, statement");
            while (r.next()) {
                String query = r.getString(5).replaceAll("\\s+", " ");
                System.out.printf(Locale.ROOT, "[outbox]   %6.3f %6.3f %8.1f %8.1f  %s%n", r.getLong(1) / (double) messages,
                        r.getLong(2) / (double) messages, r.getDouble(3) * 1e3 / messages, r.getDouble(4) * 1e3 / messages,
                        query.substring(0, Math.min(150, query.length())));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("pg_stat_statements: " + e.getMessage(), e);
        }
    }

    /** One short round of everything on a throw-away H2 database, so that the measured rounds run on compiled code. */
    private static void warmUp(WallClockBenchmark.ChildStub stub, Path dir, int messages) {
        try (JdbcStores h2 = JdbcStores.url("jdbc:h2:file:" + dir.resolve("warmup"))) {
            measure("warm-up", stub, h2, messages, () -> 0L);
        }
    }

    /**
     * @return the CPU time the PostgreSQL server behind {@code stores} used so far: its postmaster and the live
     *         backends (the pool's connections), read from the process table
     */
    private static LongSupplier serverCpu(JdbcStores stores) {
        long pid;
        try (java.sql.Connection c = stores.dataSource().getConnection();
             java.sql.ResultSet r = c.createStatement().executeQuery("SHOW data_directory")) {
            r.next();
            pid = Long.parseLong(Files.readAllLines(Path.of(r.getString(1), "postmaster.pid")).get(0).trim());
        } catch (java.sql.SQLException | IOException | RuntimeException e) {
            System.err.println("[outbox] PostgreSQL server CPU unknown: " + e);
            return () -> 0L;
        }
        return () -> ProcessHandle.of(pid).map(p -> java.util.stream.Stream.concat(Stream.of(p), p.descendants())
                .mapToLong(h -> h.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum()).orElse(0L);
    }

    private static Result measure(String database, WallClockBenchmark.ChildStub stub, JdbcStores stores, int messages,
                                  LongSupplier databaseCpu) {
        String run = database.substring(0, 2).toLowerCase(Locale.ROOT) + System.nanoTime();
        ConversationRef to = Gateways.conversation("navixy", 10);
        double direct;
        double directCpu;
        try (ChatGateway gateway = gateway(stub, null)) {
            long start = System.nanoTime();
            long cpu = InboxBenchmark.processCpuNanos();
            parallel(CONCURRENCY, messages, i -> gateway.send(to, OutgoingMessage.text(run + " direct " + i)));
            direct = messages / seconds(start);
            directCpu = (InboxBenchmark.processCpuNanos() - cpu) / 1e3 / messages;
        }
        try (ChatGateway gateway = gateway(stub, stores);
             Outbox outbox = gateway.outbox(OutboxOptions.defaults().withStore(stores.outbox()).withConcurrency(CONCURRENCY)
                     .withPollInterval(Duration.ofMillis(10)))) {
            long[] latencies = new long[messages];
            long start = System.nanoTime();
            parallel(SUBMITTERS, messages, i -> {
                long t = System.nanoTime();
                outbox.submit(to, OutgoingMessage.text(run + " outbox " + i).withIdempotencyKey(run + "-" + i));
                latencies[i] = System.nanoTime() - t;
            });
            double submitted = messages / seconds(start);
            long deliverStart = System.nanoTime();
            long cpu = InboxBenchmark.processCpuNanos();
            long dbCpu = databaseCpu.getAsLong();
            int delivered = outbox.drain(Duration.ofMinutes(30));
            double deliveredPerSecond = delivered / seconds(deliverStart);
            double databaseCpuMicros = (databaseCpu.getAsLong() - dbCpu) / 1e3 / Math.max(1, delivered);
            double deliveryCpu = (InboxBenchmark.processCpuNanos() - cpu) / 1e3 / Math.max(1, delivered) + databaseCpuMicros;
            List<OutboxEntry> sent = outbox.entries(OutboxStatus.SENT, 10_000);
            long ours = sent.stream().filter(e -> e.key().startsWith(run + "-")).count();
            if (delivered != messages || ours != messages) {
                throw new IllegalStateException(database + ": " + delivered + " delivered, " + ours + " SENT of "
                        + messages + "; not-SENT entries: " + outbox.entries(null, 10_000).stream()
                        .filter(e -> e.status() != OutboxStatus.SENT).limit(3).toList());
            }
            Arrays.sort(latencies);
            Result r = new Result(database, direct, submitted, latencies[messages / 2] / 1e6,
                    latencies[(int) (messages * 0.99)] / 1e6, deliveredPerSecond, directCpu, deliveryCpu, databaseCpuMicros);
            System.out.printf(Locale.ROOT, "[outbox] %-22s direct %,7.0f/s | submitted %,7.0f/s (p50 %.2f ms, p99 %.2f ms)"
                            + " | delivered %,7.0f/s (%.2f x direct) | CPU us: direct %.0f/send, delivery %.0f (database %.0f)%n",
                    database, r.directPerSecond(), r.submittedPerSecond(), r.submitP50Millis(), r.submitP99Millis(),
                    r.deliveredPerSecond(), r.ratio(), r.directCpuMicros(), r.deliveryCpuMicros(), r.databaseCpuMicros());
            return r;
        }
    }

    private static ChatGateway gateway(WallClockBenchmark.ChildStub stub, JdbcStores stores) {
        ChatGateway.Builder b = Gateways.builder(stub::baseUri, Map.of("bulkhead.max-concurrent-calls", "256"), "navixy");
        if (stores != null) {
            b.idempotencyStore(stores.idempotency());
        }
        return b.build();
    }

    /** Runs {@code call(0 … n-1)} on {@code threads} threads, each index once; rethrows the first failure. */
    private static void parallel(int threads, int n, IntConsumer call) {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(threads);
        Map<Integer, Boolean> seen = new ConcurrentHashMap<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    for (int i = next.getAndIncrement(); i < n && failure.get() == null; i = next.getAndIncrement()) {
                        call.accept(i);
                        seen.put(i, Boolean.TRUE);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }, "bench-" + t);
            worker.start();
        }
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a call failed: " + failure.get(), failure.get());
        }
        if (seen.size() != n) {
            throw new IllegalStateException(seen.size() + " of " + n + " calls ran");
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static String table(List<Result> results, int messages) {
        StringBuilder t = new StringBuilder();
        t.append("| database | direct send/s | submitted/s | submit p50 ms | submit p99 ms | delivered/s | delivered ÷ direct"
                + " | CPU µs per direct send | CPU µs per delivery (database part) | goals |\n");
        t.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            boolean met = r.deliveredPerSecond() >= DELIVERED_GOAL && r.ratio() >= RATIO_GOAL;
            t.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f | %.2f | %,.0f | %.2f | %.0f | %.0f (%.0f) | %s |%n",
                    r.database(), r.directPerSecond(), r.submittedPerSecond(), r.submitP50Millis(), r.submitP99Millis(),
                    r.deliveredPerSecond(), r.ratio(), r.directCpuMicros(), r.deliveryCpuMicros(), r.databaseCpuMicros(),
                    met ? "met" : "MISS"));
        }
        t.append(String.format(Locale.ROOT, "%n%,d messages per measurement, stub latency %d ms, concurrency %d (direct callers"
                + " and outbox), %d submitting threads; goals: delivered ≥ %.0f/s and ≥ %.1f× direct. CPU: this JVM's"
                + " (gateway; H2 runs in it) plus, for PostgreSQL, the server's postmaster and live backends; the stub's"
                + " is left out.%n", messages,
                LATENCY_MILLIS, CONCURRENCY, SUBMITTERS, DELIVERED_GOAL, RATIO_GOAL));
        return t.toString();
    }
}
