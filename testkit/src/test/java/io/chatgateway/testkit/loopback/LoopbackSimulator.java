package io.chatgateway.testkit.loopback;

import io.chatgateway.testkit.RecordedRequest;
import io.chatgateway.testkit.SimulatorServer;
import io.chatgateway.testprovider.LoopbackBackend;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The loopback API of core's in-test provider served by the testkit's {@link SimulatorServer} (request log,
 * fault injection), so that the conformance kit runs against core's in-test adapter unchanged.
 */
final class LoopbackSimulator extends SimulatorServer {

    static final String TOKEN = "kit-token-SECRET";

    private final LoopbackBackend backend;

    LoopbackSimulator(Clock clock) {
        super(0);
        this.backend = new LoopbackBackend(TOKEN, clock);
    }

    LoopbackBackend backend() {
        return backend;
    }

    @Override
    protected Response handle(RecordedRequest request) {
        List<String> segments = new ArrayList<>();
        for (String s : request.path().split("/")) {
            if (!s.isEmpty()) {
                segments.add(s);
            }
        }
        LoopbackBackend.Reply reply = backend.handle(request.method(), segments, request.query(),
                request.header("Authorization").orElse(null), request.body());
        return new Response(reply.status(), reply.headers(), reply.body());
    }
}
