package io.chatgateway.benchmarks;

import io.chatgateway.ChatGateway;
import io.chatgateway.inbox.Inbox;
import io.chatgateway.inbox.InboxEvent;
import io.chatgateway.inbox.InboxEventType;
import io.chatgateway.inbox.InboxOptions;
import io.chatgateway.inbox.InboxStart;
import io.chatgateway.inbox.InboxSubscription;
import io.chatgateway.store.InboxStore;
import io.chatgateway.store.jdbc.JdbcStores;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The inbox (#14), measured with real clocks against the provider simulators in a child JVM
 * ({@link InboxSimulatorsMain}), so this JVM holds only the gateway:
 * <ul>
 *   <li>{@code lag [seconds]}: 3 accounts (Navixy, SMSBAT, QuickBlox) × 1 000 conversations, 10 of each
 *       (1 %) get messages through the simulators' admin endpoint, 3 per second in all; the inbox polls every
 *       second (fixed). Detection lag = admin call answered (message stored) → handler called, p50/p99. Three
 *       idle accounts (Navixy 300 trackers, SMSBAT 1 000 chats, QuickBlox 1 000 dialogs) in the same gateway
 *       give the requests per idle minute, counted at the simulators.</li>
 *   <li>{@code drain [messages]}: one Navixy account with a backlog (100 trackers × 1 000 messages by default)
 *       read from the earliest with the H2 (file) store in push mode; events per second, and the heap after GC
 *       sampled as it drains (run it with {@code -Xmx128m}), and the CPU time per event of both JVMs (whole
 *       drain and after the first fifth, when the JIT has warmed up) and of the gateway's threads.
 *       {@code drain-pull}: the same through {@code poll}/{@code commit} on the caller's thread.</li>
 * </ul>
 * <pre>java -Xmx128m -cp benchmarks/target/benchmarks.jar io.chatgateway.benchmarks.InboxBenchmark drain</pre>
 */
public final class InboxBenchmark {

    private static final PrintStream OUT = System.out;

    private InboxBenchmark() {}

    /**
     * @param args {@code lag [seconds]} or {@code drain [messages]}
     * @throws Exception on a failure (the benchmark fails rather than measuring errors)
     */
    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "lag";
        if (mode.equals("drain") || mode.equals("drain-pull")) {
            drain(args.length > 1 ? Integer.parseInt(args[1]) : 100_000, mode.equals("drain-pull"));
        } else {
            lag(args.length > 1 ? Integer.parseInt(args[1]) : 60);
        }
    }

    // ------------------------------------------------------------------ lag and idle cost

    private static void lag(int seconds) throws Exception {
        try (Child child = Child.start("-Xmx768m", "lag")) {
            try (ChatGateway gateway = ChatGateway.builder().properties(child.properties).build()) {
                Map<String, Long> sent = new ConcurrentHashMap<>();
                Map<String, Long> lags = new ConcurrentHashMap<>();
                Duration interval = Duration.ofSeconds(1);
                Inbox inbox = gateway.inbox(InboxOptions.builder().store(InboxStore.inMemory()).start(InboxStart.now())
                        .pollInterval(interval).minPollInterval(interval).maxPollInterval(interval).parallelism(8).build());
                InboxSubscription sub = inbox.start(e -> {
                    long now = System.nanoTime();
                    if (e.type() == InboxEventType.MESSAGE_RECEIVED && e.message().text() != null) {
                        Long t0 = sent.get(e.message().text());
                        if (t0 != null) {
                            lags.putIfAbsent(e.message().text(), now - t0);
                        }
                    }
                });
                Thread.sleep(10_000); // first scans (baselines of 6 000 conversations) and JIT
                child.command("CLEAR");
                long from = System.nanoTime();
                HttpClient http = HttpClient.newHttpClient();
                List<String> busy = List.of("navixy", "smsbat", "quickblox");
                int n = 0;
                long end = from + TimeUnit.SECONDS.toNanos(seconds);
                while (System.nanoTime() < end) {
                    String account = busy.get(n % busy.size());
                    List<String> ids = child.active.get(account);
                    String text = "lag-" + n;
                    String body = "{\"conversation\":\"" + ids.get(ThreadLocalRandom.current().nextInt(ids.size()))
                            + "\",\"text\":\"" + text + "\"}";
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(child.admin.get(account).resolve("inbound"))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("admin inbound answered " + r.statusCode() + ": " + r.body());
                    }
                    sent.put(text, System.nanoTime());
                    n++;
                    Thread.sleep(333);
                }
                Thread.sleep(5_000); // the last ones
                Map<String, Long> counts = child.counts();
                double minutes = (System.nanoTime() - from) / 60e9;
                sub.close();
                inbox.close();
                long[] ms = lags.values().stream().mapToLong(x -> x / 1_000_000).sorted().toArray();
                OUT.printf(Locale.ROOT, "inbox lag: %d messages sent, %d seen, interval %s, 3 accounts x 1000 conversations,"
                        + " 10 active each%n", n, ms.length, interval);
                if (ms.length > 0) {
                    OUT.printf(Locale.ROOT, "  lag ms: p50 %d  p90 %d  p99 %d  max %d  (goal p99 <= %d)%n", pct(ms, 50),
                            pct(ms, 90), pct(ms, 99), ms[ms.length - 1], interval.toMillis() + 300);
                    for (int a = 0; a < busy.size(); a++) {
                        int account = a;
                        long[] one = lags.entrySet().stream()
                                .filter(x -> Integer.parseInt(x.getKey().substring(4)) % busy.size() == account)
                                .mapToLong(x -> x.getValue() / 1_000_000).sorted().toArray();
                        if (one.length > 0) {
                            OUT.printf(Locale.ROOT, "    %-10s p50 %d  p99 %d  max %d  (%d messages)%n", busy.get(a),
                                    pct(one, 50), pct(one, 99), one[one.length - 1], one.length);
                        }
                    }
                }
                OUT.printf(Locale.ROOT, "requests per minute over %.2f min (polls at 1 s: %.0f a minute):%n", minutes, 60.0);
                counts.forEach((k, v) -> OUT.printf(Locale.ROOT, "  %-15s %7.1f per minute  %5.2f per poll%n", k, v / minutes,
                        v / minutes / 60));
                if (ms.length < n) {
                    throw new IllegalStateException((n - ms.length) + " messages were never seen");
                }
            }
        }
    }

    private static long pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    // ------------------------------------------------------------------ backlog drain

    private static void drain(int messages, boolean pull) throws Exception {
        int conversations = 100;
        int per = messages / conversations;
        Path dir = Files.createTempDirectory("chatgw-inbox-drain");
        try (Child child = Child.start("-Xmx1g", "drain", Integer.toString(messages), Integer.toString(conversations));
             ChatGateway gateway = ChatGateway.builder().properties(child.properties).build()) {
            JdbcStores stores = JdbcStores.h2("jdbc:h2:file:" + dir.resolve("inbox").toAbsolutePath());
            BitSet seen = new BitSet(messages);
            AtomicLong events = new AtomicLong();
            AtomicLong duplicates = new AtomicLong();
            AtomicLong distinct = new AtomicLong();
            List<String> heap = new ArrayList<>();
            long[] maxHeap = {0};
            long total = conversations * (long) per;
            Object done = new Object();
            Inbox inbox = gateway.inbox(InboxOptions.builder().store(stores.inbox()).start(InboxStart.earliest())
                    .batchSize(500).build());
            long from = System.nanoTime();
            long cpuFrom = processCpuNanos();
            long childCpuFrom = child.cpuNanos();
            long warm = total / 5; // the CPU after the first fifth of the events: JIT warm-up mostly done
            long[] warmCpu = new long[3];
            java.util.function.Consumer<InboxEvent> handler = e -> {
                int[] ci = parse(e);
                long c = events.incrementAndGet();
                int cardinality = -1;
                if (ci != null) {
                    int index = ci[0] * per + ci[1];
                    synchronized (seen) {
                        if (seen.get(index)) {
                            duplicates.incrementAndGet();
                        } else {
                            seen.set(index);
                            cardinality = distinct.incrementAndGet() == total ? (int) total : -1;
                        }
                    }
                }
                if (c == warm) {
                    synchronized (warmCpu) {
                        warmCpu[0] = processCpuNanos();
                        warmCpu[1] = child.cpuNanos();
                        warmCpu[2] = System.nanoTime();
                    }
                }
                if (c % 10_000 == 0) {
                    long used = heapAfterGc();
                    synchronized (heap) {
                        maxHeap[0] = Math.max(maxHeap[0], used);
                        heap.add(String.format(Locale.ROOT, "%dk:%.1fMB", c / 1000, used / 1048576.0));
                    }
                }
                if (cardinality == total) {
                    synchronized (done) {
                        done.notifyAll();
                    }
                }
            };
            InboxSubscription sub = null;
            if (pull) {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                while (distinct.get() < total && System.nanoTime() < deadline) {
                    io.chatgateway.inbox.InboxBatch b = inbox.poll(Duration.ofSeconds(1));
                    b.events().forEach(handler);
                    b.commit();
                }
            } else {
                sub = inbox.start(handler::accept);
            }
            synchronized (done) {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                while (distinct.get() < total && System.nanoTime() < deadline) {
                    done.wait(1000);
                }
            }
            long endNanos = System.nanoTime();
            double secs = (endNanos - from) / 1e9;
            long cpuEnd = processCpuNanos();
            long childCpuEnd = child.cpuNanos();
            long cpu = cpuEnd - cpuFrom;
            long childCpu = childCpuEnd - childCpuFrom;
            Map<String, Long> byThreads = threadCpuNanos(); // before the pools end
            if (sub != null) {
                sub.close();
            }
            inbox.close();
            stores.close();
            long max = Runtime.getRuntime().maxMemory();
            OUT.printf(Locale.ROOT, "inbox drain (%s): %d events (%d messages in %d conversations, batch 500; the rest are"
                    + " CONVERSATION_UPDATED) in %.2f s = %.0f events/s (goal >= 20000); duplicates %d; missing %d%n",
                    pull ? "pull: poll/commit" : "push: start(handler)", events.get(), total, conversations, secs,
                    events.get() / secs, duplicates.get(), total - seen.cardinality());
            OUT.printf(Locale.ROOT, "  CPU while draining: gateway JVM %.2f s = %.1f us/event (JIT and GC included);"
                    + " simulator JVM %.2f s = %.1f us/event%n", cpu / 1e9, cpu / 1e3 / events.get(), childCpu / 1e9,
                    childCpu / 1e3 / events.get());
            synchronized (warmCpu) {
                long rest = events.get() - warm;
                OUT.printf(Locale.ROOT, "  CPU after the first %d events (warm): gateway JVM %.1f us/event, simulator JVM %.1f us/event,"
                        + " %.0f events/s%n", warm, (cpuEnd - warmCpu[0]) / 1e3 / rest, (childCpuEnd - warmCpu[1]) / 1e3 / rest,
                        rest / ((endNanos - warmCpu[2]) / 1e9));
            }
            OUT.printf(Locale.ROOT, "  gateway CPU by thread (us/event, whole run; the rest of the process is GC/JIT): %s%n",
                    byThreads.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                            .map(x -> String.format(Locale.ROOT, "%s %.1f", x.getKey(), x.getValue() / 1e3 / events.get()))
                            .collect(java.util.stream.Collectors.joining(", ")));
            OUT.printf(Locale.ROOT, "  -Xmx %.0f MB; heap after GC every 10k events: %s; max %.1f MB%n", max / 1048576.0,
                    String.join(" ", heap), maxHeap[0] / 1048576.0);
            if (seen.cardinality() < total) {
                throw new IllegalStateException("not every message was delivered");
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** @return {conversation, index} of a backlog message {@code b-<c>-<i>}, or null */
    private static int[] parse(InboxEvent e) {
        if (e.type() != InboxEventType.MESSAGE_RECEIVED || e.message().text() == null || !e.message().text().startsWith("b-")) {
            return null;
        }
        String text = e.message().text();
        int dash = text.indexOf('-', 2); // no split or regex: the handler's own cost stays out of the measure
        return new int[] {Integer.parseInt(text, 2, dash, 10), Integer.parseInt(text, dash + 1, text.length(), 10)};
    }

    /** @return CPU time this JVM used so far (all threads, JIT and GC included), or 0 when unknown */
    static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? Math.max(0, os.getProcessCpuTime()) : 0;
    }

    /** @return CPU time of this JVM's live threads, summed by name with the digits dropped (pools add up) */
    private static Map<String, Long> threadCpuNanos() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> m = new java.util.HashMap<>();
        for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            long ns = t == null ? -1 : mx.getThreadCpuTime(t.getThreadId());
            if (ns > 0) {
                m.merge(t.getThreadName().replaceAll("[0-9]+", "N"), ns, Long::sum);
            }
        }
        return m;
    }

    /** @return heap used after the last collection, summed over the heap pools (what stays live) */
    private static long heapAfterGc() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                used += pool.getCollectionUsage().getUsed();
            }
        }
        return used;
    }

    // ------------------------------------------------------------------ the child JVM

    /** {@link InboxSimulatorsMain} in a child JVM; stopped by closing its input. */
    private static final class Child implements AutoCloseable {
        final Process process;
        final BufferedReader out;
        final Properties properties = new Properties();
        final Map<String, URI> admin = new LinkedHashMap<>();
        final Map<String, List<String>> active = new LinkedHashMap<>();

        private Child(Process process) {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        static Child start(String heap, String... args) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = new ArrayList<>(List.of(java, heap, "-cp", System.getProperty("java.class.path"),
                    InboxSimulatorsMain.class.getName()));
            command.addAll(Arrays.asList(args));
            Child c = new Child(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
            for (String line = c.out.readLine(); ; line = c.out.readLine()) {
                if (line == null) {
                    c.close();
                    throw new IOException("the simulators' process ended before READY");
                }
                if (line.equals("READY")) {
                    return c;
                }
                String[] parts = line.split(" ");
                switch (parts[0]) {
                    case "SIM" -> {
                        for (int i = 2; i < parts.length; i++) {
                            int eq = parts[i].indexOf('=');
                            c.properties.setProperty(parts[i].substring(0, eq), parts[i].substring(eq + 1));
                        }
                    }
                    case "ADMIN" -> c.admin.put(parts[1], URI.create(parts[2]));
                    case "ACTIVE" -> c.active.put(parts[1], parts.length > 2 ? List.of(parts[2].split(",")) : List.of());
                    default -> { }
                }
            }
        }

        /** @return CPU time the child used so far, or 0 when the platform does not tell */
        long cpuNanos() {
            return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        }

        String command(String line) throws IOException {
            process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
            return out.readLine();
        }

        Map<String, Long> counts() throws IOException {
            Map<String, Long> m = new LinkedHashMap<>();
            String line = command("COUNTS");
            for (String kv : line.substring("COUNTS ".length()).split(" ")) {
                int eq = kv.indexOf('=');
                m.put(kv.substring(0, eq), Long.parseLong(kv.substring(eq + 1)));
            }
            return m;
        }

        @Override
        public void close() {
            try {
                process.getOutputStream().close();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (IOException | InterruptedException e) {
                process.destroyForcibly();
            }
        }
    }
}
