package io.chatgateway.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Base of the provider simulators: a real HTTP server (JDK {@code HttpServer}) on the loopback address,
 * a free port by default, that records every request and can inject {@link Fault}s before its normal
 * answer. Subclasses implement {@link #handle(RecordedRequest)} with the provider's routes and state. A
 * subclass that is a {@link ProviderSimulator} also answers its admin endpoints ({@code /_chatgw/...}, see
 * there), which are neither recorded nor faulted.
 *
 * <p>Thread-safe: requests are served concurrently; subclasses guard their own state.
 */
public abstract class SimulatorServer implements AutoCloseable {

    static {
        // without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK:
        // ~40 ms per request. Read once, when the JDK server classes initialise; an explicit setting wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** Largest request body accepted. */
    public static final int MAX_REQUEST_BYTES = 32 * 1024 * 1024;

    /**
     * A normal answer.
     *
     * @param status  HTTP status
     * @param headers headers
     * @param body    body bytes
     */
    public record Response(int status, Map<String, String> headers, byte[] body) {

        /**
         * @param status status
         * @param json JSON text
         * @return a JSON answer
         */
        public static Response json(int status, String json) {
            return new Response(status, Map.of("Content-Type", "application/json; charset=utf-8"),
                    json.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * @param status status
         * @param text plain text
         * @return a text answer
         */
        public static Response text(int status, String text) {
            return new Response(status, Map.of("Content-Type", "text/plain; charset=utf-8"),
                    text.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * @param status status
         * @return an answer without a body
         */
        public static Response empty(int status) {
            return new Response(status, Map.of(), new byte[0]);
        }
    }

    private record PendingFault(String pathPrefix, Fault fault) { }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<Long> arrivals = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<PendingFault> faults = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requestCount = new AtomicInteger();

    /**
     * Starts the server.
     *
     * @param port the port, 0 for a free one
     */
    protected SimulatorServer(int port) {
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the simulator on port " + port, e);
        }
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, getClass().getSimpleName() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    /**
     * Handles one request with the provider's behaviour.
     *
     * @param request the request
     * @return the answer
     */
    protected abstract Response handle(RecordedRequest request);

    /** @return the path prefix of the API below the host, e.g. {@code /v2}; empty by default */
    protected String basePath() {
        return "";
    }

    /** @return the port the server listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return {@code http://127.0.0.1:<port><basePath>} */
    public URI baseUri() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":" + port() + basePath());
    }

    /** @return every request received so far, in order */
    public List<RecordedRequest> requests() {
        return Collections.unmodifiableList(new ArrayList<>(requests));
    }

    /** @return how many requests arrived so far */
    public int requestCount() {
        return requestCount.get();
    }

    /**
     * @param window the window, e.g. one second
     * @return the most requests that arrived within any window of this length (real time), since the last clear
     */
    public int maxRequestsWithin(java.time.Duration window) {
        List<Long> times = new ArrayList<>(arrivals);
        Collections.sort(times);
        int max = 0;
        int from = 0;
        for (int to = 0; to < times.size(); to++) {
            while (times.get(to) - times.get(from) >= window.toNanos()) {
                from++;
            }
            max = Math.max(max, to - from + 1);
        }
        return max;
    }

    /** Forgets the recorded requests and resets the count. */
    public void clearRequests() {
        arrivals.clear();
        requests.clear();
        requestCount.set(0);
    }

    /**
     * Queues a fault for the next request whose path starts with {@code pathPrefix}.
     *
     * @param pathPrefix path prefix (below the host, e.g. {@code /v2/tracker/chat/send}), or {@code null} for any request
     * @param fault      the fault
     */
    public void inject(@Nullable String pathPrefix, Fault fault) {
        faults.add(new PendingFault(pathPrefix, fault));
    }

    /**
     * @param pathPrefix path prefix
     * @param fault      the fault
     * @param times      how many consecutive matching requests get it
     */
    public void inject(@Nullable String pathPrefix, Fault fault, int times) {
        for (int i = 0; i < times; i++) {
            inject(pathPrefix, fault);
        }
    }

    /** Drops every queued fault. */
    public void clearFaults() {
        faults.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try {
            RecordedRequest request = record(exchange);
            if (request.path().startsWith(SimulatorAdmin.PREFIX) && this instanceof ProviderSimulator simulator) {
                // the admin endpoints: not the provider's traffic, so neither recorded nor faulted
                write(exchange, SimulatorAdmin.handle(simulator, request));
                return;
            }
            requests.add(request);
            arrivals.add(System.nanoTime());
            requestCount.incrementAndGet();
            Fault fault = takeFault(request.path());
            if (fault instanceof Fault.Pass) {
                fault = null;
            }
            if (fault instanceof Fault.Delay d) {
                sleep(d.delay().toMillis());
                fault = null;
            }
            if (fault instanceof Fault.Drop) {
                exchange.close();
                return;
            }
            if (fault instanceof Fault.Respond r) {
                write(exchange, new Response(r.status(), r.headers(), r.body().getBytes(StandardCharsets.UTF_8)));
                return;
            }
            if (fault instanceof Fault.Malformed) {
                write(exchange, Response.json(200, "{\"success\":true,\"list\":[{\"id\":1,\"te"));
                return;
            }
            if (fault instanceof Fault.Endless e) {
                endless(exchange, e.maxBytes());
                return;
            }
            Response response;
            try {
                response = handle(request);
            } catch (RuntimeException e) {
                response = Response.text(500, "simulator error: " + e);
            }
            if (fault instanceof Fault.ProcessThenDrop) {
                exchange.close();
                return;
            }
            if (fault instanceof Fault.SlowBody slow) {
                drip(exchange, response, slow);
                return;
            }
            write(exchange, response);
        } catch (IOException e) {
            exchange.close();
        }
    }

    private Fault takeFault(String path) {
        for (Iterator<PendingFault> it = faults.iterator(); it.hasNext(); ) {
            PendingFault f = it.next();
            if (f.pathPrefix() == null || path.startsWith(f.pathPrefix())) {
                if (faults.remove(f)) {
                    return f.fault();
                }
            }
        }
        return null;
    }

    private static RecordedRequest record(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_REQUEST_BYTES);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        String rawQuery = exchange.getRequestURI().getRawQuery();
        return new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), rawQuery,
                parseQuery(rawQuery), Collections.unmodifiableMap(headers), body);
    }

    /**
     * @param raw an encoded query or form body
     * @return decoded parameters; repeated names keep every value
     */
    public static Map<String, List<String>> parseQuery(@Nullable String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static void write(HttpExchange exchange, Response response) throws IOException {
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] body = response.body();
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    private static void drip(HttpExchange exchange, Response response, Fault.SlowBody slow) {
        try {
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] body = response.body().length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : response.body();
            exchange.sendResponseHeaders(response.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                int head = Math.min(slow.headBytes(), body.length - 1);
                out.write(body, 0, Math.max(0, head));
                out.flush();
                for (int i = Math.max(0, head); i < body.length; i++) {
                    Thread.sleep(slow.interval().toMillis());
                    out.write(body[i]);
                    out.flush();
                }
            }
        } catch (IOException clientWentAway) {
            // expected: the client gives up at its deadline
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    private static void endless(HttpExchange exchange, long maxBytes) {
        try {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            chunk[0] = '[';
            try (OutputStream out = exchange.getResponseBody()) {
                for (long sent = 0; sent < maxBytes; sent += chunk.length) {
                    out.write(chunk);
                    chunk[0] = ' ';
                }
            }
        } catch (IOException clientWentAway) {
            // expected: the client cancels at its size cap
        } finally {
            exchange.close();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
