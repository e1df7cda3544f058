package io.chatgateway.testprovider;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The loopback API ({@link LoopbackBackend}) on a JDK {@code HttpServer} at 127.0.0.1, free port. Records
 * every request as it arrived (raw path and query) and lets a test replace the next answers with faults.
 */
public final class LoopbackServer implements AutoCloseable {

    static {
        // TCP_NODELAY: otherwise every answer waits ~40 ms for the client's delayed ACK
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** The demo token. */
    public static final String TOKEN = "tok-SECRET-4711";

    /** A request as it arrived. */
    public record Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        /** @param name lower-case header name @return its first value or null */
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? null : v.get(0);
        }

        /** @return decoded path segments */
        public List<String> segments() {
            List<String> out = new ArrayList<>();
            for (String s : rawPath.split("/")) {
                if (!s.isEmpty()) {
                    out.add(percentDecode(s));
                }
            }
            return out;
        }

        /** @return decoded query */
        public Map<String, List<String>> query() {
            Map<String, List<String>> out = new LinkedHashMap<>();
            if (rawQuery == null || rawQuery.isEmpty()) {
                return out;
            }
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String k = percentDecode(eq < 0 ? pair : pair.substring(0, eq));
                String v = eq < 0 ? "" : percentDecode(pair.substring(eq + 1));
                out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
            }
            return out;
        }

        /** @return the body as text */
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** What to do instead of (or around) the normal answer. */
    @FunctionalInterface
    public interface Fault {
        /**
         * @param exchange the exchange, to be answered or closed
         * @param normal   computes and writes the normal answer (changes state)
         * @throws IOException when writing fails
         */
        void apply(HttpExchange exchange, Normal normal) throws IOException;
    }

    /** The normal processing of a request. */
    @FunctionalInterface
    public interface Normal {
        /** @return the normal answer, state changes done */
        LoopbackBackend.Reply process();
    }

    private record Pending(String pathPrefix, Fault fault) { }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "loopback-server");
        t.setDaemon(true);
        return t;
    });
    private final LoopbackBackend backend;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Pending> faults = new ConcurrentLinkedQueue<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    /** Starts a server with a fresh backend on the system clock. */
    public LoopbackServer() {
        this(new LoopbackBackend(TOKEN, Clock.systemUTC()));
    }

    /** @param backend the state to serve */
    public LoopbackServer(LoopbackBackend backend) {
        this(backend, null);
    }

    /**
     * @param backend the state to serve
     * @param tls     serve HTTPS with this context, or {@code null} for plain HTTP
     */
    public LoopbackServer(LoopbackBackend backend, javax.net.ssl.SSLContext tls) {
        this.backend = backend;
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            if (tls == null) {
                server = HttpServer.create(address, 256);
            } else {
                com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(address, 256);
                https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
                server = https;
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    /** @return the state */
    public LoopbackBackend backend() {
        return backend;
    }

    /** @return {@code http://127.0.0.1:<port>} ({@code https} with TLS) */
    public URI baseUri() {
        String scheme = server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    }

    /** @return requests so far */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** @param pathPrefix raw path prefix, e.g. {@code /api/conversations} @return requests under it */
    public List<Request> requests(String pathPrefix) {
        return requests.stream().filter(r -> r.rawPath().startsWith(pathPrefix)).toList();
    }

    /** @return how many requests arrived */
    public int requestCount() {
        return requests.size();
    }

    /**
     * @param pathPrefix raw path prefix or {@code null} for any
     * @param fault      what to do with the next matching request
     * @param times      for how many matching requests
     */
    public void inject(String pathPrefix, Fault fault, int times) {
        for (int i = 0; i < times; i++) {
            faults.add(new Pending(pathPrefix, fault));
        }
    }

    /** @param pathPrefix raw path prefix or null @param fault the fault for the next matching request */
    public void inject(String pathPrefix, Fault fault) {
        inject(pathPrefix, fault, 1);
    }

    /** @param status status @param headers headers @param body body @return a canned answer */
    public static Fault respond(int status, Map<String, String> headers, String body) {
        return (exchange, normal) -> write(exchange, new LoopbackBackend.Reply(status, headers,
                body.getBytes(StandardCharsets.UTF_8)));
    }

    /** @param status status @param body JSON body @return a canned JSON answer */
    public static Fault respond(int status, String body) {
        return respond(status, Map.of("Content-Type", "application/json"), body);
    }

    /** @return closes the connection without answering and without processing */
    public static Fault drop() {
        return (exchange, normal) -> exchange.close();
    }

    /** @return processes the request, then closes the connection without answering */
    public static Fault processThenDrop() {
        return (exchange, normal) -> {
            normal.process();
            exchange.close();
        };
    }

    /** @return processes the request, then never answers until the server closes */
    public Fault processThenHang() {
        return (exchange, normal) -> {
            normal.process();
            try {
                closing.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        };
    }

    /** @param status status @return processes the request, then answers with that status and an HTML page */
    public static Fault processThenFail(int status) {
        return (exchange, normal) -> {
            normal.process();
            write(exchange, new LoopbackBackend.Reply(status, Map.of("Content-Type", "text/html"),
                    "<html><body><h1>Bad Gateway</h1></body></html>".getBytes(StandardCharsets.UTF_8)));
        };
    }

    /** @param maxBytes safety bound @return a 200 chunked body that does not end */
    public static Fault endless(long maxBytes) {
        return (exchange, normal) -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[16 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            chunk[0] = '[';
            try (OutputStream out = exchange.getResponseBody()) {
                for (long sent = 0; sent < maxBytes; sent += chunk.length) {
                    out.write(chunk);
                    chunk[0] = ' ';
                }
            } catch (IOException expected) {
                // the client went away at its cap
            }
            exchange.close();
        };
    }

    private void serve(HttpExchange exchange) {
        try {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            URI uri = exchange.getRequestURI();
            Request request = new Request(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), headers, body);
            requests.add(request);
            Normal normal = () -> backend.handle(request.method(), request.segments(), request.query(),
                    request.header("authorization"), request.body());
            Fault fault = take(request.rawPath());
            if (fault != null) {
                fault.apply(exchange, normal);
            } else {
                write(exchange, normal.process());
            }
        } catch (IOException | RuntimeException e) {
            exchange.close();
        }
    }

    private Fault take(String path) {
        for (Iterator<Pending> it = faults.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if ((p.pathPrefix() == null || path.startsWith(p.pathPrefix())) && faults.remove(p)) {
                return p.fault();
            }
        }
        return null;
    }

    /**
     * @param exchange the exchange
     * @param reply    the answer to write
     * @throws IOException when the client went away
     */
    public static void write(HttpExchange exchange, LoopbackBackend.Reply reply) throws IOException {
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] body = reply.body();
        exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    /**
     * Decodes {@code %XX} escapes as UTF-8; {@code +} stays a plus (paths and our queries never use it for space).
     *
     * @param text encoded text
     * @return decoded text
     */
    public static String percentDecode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); ) {
            if (text.charAt(i) == '%' && i + 2 < text.length()) {
                out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                int cp = text.codePointAt(i);
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
