package io.chatgateway.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the JMH JSON files of a {@link Suite} run and prints one summary with every figure and ratio
 * against the goals; writes the same tables as Markdown to {@code summary.md} beside the results.
 *
 * <pre>java -cp benchmarks.jar io.chatgateway.benchmarks.Report [DIR]</pre>
 */
public final class Report {

    private static final String PKG = "io.chatgateway.benchmarks.";
    private static final double P50_RATIO_GOAL = 1.10;
    private static final double THRPT_RATIO_GOAL = 0.90;
    private static final double OWN_MICROS_GOAL = 10.0;
    private static final double OWN_BYTES_GOAL = 4096.0;

    private final List<Run> runs;
    private final Set<String> groups;
    private int missing;

    private Report(List<Run> runs, Set<String> groups) {
        this.runs = runs;
        this.groups = groups;
    }

    /**
     * @param args the results directory (default {@code benchmarks/results})
     * @throws IOException when the results cannot be read
     */
    public static void main(String[] args) throws IOException {
        int missing = print(Path.of(args.length > 0 ? args[0] : "benchmarks/results"), System.out);
        System.exit(missing == 0 ? 0 : 1);
    }

    /**
     * @param dir the results directory
     * @param out where to print
     * @return how many expected figures were missing
     * @throws IOException when the results cannot be read
     */
    static int print(Path dir, PrintStream out) throws IOException {
        List<Run> runs = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode all = mapper.readTree(f.toFile());
                all.forEach(n -> runs.add(Run.of(n)));
            }
        }
        Path groupsFile = dir.resolve("groups.txt");
        Set<String> groups = Files.exists(groupsFile) ? Set.copyOf(Files.readAllLines(groupsFile))
                : Set.of("owncost", "wallclock", "streaming", "fanout", "decode");
        Path modeFile = dir.resolve("mode.txt");
        String mode = Files.exists(modeFile) ? Files.readString(modeFile).trim() : "unknown";
        Report r = new Report(runs, groups);
        StringBuilder md = new StringBuilder();
        String header = r.header(mode);
        out.println(header);
        md.append(header.replace("\n", "  \n")).append("\n\n");
        List<Section> sections = new ArrayList<>();
        String[][] plain = {{"owncost", "owncost.md", "Own cost per call, no network (in-memory HttpClient)"},
            {"wallclock", "wallclock.md", "Wall clock: gateway vs raw HTTP + parse, stub in its own JVM"}};
        for (String[] g : plain) {
            if (!groups.contains(g[0])) {
                continue;
            }
            Path file = dir.resolve(g[1]);
            String title = g[2];
            if (Files.exists(file)) {
                String table = Files.readString(file);
                out.println(title);
                out.println("-".repeat(title.length()));
                out.println(table);
                md.append("### ").append(title).append("\n\n").append(table).append('\n');
            } else {
                r.missing++;
                out.println(title + ": MISSING (" + g[1] + " not written)");
            }
        }
        if (groups.contains("overhead")) {
            sections.add(r.overhead(mode.equals("quick")));
        }
        if (groups.contains("streaming")) {
            sections.add(r.streaming());
        }
        if (groups.contains("fanout")) {
            sections.add(r.fanOut());
        }
        if (groups.contains("decode")) {
            sections.add(r.decode());
        }
        for (Section s : sections) {
            out.println(s.title);
            out.println("-".repeat(s.title.length()));
            out.println(s.table.text());
            s.notes.forEach(n -> out.println("  " + n));
            out.println();
            md.append("### ").append(s.title).append("\n\n").append(s.table.markdown()).append('\n');
            s.notes.forEach(n -> md.append("- ").append(n).append('\n'));
            md.append('\n');
        }
        if (r.missing > 0) {
            out.println(r.missing + " expected figure(s) are missing: a benchmark failed; see jmh.log.");
            md.append("**").append(r.missing).append(" expected figure(s) are missing.**\n");
        }
        Files.writeString(dir.resolve("summary.md"), md.toString());
        return r.missing;
    }

    private String header(String mode) {
        String jdk = runs.isEmpty() ? System.getProperty("java.version") : runs.get(0).jdk;
        long memory = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize();
        }
        return String.format(Locale.ROOT, "chat-gateway benchmarks (%s run, JMH %s)%nmachine: %d CPUs (nproc), %.1f GiB RAM,"
                        + " %s %s, JDK %s", mode, runs.isEmpty() ? "?" : runs.get(0).jmh,
                Runtime.getRuntime().availableProcessors(), memory / (1024.0 * 1024 * 1024),
                System.getProperty("os.name"), System.getProperty("os.arch"), jdk);
    }

    // ------------------------------------------------------------------ sections

    private Section overhead(boolean quick) {
        Table t = new Table("provider", "call", "thr", "gw p50 µs", "raw p50 µs", "p50 ratio", "gw p99 µs", "raw p99 µs",
                "gw ops/s", "raw ops/s", "thrpt ratio", "own µs", "gw B/call", "raw B/call", "own B/call", "goals");
        boolean derived = false;
        for (int threads : new int[] {1, 16}) {
            for (String provider : new String[] {"navixy", "smsbat", "quickblox"}) {
                for (String call : new String[] {"Messages", "Send"}) {
                    Optional<Run> gs = find("OverheadBenchmark.gateway" + call, "sample", threads, Map.of("provider", provider));
                    Optional<Run> rs = find("OverheadBenchmark.raw" + call, "sample", threads, Map.of("provider", provider));
                    Optional<Run> gt = find("OverheadBenchmark.gateway" + call, "thrpt", threads, Map.of("provider", provider));
                    Optional<Run> rt = find("OverheadBenchmark.raw" + call, "thrpt", threads, Map.of("provider", provider));
                    if (gs.isEmpty() || rs.isEmpty()) {
                        missing++;
                        t.row(provider, call.toLowerCase(Locale.ROOT), Integer.toString(threads), "MISSING", "", "", "", "",
                                "", "", "", "", "", "", "", "");
                        continue;
                    }
                    double g50 = gs.get().percentileMicros("50.0");
                    double r50 = rs.get().percentileMicros("50.0");
                    double g99 = gs.get().percentileMicros("99.0");
                    double r99 = rs.get().percentileMicros("99.0");
                    double gOps;
                    double rOps;
                    String mark = "";
                    if (gt.isPresent() && rt.isPresent()) {
                        gOps = gt.get().opsPerSecond();
                        rOps = rt.get().opsPerSecond();
                    } else {
                        gOps = threads * 1e6 / gs.get().meanMicros();
                        rOps = threads * 1e6 / rs.get().meanMicros();
                        mark = "*";
                        derived = true;
                    }
                    double gB = (gt.isPresent() ? gt : gs).get().secondary("gc.alloc.rate.norm");
                    double rB = (rt.isPresent() ? rt : rs).get().secondary("gc.alloc.rate.norm");
                    double ownMicros = g50 - r50;
                    double ownBytes = gB - rB;
                    List<String> misses = new ArrayList<>();
                    if (g50 / r50 > P50_RATIO_GOAL) {
                        misses.add("p50");
                    }
                    if (gOps / rOps < THRPT_RATIO_GOAL) {
                        misses.add("thrpt");
                    }
                    if (threads == 1 && ownMicros > OWN_MICROS_GOAL) {
                        misses.add("µs");
                    }
                    if (ownBytes > OWN_BYTES_GOAL) {
                        misses.add("bytes");
                    }
                    t.row(provider, call.toLowerCase(Locale.ROOT), Integer.toString(threads), f1(g50), f1(r50),
                            f2(g50 / r50), f1(g99), f1(r99), f0(gOps) + mark, f0(rOps) + mark, f2(gOps / rOps) + mark,
                            f1(ownMicros) + (threads == 1 ? "" : " (q)"), f0(gB), f0(rB), f0(ownBytes),
                            misses.isEmpty() ? "ok" : "MISS " + String.join(",", misses));
                }
            }
        }
        List<String> notes = new ArrayList<>();
        notes.add("Goals: p50 ratio ≤ " + P50_RATIO_GOAL + ", throughput ratio ≥ " + THRPT_RATIO_GOAL + ", own work ≤ "
                + (int) OWN_MICROS_GOAL + " µs and ≤ " + (int) OWN_BYTES_GOAL + " B per call; own = gateway − raw per call.");
        notes.add("messages = first page of a " + param("OverheadBenchmark", "pageSize", "10")
                + "-message conversation; raw = java.net.http call of the same URL/body + Jackson readTree; stub in the same JVM.");
        notes.add("own µs is judged at 1 thread; at 16 threads on this machine the latency difference includes queueing"
                + " for the CPUs (q) and is shown for information.");
        notes.add("B/call is JMH gc.alloc.rate.norm, all threads of the JVM (client and stub); the stub's share cancels out"
                + " in own B/call.");
        if (derived) {
            notes.add("* throughput derived from SampleTime as threads / mean latency (quick mode does not run Throughput).");
        }
        return new Section("Overhead: gateway vs raw HTTP + parse", t, notes);
    }

    private Section streaming() {
        Table t = new Table("provider", "messages", "time s", "messages/s", "heap peak MB", "after-GC max MB",
                "after-GC last MB", "-Xmx MB", "GCs", "requests", "result");
        for (Run r : all("StreamingBenchmark.streamAll")) {
            double messages = Double.parseDouble(r.params.getOrDefault("messages", "0"));
            double seconds = r.seconds();
            t.row(r.params.get("provider"), f0(messages), f2(seconds), f0(messages / seconds), f1(r.secondary("heap.peak")),
                    f1(r.secondary("heap.afterGc.max")), f1(r.secondary("heap.afterGc.last")), f0(r.secondary("heap.max")),
                    f0(r.secondary("heap.collections")), f0(r.secondary("stub.requests")), "completed");
        }
        if (all("StreamingBenchmark.streamAll").isEmpty()) {
            missing++;
            t.row("—", "—", "—", "—", "—", "—", "—", "—", "—", "—", "MISSING (failed or not run)");
        }
        return new Section("Streaming: Page.stream() over generated messages, -Xmx64m", t, List.of(
                "One forked JVM with -Xmx64m holds the stub and the client; completing proves the stream does not accumulate.",
                "heap peak = sum of the heap pools' peaks (MemoryPoolMXBean), mostly young garbage; after-GC = heap in use"
                        + " right after each collection (GC notifications): flat and small while a million messages pass.",
                "Single shot without a warm-up iteration: the time includes JIT warm-up; the stub generates each"
                        + " page on the fly, so its work is in the time too."));
    }

    private Section fanOut() {
        Table t = new Table("provider", "recipients", "concurrency", "latency ms", "broadcast s", "one send ms",
                "sequential s (est.)", "speed-up", "max in flight", "bounded");
        List<Run> broadcasts = all("BroadcastBenchmark.broadcast");
        for (Run b : broadcasts) {
            String provider = b.params.get("provider");
            double recipients = Double.parseDouble(b.params.get("recipients"));
            int concurrency = Integer.parseInt(b.params.get("concurrency"));
            Optional<Run> seq = find("SequentialSendBenchmark.send", "avgt", 1,
                    Map.of("provider", provider, "latencyMillis", b.params.get("latencyMillis")));
            double oneSend = seq.map(Run::millis).orElse(Double.NaN);
            double sequential = oneSend * recipients / 1000;
            double maxInFlight = b.secondary("stub.maxInFlight");
            t.row(provider, f0(recipients), Integer.toString(concurrency), b.params.get("latencyMillis"), f2(b.seconds()),
                    f2(oneSend), f1(sequential), f1(sequential / b.seconds()) + "×", f0(maxInFlight),
                    maxInFlight <= concurrency ? "yes (≤ " + concurrency + ")" : "NO");
            if (seq.isEmpty()) {
                missing++;
            }
        }
        if (broadcasts.isEmpty()) {
            missing++;
            t.row("—", "—", "—", "—", "—", "—", "—", "—", "—", "MISSING (failed or not run)");
        }
        return new Section("Fan-out: broadcast on a provider without native broadcast", t, List.of(
                "sequential s is extrapolated: the average of one blocking send × recipients (SequentialSendBenchmark,"
                        + " a sample of " + sample("SequentialSendBenchmark.send") + " sends); 10 000 sequential sends were not run.",
                "concurrency = the account's broadcast.concurrency; max in flight = most requests the stub held at once.",
                "The account rate limit was raised to " + Gateways.RATE_LIMIT + "/s for this benchmark (SMSBAT's default is"
                        + " 100/s, which alone would make 10 000 sends take 100 s)."));
    }

    private Section decode() {
        Table t = new Table("path", "messages/s", "µs per 1 024-message page", "B/message");
        String[][] paths = {{"gatewayDecode", "gateway messages() via HTTP (parse + map)"},
            {"rawHttpParse", "raw HTTP + readTree"}, {"rawParse", "readTree of the same bytes, no HTTP"}};
        for (String[] p : paths) {
            Optional<Run> r = find("DecodeBenchmark." + p[0], "thrpt", 1, Map.of());
            if (r.isEmpty()) {
                missing++;
                t.row(p[1], "MISSING", "", "");
                continue;
            }
            double perSecond = r.get().opsPerSecond();
            t.row(p[1], f0(perSecond), f1(1024 / perSecond * 1e6), f0(r.get().secondary("gc.alloc.rate.norm")));
        }
        return new Section("Decode: 1 024-message Navixy list answer", t, List.of(
                "One operation = one message (1 024 per call)."));
    }

    // ------------------------------------------------------------------ lookup

    private String param(String benchmarkClass, String name, String fallback) {
        return runs.stream().filter(r -> r.benchmark.startsWith(PKG + benchmarkClass + "."))
                .map(r -> r.params.get(name)).filter(v -> v != null).findFirst().orElse(fallback);
    }

    private String sample(String benchmark) {
        return all(benchmark).stream().findFirst().map(r -> f0(r.samples)).orElse("?");
    }

    private List<Run> all(String benchmark) {
        return runs.stream().filter(r -> r.benchmark.equals(PKG + benchmark)).toList();
    }

    private Optional<Run> find(String benchmark, String mode, int threads, Map<String, String> params) {
        return runs.stream().filter(r -> r.benchmark.equals(PKG + benchmark) && r.mode.equals(mode) && r.threads == threads
                && params.entrySet().stream().allMatch(e -> e.getValue().equals(r.params.get(e.getKey())))).findFirst();
    }

    private static String f0(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String f1(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f2(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }

    // ------------------------------------------------------------------ model

    private record Section(String title, Table table, List<String> notes) { }

    /** One JMH result entry. */
    private record Run(String benchmark, String mode, int threads, Map<String, String> params, double score, String unit,
                       Map<String, Double> percentiles, Map<String, Double> secondary, String jdk, String jmh,
                       double samples) {

        static Run of(JsonNode n) {
            Map<String, String> params = new HashMap<>();
            n.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
            JsonNode pm = n.path("primaryMetric");
            Map<String, Double> pct = new HashMap<>();
            pm.path("scorePercentiles").fields().forEachRemaining(e -> pct.put(e.getKey(), e.getValue().asDouble()));
            Map<String, Double> sec = new HashMap<>();
            n.path("secondaryMetrics").fields().forEachRemaining(e -> sec.put(e.getKey(), e.getValue().path("score").asDouble()));
            return new Run(n.path("benchmark").asText(), n.path("mode").asText(), n.path("threads").asInt(), params,
                    pm.path("score").asDouble(), pm.path("scoreUnit").asText(), pct, sec,
                    n.path("jdkVersion").asText() + " (" + n.path("vmName").asText() + ")", n.path("jmhVersion").asText(),
                    samples(n));
        }

        /** @return operations measured, for average time: the measured time divided by the time per operation */
        private static double samples(JsonNode n) {
            JsonNode pm = n.path("primaryMetric");
            String time = n.path("measurementTime").asText("");
            double seconds = time.endsWith(" s") ? Double.parseDouble(time.replace(" s", "").trim())
                    : time.endsWith(" ms") ? Double.parseDouble(time.replace(" ms", "").trim()) / 1000 : Double.NaN;
            double perOp = pm.path("score").asDouble();
            String unit = pm.path("scoreUnit").asText();
            double opSeconds = unit.startsWith("ms") ? perOp / 1000 : unit.startsWith("us") ? perOp / 1e6 : perOp;
            return seconds * n.path("measurementIterations").asInt() / opSeconds;
        }

        double secondary(String name) {
            return secondary.getOrDefault(name, Double.NaN);
        }

        /** @return seconds per unit of the time/op score unit */
        private double unitSeconds() {
            String u = unit.contains("/op") ? unit.substring(0, unit.indexOf('/')) : unit.substring(unit.indexOf('/') + 1);
            return switch (u) {
                case "ns" -> 1e-9;
                case "us" -> 1e-6;
                case "ms" -> 1e-3;
                case "s" -> 1;
                case "min" -> 60;
                default -> throw new IllegalStateException("unknown unit " + unit);
            };
        }

        double percentileMicros(String p) {
            return percentiles.getOrDefault(p, Double.NaN) * unitSeconds() * 1e6;
        }

        double meanMicros() {
            return score * unitSeconds() * 1e6;
        }

        double seconds() {
            return score * unitSeconds();
        }

        double millis() {
            return score * unitSeconds() * 1e3;
        }

        double opsPerSecond() {
            return score / unitSeconds();
        }
    }

    /** A plain text and Markdown table. */
    private static final class Table {
        private final List<String[]> rows = new ArrayList<>();

        Table(String... header) {
            rows.add(header);
        }

        void row(String... cells) {
            rows.add(cells);
        }

        String text() {
            int[] w = new int[rows.get(0).length];
            for (String[] r : rows) {
                for (int i = 0; i < r.length; i++) {
                    w[i] = Math.max(w[i], r[i].length());
                }
            }
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < rows.size(); k++) {
                String[] r = rows.get(k);
                for (int i = 0; i < r.length; i++) {
                    boolean left = i < 2 || k == 0;
                    String cell = left ? pad(r[i], w[i], false) : pad(r[i], w[i], true);
                    sb.append(i == 0 ? "" : "  ").append(cell);
                }
                sb.append('\n');
            }
            return sb.toString();
        }

        String markdown() {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < rows.size(); k++) {
                sb.append("| ").append(String.join(" | ", rows.get(k))).append(" |\n");
                if (k == 0) {
                    sb.append("|").append("---|".repeat(rows.get(0).length)).append('\n');
                }
            }
            return sb.toString();
        }

        private static String pad(String s, int width, boolean right) {
            String fill = " ".repeat(width - s.length());
            return right ? fill + s : s + fill;
        }
    }
}
