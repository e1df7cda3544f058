package io.chatgateway.benchmarks;

import java.time.Duration;

/**
 * The stub server in a process of its own, so that the wall-clock benchmark's client JVM does not share its
 * heap, JIT and GC with the server: prints {@code PORT <n>} (a free port of 127.0.0.1), serves until its
 * standard input closes (its parent ended or closed it), then prints {@code UNEXPECTED <n>} (requests it could
 * not answer) and exits. A line {@code COUNT} on its input makes it print {@code REQUESTS <n>}, the requests it
 * answered so far (the wall-clock benchmark's requests per call).
 *
 * <pre>java -cp benchmarks.jar io.chatgateway.benchmarks.StubMain [threads] [latencyMillis]</pre>
 */
public final class StubMain {

    private StubMain() {}

    /**
     * @param args handler threads (default 32), fixed latency per answer in milliseconds (default 0)
     * @throws Exception when the server cannot start
     */
    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        Duration latency = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 0);
        try (StubServer stub = StubServer.start(threads, latency)) {
            System.out.println("PORT " + stub.port());
            System.out.flush();
            java.io.BufferedReader in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                // serve until the parent closes our input; "COUNT" asks how many requests were answered so far
                if (line.trim().equals("COUNT")) {
                    System.out.println("REQUESTS " + StubStats.requests());
                    System.out.flush();
                }
            }
            System.out.println("UNEXPECTED " + StubStats.unexpected() + (StubStats.unexpected() > 0
                    ? " first: " + StubStats.firstUnexpected() : ""));
            System.out.flush();
        }
    }
}
