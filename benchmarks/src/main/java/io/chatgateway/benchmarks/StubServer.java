package io.chatgateway.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fast local stand-in for the three providers' list-messages and send calls, on the JDK's
 * {@link HttpServer} with a fixed thread pool on a free port. One server serves all three under a path
 * prefix per provider ({@code /navixy}, {@code /smsbat}, {@code /quickblox}); the base URLs to configure
 * are {@link #baseUri(String)}.
 *
 * <p>Conversations are virtual: a conversation's id says how many messages it holds (Navixy tracker
 * {@code 1024}, SMSBAT chat {@code 1024}, QuickBlox dialog {@code 000…0001024}); message {@code i} was sent
 * at {@link StubData#BASE} plus {@code i} seconds. Answers to small conversations are computed once and
 * then served from memory; pages of large ones are generated from the request's window or offset, so a
 * conversation of a million messages never sits in memory. Optional fixed latency per request; every
 * request is counted in {@link StubStats}.
 */
public final class StubServer implements AutoCloseable {

    static {
        // the JDK server leaves Nagle on by default, which adds 40 ms stalls with delayed ACKs
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // and closes connections that turn idle beyond 200 of them: a run that builds several gateways (each with
        // its own HTTP client and connections) then has requests reset on connections the client still pools
        System.setProperty("sun.net.httpserver.maxIdleConnections", "100000");
    }

    /** Conversations up to this size have their answers cached. */
    private static final int CACHE_UP_TO = 10_000;
    private static final int CACHE_ENTRIES = 4_096;

    private final HttpServer server;
    private final ExecutorService pool;
    private final long latencyMillis;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, byte[]> cache = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger sentIds = new AtomicInteger(1_000_000_000);

    private StubServer(int threads, Duration latency) throws IOException {
        this.latencyMillis = latency.toMillis();
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "stub-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * @param threads handler threads (at least the concurrency you expect when there is latency)
     * @param latency fixed delay before each answer, zero for none
     * @return a started server on a free port of 127.0.0.1
     */
    public static StubServer start(int threads, Duration latency) {
        try {
            return new StubServer(threads, latency);
        } catch (IOException e) {
            throw new IllegalStateException("The stub server could not start: " + e.getMessage(), e);
        }
    }

    /** @param provider navixy, smsbat or quickblox @return the base URL to configure for it */
    public URI baseUri(String provider) {
        return baseUri(server.getAddress().getPort(), provider);
    }

    /**
     * @param port     the stub's port on 127.0.0.1 (e.g. of a stub in another process, {@link StubMain})
     * @param provider navixy, smsbat or quickblox
     * @return the base URL to configure for it
     */
    static URI baseUri(int port, String provider) {
        return URI.create("http://127.0.0.1:" + port + "/" + provider);
    }

    /** @return the port the stub listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
        try {
            pool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ routing

    private void handle(HttpExchange ex) throws IOException {
        Answer a;
        // in flight = received and not yet answered: counted out before the first byte of the answer, so a
        // client that waits for its answer before the next request can never be counted twice
        StubStats.enter();
        try {
            try {
                a = route(ex);
            } catch (RuntimeException e) {
                StubStats.unexpected(ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath() + ": " + e);
                a = new Answer(400, ("{\"error\":\"" + e.getClass().getSimpleName() + "\"}").getBytes(StandardCharsets.UTF_8));
            }
            if (latencyMillis > 0) {
                try {
                    Thread.sleep(latencyMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        } finally {
            StubStats.exit();
        }
        try {
            ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            ex.sendResponseHeaders(a.status, a.body.length == 0 ? -1 : a.body.length);
            if (a.body.length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(a.body);
                }
            }
        } finally {
            ex.close();
        }
    }

    private Answer route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String method = ex.getRequestMethod();
        byte[] body = readAll(ex.getRequestBody());
        if (path.startsWith("/navixy/")) {
            return navixy(ex, path.substring("/navixy".length()), body);
        }
        if (path.startsWith("/smsbat/")) {
            return smsbat(ex, method, path.substring("/smsbat".length()), body);
        }
        if (path.startsWith("/quickblox/")) {
            return quickblox(ex, method, path.substring("/quickblox".length()), body);
        }
        return notFound(method + " " + path);
    }

    private static Answer notFound(String what) {
        StubStats.unexpected(what);
        return new Answer(404, "{\"error\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ Navixy

    private Answer navixy(HttpExchange ex, String path, byte[] body) {
        Map<String, String> p = params(ex, body);
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if ((auth == null || !auth.startsWith("NVX ")) && p.get("hash") == null) {
            StubStats.unexpected("navixy call without credential: " + path);
            return new Answer(400, "{\"success\":false,\"status\":{\"code\":3,\"description\":\"Wrong hash\"}}"
                    .getBytes(StandardCharsets.UTF_8));
        }
        boolean iso = "true".equalsIgnoreCase(p.get("iso_datetime"))
                || "true".equalsIgnoreCase(ex.getRequestHeaders().getFirst("NVX-ISO-DateTime"));
        switch (trimSlash(path)) {
            case "/tracker/chat/list": {
                long tracker = Long.parseLong(p.get("tracker_id").replace("\"", ""));
                long count = tracker;
                long from = p.get("from") == null ? StubData.nowSeconds() - 7 * 86_400 : StubData.parseNavixyTime(p.get("from"));
                long to = p.get("to") == null ? StubData.nowSeconds() : StubData.parseNavixyTime(p.get("to"));
                int limit = p.get("limit") == null ? 1024 : Math.min(1024, Integer.parseInt(p.get("limit")));
                boolean ascending = p.get("ascending") == null || isTrue(p.get("ascending"));
                String key = "N" + tracker + ':' + from + ':' + to + ':' + limit + ':' + ascending + ':' + iso;
                return cached(key, count, () -> StubData.navixyList(count, from, to, limit, ascending, iso));
            }
            case "/tracker/chat/send":
                requireText(p.get("message"));
                return json(200, "{\"success\":true,\"id\":" + sentIds.incrementAndGet() + "}");
            case "/tracker/chat/broadcast":
                return json(200, "{\"success\":true,\"sent_to\":" + p.get("trackers") + ",\"not_sent_to\":[]}");
            case "/user/get_info":
                return json(200, StubData.NAVIXY_USER_INFO);
            default:
                return notFound("navixy " + path);
        }
    }

    // ------------------------------------------------------------------ SMSBAT

    private Answer smsbat(HttpExchange ex, String method, String path, byte[] body) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if ((auth == null || !auth.startsWith("Bearer ")) && ex.getRequestHeaders().getFirst("X-Authorization-Key") == null) {
            StubStats.unexpected("smsbat call without token: " + path);
            return new Answer(401, new byte[0]);
        }
        String[] parts = trimSlash(path).split("/");
        // /api/chat/chats/{id}/messages or /api/chat/{id}/messages (both documented), /api/chat/{id}/message
        if (method.equals("GET") && path.endsWith("/messages")) {
            String id = parts.length == 6 && parts[3].equals("chats") ? parts[4] : parts[3];
            long count = Long.parseLong(id);
            if (count > 100_000) {
                throw new IllegalArgumentException("SMSBAT answers are unpaged; chat " + id + " is too large");
            }
            return cached("S" + id, count, () -> StubData.smsbatMessages(count));
        }
        if (method.equals("POST") && parts.length == 5 && parts[4].equals("message")) {
            JsonNode n = mapper.readTree(body);
            requireText(n.path("textMessage").asText(null));
            return json(200, StubData.smsbatSent(Long.parseLong(parts[3]), sentIds.incrementAndGet(), n.path("textMessage").asText()));
        }
        return notFound("smsbat " + method + " " + path);
    }

    // ------------------------------------------------------------------ QuickBlox

    private Answer quickblox(HttpExchange ex, String method, String path, byte[] body) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if ((auth == null || !auth.startsWith("ApiKey ")) && ex.getRequestHeaders().getFirst("QB-Token") == null) {
            StubStats.unexpected("quickblox call without credential: " + path);
            return new Answer(401, "{\"errors\":[\"Required session does not exist\"]}".getBytes(StandardCharsets.UTF_8));
        }
        if (path.equals("/chat/Message.json") && method.equals("GET")) {
            Map<String, String> q = params(ex, new byte[0]);
            String dialog = q.get("chat_dialog_id");
            long count = Long.parseLong(dialog);
            int skip = q.get("skip") == null ? 0 : Integer.parseInt(q.get("skip"));
            int limit = q.get("limit") == null ? 100 : Integer.parseInt(q.get("limit"));
            boolean ascending = q.get("sort_desc") == null;
            long lo = 0;
            long hi = count - 1;
            for (Map.Entry<String, String> e : q.entrySet()) {
                if (!e.getKey().startsWith("date_sent[")) {
                    continue;
                }
                long t = Long.parseLong(e.getValue()) - StubData.BASE_SECONDS;
                switch (e.getKey()) {
                    case "date_sent[gt]" -> lo = Math.max(lo, t + 1);
                    case "date_sent[gte]" -> lo = Math.max(lo, t);
                    case "date_sent[lt]" -> hi = Math.min(hi, t - 1);
                    case "date_sent[lte]" -> hi = Math.min(hi, t);
                    default -> throw new IllegalArgumentException("unsupported filter " + e.getKey());
                }
            }
            String not = q.get("_id[ne]");
            if (not != null) {
                // keyset paging drops the last id already returned, which sits at the window's edge
                long index = Long.parseLong(not, 16) - 1;
                if (ascending && index == lo) {
                    lo++;
                } else if (!ascending && index == hi) {
                    hi--;
                } else if (index >= lo && index <= hi) {
                    throw new IllegalArgumentException("_id[ne] inside the window is not supported by the stub");
                }
            }
            String key = "Q" + dialog + ':' + lo + ':' + hi + ':' + skip + ':' + limit + ':' + ascending;
            long first = lo;
            long last = hi;
            return cached(key, count, () -> StubData.quickbloxList(dialog, first, last, skip, limit, ascending));
        }
        if (path.equals("/chat/Message.json") && method.equals("POST")) {
            JsonNode n = mapper.readTree(body);
            requireText(n.path("message").asText(null));
            return json(201, StubData.quickbloxSent(n.path("chat_dialog_id").asText(), sentIds.incrementAndGet(),
                    n.path("message").asText()));
        }
        return notFound("quickblox " + method + " " + path);
    }

    // ------------------------------------------------------------------ helpers

    private Answer cached(String key, long count, java.util.function.Supplier<byte[]> make) {
        if (count > CACHE_UP_TO) {
            return new Answer(200, make.get());
        }
        byte[] b = cache.get(key);
        if (b == null) {
            b = make.get();
            if (cache.size() < CACHE_ENTRIES) {
                cache.put(key, b);
            }
        }
        return new Answer(200, b);
    }

    private static Answer json(int status, String text) {
        return new Answer(status, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void requireText(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no message text");
        }
    }

    private static boolean isTrue(String v) {
        return v.equalsIgnoreCase("true") || v.equals("1");
    }

    private static String trimSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** Query, form and JSON body parameters in one map; JSON arrays and objects as JSON text. */
    private Map<String, String> params(HttpExchange ex, byte[] body) {
        Map<String, String> p = new HashMap<>();
        String query = ex.getRequestURI().getRawQuery();
        if (query != null) {
            decodeForm(query, p);
        }
        if (body.length > 0) {
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                decodeForm(new String(body, StandardCharsets.UTF_8), p);
            } else {
                try {
                    JsonNode n = mapper.readTree(body);
                    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        JsonNode v = e.getValue();
                        p.put(e.getKey(), v.isValueNode() ? v.asText() : v.toString());
                    }
                } catch (IOException e) {
                    throw new IllegalArgumentException("body is neither form nor JSON");
                }
            }
        }
        return p;
    }

    private static void decodeForm(String text, Map<String, String> into) {
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            into.put(k, v);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    private record Answer(int status, byte[] body) { }
}
