package io.chatgateway.testkit;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A fault-injecting TCP proxy for HTTP/1.1 between a client (the gateway) and a server (a simulator), on a free
 * port of the loopback address. It forwards requests and answers byte for byte and, for the requests its
 * {@link Schedule} picks, breaks the exchange in one of the ways a real network does ({@link Kind}): the
 * connection reset before the request reaches the server, reset after the request was forwarded, the answer lost
 * or cut off, or held back until the client gives up. Each schedule numbers the requests from 1, counting from
 * the moment it is set, in the order their heads arrive over all connections, so a schedule such as "the 3rd
 * request is reset after it was forwarded" or a seeded random one is deterministic for a client that sends one
 * request at a time.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(simulator.baseUri())) {
 *     proxy.schedule(FaultProxy.Schedule.nth(1, FaultProxy.Kind.ANSWER_LOST).onlyFor(FaultProxy.Schedule.POSTS));
 *     // configure the gateway with base-url = proxy.uri() …
 *     assertThat(proxy.applied()).extracting(FaultProxy.Applied::kind).containsExactly(FaultProxy.Kind.ANSWER_LOST);
 * }
 * }</pre>
 *
 * <p>Plain {@code http} only (no TLS). Requests with {@code Content-Length} or chunked bodies and answers with
 * {@code Content-Length}, chunked or read-to-close bodies are understood; anything else is forwarded as it comes.
 * Thread-safe; {@link #close()} closes every connection.
 */
public final class FaultProxy implements AutoCloseable {

    /** How an exchange is broken. */
    public enum Kind {
        /** The request is read from the client, never forwarded, and the client's connection is reset: the server never sees it. */
        RESET_BEFORE_REQUEST,
        /** The request is forwarded, then the client's connection is reset at once; the server processes it. */
        RESET_AFTER_REQUEST,
        /** The request is forwarded and answered; the answer is dropped and the client's connection reset. */
        ANSWER_LOST,
        /** The answer is cut off: its head and half its body are sent, then the connection is closed. */
        ANSWER_TRUNCATED,
        /**
         * The answer is held back until the client closes the connection (its timeout) or the proxy closes, and
         * never sent: a delay beyond any timeout. The server processes the request.
         */
        DELAY_BEYOND_TIMEOUT
    }

    /** Which request gets which fault. Implementations must be thread-safe. */
    @FunctionalInterface
    public interface Schedule {

        /** Requests that change state at the providers: every method but GET and HEAD. */
        Predicate<String> POSTS = line -> !line.startsWith("GET ") && !line.startsWith("HEAD ");

        /**
         * @param request     the request's number, from 1 (the first request after the schedule was set), in order of
         *                    arrival over all connections
         * @param requestLine e.g. {@code POST /v2/tracker/chat/send HTTP/1.1}
         * @return the fault for this request, or {@code null} to forward it normally
         */
        @Nullable Kind faultFor(int request, String requestLine);

        /**
         * @param requests which requests this schedule sees (e.g. {@link #POSTS}); the others pass unharmed
         *                 and do not count: the numbers this schedule gets are 1, 2, … over the matching requests
         * @return this schedule, applied only to matching requests
         */
        default Schedule onlyFor(Predicate<String> requests) {
            Objects.requireNonNull(requests, "requests");
            Schedule inner = this;
            AtomicInteger matching = new AtomicInteger();
            return (request, line) -> requests.test(line) ? inner.faultFor(matching.incrementAndGet(), line) : null;
        }

        /** @return a schedule without faults */
        static Schedule none() {
            return (request, line) -> null;
        }

        /**
         * @param n    the request's number (from 1)
         * @param kind its fault
         * @return a schedule breaking only the {@code n}th request
         */
        static Schedule nth(int n, Kind kind) {
            Objects.requireNonNull(kind, "kind");
            return (request, line) -> request == n ? kind : null;
        }

        /**
         * @param kinds the faults of requests 1, 2, …; a {@code null} element lets that request pass
         * @return a schedule breaking the first requests in this order, then none
         */
        static Schedule sequence(@Nullable Kind... kinds) {
            Kind[] copy = kinds.clone();
            return (request, line) -> request <= copy.length ? copy[request - 1] : null;
        }

        /**
         * A seeded random schedule: request {@code n} is broken with probability {@code rate}, by a fault
         * drawn from {@code kinds}; the fault of request {@code n} depends only on the seed and {@code n}.
         *
         * @param seed  the seed
         * @param rate  the share of broken requests, 0 to 1
         * @param kinds the faults to draw from (all when empty)
         * @return the schedule
         * @throws IllegalArgumentException when {@code rate} is outside 0…1
         */
        static Schedule seeded(long seed, double rate, Kind... kinds) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("rate must be 0 to 1, not " + rate);
            }
            Kind[] pool = kinds.length == 0 ? Kind.values() : kinds.clone();
            return (request, line) -> {
                Random r = new Random(seed * 0x9E3779B97F4A7C15L + request);
                return r.nextDouble() < rate ? pool[r.nextInt(pool.length)] : null;
            };
        }
    }

    /**
     * One fault the proxy applied.
     *
     * @param request     the request's number in its schedule (over all requests, also when the schedule counts
     *                    only some)
     * @param requestLine its request line
     * @param kind        the fault
     */
    public record Applied(int request, String requestLine, Kind kind) { }

    private static final int MAX_HEAD = 64 * 1024;
    private static final Set<Integer> NO_BODY = Set.of(204, 304);

    private final InetSocketAddress upstream;
    private final ServerSocket server;
    private final ExecutorService threads;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Applied> applied = new CopyOnWriteArrayList<>();
    private final Set<Closeable> open = ConcurrentHashMap.newKeySet();
    private volatile Scheduled scheduled = new Scheduled(Schedule.none());
    private volatile boolean closed;

    private FaultProxy(InetSocketAddress upstream, ServerSocket server) {
        this.upstream = upstream;
        this.server = server;
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-proxy-" + server.getLocalPort());
            t.setDaemon(true);
            return t;
        });
        threads.execute(this::acceptLoop);
    }

    /**
     * Starts a proxy on a free port of the loopback address.
     *
     * @param target the server's base URI, e.g. a simulator's {@code http://127.0.0.1:1234} (its path is ignored)
     * @return the running proxy, forwarding everything until {@link #schedule(Schedule)} says otherwise
     * @throws IOException              when no port can be bound
     * @throws IllegalArgumentException when {@code target} is not an {@code http} URI with a host
     */
    public static FaultProxy start(URI target) throws IOException {
        Objects.requireNonNull(target, "target");
        if (!"http".equalsIgnoreCase(target.getScheme()) || target.getHost() == null) {
            throw new IllegalArgumentException("The proxy forwards plain http to a host; '" + target + "' is not such a URI.");
        }
        int port = target.getPort() == -1 ? 80 : target.getPort();
        ServerSocket server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        return new FaultProxy(new InetSocketAddress(target.getHost(), port), server);
    }

    /** A schedule and its own request numbers. */
    private record Scheduled(Schedule schedule, AtomicInteger requests) {
        Scheduled(Schedule schedule) {
            this(schedule, new AtomicInteger());
        }
    }

    /**
     * Replaces the schedule; the next request is its request 1. Requests already in flight keep the fault they
     * got.
     *
     * @param schedule which requests get which fault
     * @return this proxy
     */
    public FaultProxy schedule(Schedule schedule) {
        this.scheduled = new Scheduled(Objects.requireNonNull(schedule, "schedule"));
        return this;
    }

    /** @return the proxy's port on the loopback address */
    public int port() {
        return server.getLocalPort();
    }

    /** @return {@code http://127.0.0.1:<port>}, the base URL to give the client instead of the server's */
    public URI uri() {
        return URI.create("http://" + server.getInetAddress().getHostAddress() + ":" + port());
    }

    /** @return how many request heads arrived so far, broken or not */
    public int requests() {
        return requests.get();
    }

    /** @return the faults applied so far, in the order they were decided */
    public List<Applied> applied() {
        return List.copyOf(applied);
    }

    /** Stops accepting and closes every connection; exchanges in flight end as resets. */
    @Override
    public void close() {
        closed = true;
        quietly(server);
        for (Closeable c : open) {
            quietly(c);
        }
        threads.shutdownNow();
    }

    // ---------------------------------------------------------------- connections

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            open.add(client);
            try {
                threads.execute(() -> serve(client));
            } catch (RuntimeException e) { // shut down meanwhile
                quietly(client);
            }
        }
    }

    private void serve(Socket client) {
        Socket up = null;
        try {
            client.setTcpNoDelay(true);
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            InputStream upIn = null;
            OutputStream upOut = null;
            while (!closed) {
                byte[] head = readHead(in);
                if (head == null) {
                    return; // the client closed its connection
                }
                String text = new String(head, StandardCharsets.ISO_8859_1);
                String requestLine = text.substring(0, text.indexOf("\r\n"));
                byte[] body = readBody(in, text, false);
                requests.incrementAndGet();
                Scheduled current = scheduled;
                int number = current.requests().incrementAndGet();
                Kind kind = current.schedule().faultFor(number, requestLine);
                if (kind != null) {
                    applied.add(new Applied(number, requestLine, kind));
                }
                if (kind == Kind.RESET_BEFORE_REQUEST) {
                    reset(client);
                    return;
                }
                if (up == null) {
                    up = new Socket();
                    open.add(up);
                    up.setTcpNoDelay(true);
                    up.connect(upstream, 5_000);
                    upIn = up.getInputStream();
                    upOut = up.getOutputStream();
                }
                upOut.write(head);
                upOut.write(body);
                upOut.flush();
                if (kind == Kind.RESET_AFTER_REQUEST) {
                    reset(client);
                    readAnswer(upIn, requestLine); // let the server finish its work before the connection goes
                    return;
                }
                byte[][] answer = readAnswer(upIn, requestLine);
                if (kind == Kind.ANSWER_LOST) {
                    reset(client);
                    return;
                }
                if (kind == Kind.ANSWER_TRUNCATED) {
                    byte[] all = concat(answer[0], answer[1]);
                    int keep = answer[1].length > 0 ? answer[0].length + answer[1].length / 2 : answer[0].length / 2;
                    out.write(all, 0, keep);
                    out.flush();
                    client.shutdownOutput();
                    drain(in);
                    return;
                }
                if (kind == Kind.DELAY_BEYOND_TIMEOUT) {
                    drain(in); // until the client gives up (or the proxy closes)
                    return;
                }
                out.write(answer[0]);
                out.write(answer[1]);
                out.flush();
                if (answer[2] != null) {
                    return; // the answer ended with the connection
                }
            }
        } catch (IOException e) {
            // either side went away: end this connection
        } finally {
            quietly(client);
            open.remove(client);
            if (up != null) {
                quietly(up);
                open.remove(up);
            }
        }
    }

    // ---------------------------------------------------------------- HTTP/1.1 framing

    /** @return the head up to and including the blank line, or {@code null} at a clean end of stream */
    private static byte @Nullable [] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new IOException("the stream ended inside a message head");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > MAX_HEAD) {
                throw new IOException("message head longer than " + MAX_HEAD + " bytes");
            }
        }
        return head.toByteArray();
    }

    /**
     * @param toClose whether a body without length runs to the end of the stream (answers only)
     * @return the body as framed on the wire (chunk framing included)
     */
    private static byte[] readBody(InputStream in, String head, boolean toClose) throws IOException {
        String lower = head.toLowerCase(Locale.ROOT);
        if (lower.contains("\r\ntransfer-encoding:") && header(lower, "transfer-encoding").contains("chunked")) {
            return readChunked(in);
        }
        String length = header(lower, "content-length");
        if (!length.isEmpty()) {
            return in.readNBytes(Integer.parseInt(length.trim()));
        }
        return toClose ? in.readAllBytes() : new byte[0];
    }

    /** @return {head, body, marker}: a non-null marker means the connection ends with this answer */
    private static byte[][] readAnswer(InputStream in, String requestLine) throws IOException {
        while (true) {
            byte[] head = readHead(in);
            if (head == null) {
                throw new IOException("the server closed the connection without an answer");
            }
            String text = new String(head, StandardCharsets.ISO_8859_1);
            int status = Integer.parseInt(text.substring(9, 12));
            if (status == 100) {
                continue; // interim answer: the final one follows
            }
            String lower = text.toLowerCase(Locale.ROOT);
            boolean noBody = requestLine.startsWith("HEAD ") || NO_BODY.contains(status) || status / 100 == 1;
            boolean framed = lower.contains("\r\ncontent-length:") || lower.contains("\r\ntransfer-encoding:");
            byte[] body = noBody ? new byte[0] : readBody(in, text, true);
            boolean ends = header(lower, "connection").contains("close") || (!noBody && !framed);
            return new byte[][] {head, body, ends ? new byte[0] : null};
        }
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in, raw);
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                String trailer;
                do {
                    trailer = readLine(in, raw);
                } while (!trailer.isEmpty());
                return raw.toByteArray();
            }
            byte[] data = in.readNBytes(size + 2);
            if (data.length < size + 2) {
                throw new IOException("the stream ended inside a chunk");
            }
            raw.write(data);
        }
    }

    /** Reads one CRLF-terminated line, copying its bytes to {@code raw}; @return the line without CRLF */
    private static String readLine(InputStream in, ByteArrayOutputStream raw) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            raw.write(b);
            if (b == '\n') {
                int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
                return line.substring(0, end);
            }
            line.append((char) b);
        }
        throw new IOException("the stream ended inside a chunked body");
    }

    /** @return the value of a header in a lower-cased head, or "" */
    private static String header(String lowerHead, String name) {
        int at = lowerHead.indexOf("\r\n" + name + ":");
        if (at < 0) {
            return "";
        }
        int from = at + name.length() + 3;
        int end = lowerHead.indexOf("\r\n", from);
        return lowerHead.substring(from, end < 0 ? lowerHead.length() : end).trim();
    }

    // ---------------------------------------------------------------- sockets

    /** Closes with an RST instead of a FIN. */
    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // already closed
        }
        quietly(s);
    }

    private static void drain(InputStream in) {
        byte[] sink = new byte[4096];
        try {
            while (in.read(sink) >= 0) {
                // discard until the peer closes
            }
        } catch (IOException ignored) {
            // the peer reset or the proxy closed
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static void quietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public String toString() {
        return "FaultProxy[" + uri() + " -> " + upstream + ", " + requests() + " requests, " + applied.size() + " faults]";
    }
}
