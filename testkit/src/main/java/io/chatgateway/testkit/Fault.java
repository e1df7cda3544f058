package io.chatgateway.testkit;

import java.time.Duration;
import java.util.Map;

/**
 * A fault a simulator injects instead of (or before) its normal answer.
 *
 * <p>Faults are queued with {@link SimulatorServer#inject(String, Fault)}: each takes the next matching
 * request. Build them with the static factories.
 */
public sealed interface Fault {

    /** Answer with this status, headers and body instead of the normal answer. */
    record Respond(int status, Map<String, String> headers, String body) implements Fault { }

    /** No fault: one matching request is answered normally, so that the next fault hits a later request. */
    record Pass() implements Fault { }

    /** Close the connection without any answer, after reading the request. */
    record Drop() implements Fault { }

    /** Do not answer for this long (then answer normally); a client timeout shorter than this sees a timeout. */
    record Delay(Duration delay) implements Fault { }

    /** Process the request normally (state changes happen), then drop the connection without answering. */
    record ProcessThenDrop() implements Fault { }

    /** Answer 200 with a body that is cut off mid-JSON. */
    record Malformed() implements Fault { }

    /** Stream a chunked body that never ends (until the client goes away or {@code maxBytes} is sent). */
    record Endless(long maxBytes) implements Fault { }

    /**
     * Process the request normally (state changes happen), send the answer's head and its first
     * {@code headBytes} bytes at once, then the rest one byte every {@code interval}: a server that trickles
     * its body. With a long interval it is a stall after the first bytes.
     */
    record SlowBody(int headBytes, Duration interval) implements Fault { }

    /**
     * @param status HTTP status
     * @param body   body text
     * @return a canned answer with {@code Content-Type: application/json}
     */
    static Fault respond(int status, String body) {
        return new Respond(status, Map.of("Content-Type", "application/json"), body);
    }

    /**
     * @param status  HTTP status
     * @param headers extra headers
     * @param body    body text
     * @return a canned answer
     */
    static Fault respond(int status, Map<String, String> headers, String body) {
        return new Respond(status, headers, body);
    }

    /** @return a normal answer, to aim the next queued fault at a later request */
    static Fault pass() {
        return new Pass();
    }

    /** @return a dropped connection */
    static Fault drop() {
        return new Drop();
    }

    /**
     * @param d delay
     * @return a delayed answer
     */
    static Fault delay(Duration d) {
        return new Delay(d);
    }

    /** @return a processed request whose answer is lost */
    static Fault processThenDrop() {
        return new ProcessThenDrop();
    }

    /** @return a truncated JSON answer */
    static Fault malformed() {
        return new Malformed();
    }

    /**
     * @param headBytes body bytes sent at once after the head
     * @param interval  wait before each further byte
     * @return a normal answer whose body drips
     */
    static Fault slowBody(int headBytes, Duration interval) {
        return new SlowBody(headBytes, interval);
    }

    /**
     * @param maxBytes safety bound of the stream
     * @return an endless chunked body
     */
    static Fault endless(long maxBytes) {
        return new Endless(maxBytes);
    }
}
