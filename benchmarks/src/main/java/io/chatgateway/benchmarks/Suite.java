package io.chatgateway.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark in one go with settings that fit a 2-core machine (full: under 10 minutes;
 * {@code --quick}: under 2 minutes), writes one JMH JSON file per group and the JMH log into the output
 * directory, then prints the {@link Report}.
 *
 * <pre>java -jar benchmarks.jar [--quick] [--out DIR] [--only owncost,wallclock,overhead,streaming,fanout,decode]</pre>
 *
 * <p>By default every group but {@code overhead} runs: that one (JMH, the stub in the benchmark's own JVM) is
 * kept for comparison with earlier runs; {@code wallclock} measures the same with the stub in its own process.
 *
 * <p>Quick mode measures latency (SampleTime) only and derives throughput from it (threads / mean
 * latency), streams one provider and runs the fan-out at one concurrency; the report says so.
 */
public final class Suite {

    private Suite() {}

    /**
     * @param args see the class comment
     * @throws Exception when a run cannot start
     */
    public static void main(String[] args) throws Exception {
        // the stub's JDK HttpServer closes kept-alive connections; let both clients retry a POST that got no bytes
        System.setProperty("jdk.httpclient.enableAllMethodRetry", System.getProperty("jdk.httpclient.enableAllMethodRetry", "true"));
        boolean quick = false;
        Path out = Path.of("benchmarks", "results");
        Set<String> only = new LinkedHashSet<>(List.of("owncost", "wallclock", "streaming", "fanout", "decode"));
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(args[++i]);
                case "--only" -> only = new LinkedHashSet<>(List.of(args[++i].split(",")));
                default -> {
                    System.err.println("usage: java -jar benchmarks.jar [--quick] [--out DIR]"
                            + " [--only owncost,wallclock,overhead,streaming,fanout,decode]");
                    System.exit(2);
                }
            }
        }
        Files.createDirectories(out);
        try (var old = Files.newDirectoryStream(out, "*.json")) {
            for (Path p : old) {
                Files.delete(p);
            }
        }
        Files.deleteIfExists(out.resolve("jmh.log"));
        Files.deleteIfExists(out.resolve("owncost.md"));
        Files.deleteIfExists(out.resolve("wallclock.md"));
        Files.writeString(out.resolve("mode.txt"), quick ? "quick\n" : "full\n");
        Files.write(out.resolve("groups.txt"), only);
        long start = System.nanoTime();
        if (only.contains("owncost")) {
            // no network and no JMH fork: exact allocation on this JVM's threads (see OwnCostBenchmark)
            OwnCostBenchmark.Settings settings = quick ? OwnCostBenchmark.Settings.QUICK : OwnCostBenchmark.Settings.FULL;
            System.out.printf("[suite] %-18s ... ", "owncost");
            System.out.flush();
            long t0 = System.nanoTime();
            var results = OwnCostBenchmark.run(OwnCostBenchmark.scenarios(), settings, null);
            Files.writeString(out.resolve("owncost.md"), OwnCostBenchmark.table(results, settings));
            System.out.printf("%d result(s) in %.0f s%n", results.size(), (System.nanoTime() - t0) / 1e9);
        }
        if (only.contains("wallclock")) {
            // plain threads against a stub in a child JVM, A/B interleaved (see WallClockBenchmark)
            WallClockBenchmark.Settings settings = quick ? WallClockBenchmark.Settings.QUICK : WallClockBenchmark.Settings.FULL;
            System.out.printf("[suite] %-18s ... ", "wallclock");
            System.out.flush();
            long t0 = System.nanoTime();
            var results = WallClockBenchmark.run(WallClockBenchmark.scenarios(), settings, null);
            Files.writeString(out.resolve("wallclock.md"), WallClockBenchmark.table(results, settings));
            System.out.printf("%d result(s) in %.0f s%n", results.size(), (System.nanoTime() - t0) / 1e9);
        }
        List<Group> groups = groups(quick, only);
        for (Group g : groups) {
            run(g, out);
        }
        System.out.printf("%n[suite] all benchmarks took %.0f s; JMH log: %s%n%n",
                (System.nanoTime() - start) / 1e9, out.resolve("jmh.log"));
        int missing = Report.print(out, System.out);
        System.exit(missing == 0 ? 0 : 1);
    }

    private record Group(String name, ChainedOptionsBuilder options) { }

    private static List<Group> groups(boolean quick, Set<String> only) {
        List<Group> g = new ArrayList<>();
        if (only.contains("overhead")) {
            for (int threads : new int[] {1, 16}) {
                ChainedOptionsBuilder o = base().include(OverheadBenchmark.class.getName() + "\\.").threads(threads);
                if (quick) {
                    o.mode(Mode.SampleTime).warmupIterations(1).warmupTime(millis(500))
                            .measurementIterations(1).measurementTime(millis(500));
                } else {
                    o.warmupIterations(3).warmupTime(seconds(1)).measurementIterations(3).measurementTime(seconds(1));
                }
                g.add(new Group("overhead-t" + threads, o));
            }
        }
        if (only.contains("streaming")) {
            ChainedOptionsBuilder o = base().include(StreamingBenchmark.class.getName() + "\\.")
                    .warmupIterations(0).measurementIterations(1);
            if (quick) {
                o.param("provider", "navixy");
            }
            g.add(new Group("streaming", o));
        }
        if (only.contains("fanout")) {
            ChainedOptionsBuilder o = base().include(BroadcastBenchmark.class.getName() + "\\.")
                    .warmupIterations(0).measurementIterations(1)
                    .param("concurrency", quick ? new String[] {"64"} : new String[] {"8", "64"});
            g.add(new Group("fanout-broadcast", o));
            g.add(new Group("fanout-sequential", base().include(SequentialSendBenchmark.class.getName() + "\\.")
                    .warmupIterations(1).warmupTime(quick ? millis(500) : seconds(1))
                    .measurementIterations(quick ? 1 : 3).measurementTime(seconds(1))));
        }
        if (only.contains("decode")) {
            g.add(new Group("decode", base().include(DecodeBenchmark.class.getName() + "\\.")
                    .warmupIterations(quick ? 1 : 2).warmupTime(quick ? millis(500) : seconds(1))
                    .measurementIterations(quick ? 1 : 3).measurementTime(quick ? millis(500) : seconds(1))));
        }
        return g;
    }

    private static ChainedOptionsBuilder base() {
        return new OptionsBuilder()
                .forks(1)
                .shouldFailOnError(false)
                .addProfiler(GCProfiler.class)
                .addProfiler(BenchProfiler.class);
    }

    private static TimeValue millis(int ms) {
        return new TimeValue(ms, TimeUnit.MILLISECONDS);
    }

    private static TimeValue seconds(int s) {
        return new TimeValue(s, TimeUnit.SECONDS);
    }

    private static void run(Group g, Path out) throws RunnerException, IOException {
        Path json = out.resolve(g.name() + ".json");
        Path log = out.resolve("jmh.log");
        Path part = out.resolve(g.name() + ".log");
        long start = System.nanoTime();
        System.out.printf("[suite] %-18s ... ", g.name());
        System.out.flush();
        var results = new Runner(g.options().result(json.toString()).resultFormat(ResultFormatType.JSON)
                .output(part.toString()).build()).run();
        Files.writeString(log, Files.readString(part), java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        Files.delete(part);
        System.out.printf("%d result(s) in %.0f s%n", results.size(), (System.nanoTime() - start) / 1e9);
    }
}
