package io.chatgateway.benchmarks;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import io.chatgateway.MessageQuery;
import io.chatgateway.OutgoingMessage;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * The own-cost loop of {@link OwnCostBenchmark} for one scenario, made to be counted in instructions by valgrind's
 * callgrind, which does not depend on the machine's load: {@code Runtime.availableProcessors()} before each measured
 * batch and {@code Runtime.totalMemory()} after it are the marks callgrind zeroes and dumps its counters at. The dumps
 * come in order (gateway batch, raw batch, twice); with {@code --separate-threads=yes} one file per thread that ran
 * meanwhile, so a hand-off to another thread shows as a file of its own.
 *
 * <pre>
 * valgrind --tool=callgrind --separate-threads=yes --smc-check=all-non-file --dump-instr=no \
 *   --zero-before=JVM_ActiveProcessorCount --dump-before=JVM_TotalMemory --callgrind-out-file=/tmp/cg/cg.out \
 *   java -XX:+UseSerialGC -Xmx256m -cp benchmarks.jar io.chatgateway.benchmarks.OwnCostInstructions navixy send 0 3000 500
 * grep ^summary: /tmp/cg/cg.out.*   # instructions of each batch and thread; divide by the calls (500)
 * </pre>
 *
 * Arguments: provider, call ({@code send}, {@code messages}, {@code messagesAsync}), messages per page, warm-up calls,
 * calls per measured batch.
 */
public final class OwnCostInstructions {
    private OwnCostInstructions() {}

    /**
     * @param a provider, call, messages per page, warm-up calls, calls per batch
     * @throws Exception when the stub cannot start
     */
    public static void main(String[] a) throws Exception {
        String provider = a[0];
        String call = a[1];
        int n = Integer.parseInt(a[2]);
        int warmup = Integer.parseInt(a[3]);
        int calls = Integer.parseInt(a[4]);
        try (StubServer stub = StubServer.start(1, Duration.ZERO)) {
            InMemoryHttpClient client = new InMemoryHttpClient(RawClient.newClient());
            try (ChatGateway gateway = Gateways.on(stub, client, provider)) {
                RawClient raw = new RawClient(stub, provider, client);
                IntSupplier gw;
                IntSupplier rw;
                if (call.equals("send")) {
                    ConversationRef to = Gateways.conversation(provider, 10);
                    OutgoingMessage message = OutgoingMessage.text("Please call the dispatcher when you arrive at the depot.");
                    gw = () -> gateway.send(to, message).message().id().length();
                    rw = () -> raw.send(to.id(), message.text()).size();
                } else {
                    MessageQuery query = Gateways.allMessages(provider, n, n);
                    gw = call.equals("messages") ? () -> gateway.messages(query).items().size()
                            : () -> gateway.messagesAsync(query).join().items().size();
                    rw = () -> raw.messages(n, n).size();
                }
                for (int attempt = 0; ; attempt++) { // the first, real exchange may time out under valgrind
                    try {
                        gw.getAsInt();
                        rw.getAsInt();
                        break;
                    } catch (RuntimeException e) {
                        if (attempt > 5) throw e;
                        System.err.println("first call failed, again: " + e);
                    }
                }
                var jit = ManagementFactory.getCompilationMXBean();
                for (int i = 0; i < warmup; i++) { gw.getAsInt(); rw.getAsInt(); }
                for (int round = 0; round < 60; round++) {
                    long c = jit.getTotalCompilationTime();
                    for (int i = 0; i < 300; i++) { gw.getAsInt(); rw.getAsInt(); }
                    if (jit.getTotalCompilationTime() == c) break;
                    System.err.println("jit still compiling, round " + round);
                }
                int sink = 0;
                for (int rep = 0; rep < 2; rep++) {
                    sink += Runtime.getRuntime().availableProcessors();
                    for (int i = 0; i < calls; i++) sink += gw.getAsInt();
                    sink += (int) Runtime.getRuntime().totalMemory();
                    sink += Runtime.getRuntime().availableProcessors();
                    for (int i = 0; i < calls; i++) sink += rw.getAsInt();
                    sink += (int) Runtime.getRuntime().totalMemory();
                }
                System.out.println("done " + sink);
            }
        }
    }
}
