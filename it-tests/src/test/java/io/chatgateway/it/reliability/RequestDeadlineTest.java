package io.chatgateway.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationRef;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.MessageQuery;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.ProviderUnavailableException;
import io.chatgateway.testkit.Fault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A request's deadline covers the whole exchange, body included: a server that sends the head and a few bytes,
 * then trickles or stalls, fails the request at the account's request timeout (JDK 17's own timeout ends at the
 * headers). Short real timeouts (1 s, long enough for the set-up requests on a loaded machine) against a stall
 * of 20 s; the test never waits out the stall.
 */
class RequestDeadlineTest {

    private static final String TIMEOUT = "1s";
    /** Generous bound for a 1 s deadline on a loaded 2-core machine, far below the faults' duration. */
    private static final Duration BOUND = Duration.ofMillis(5000);
    private static final List<Fault> SLOW_BODIES = List.of(
            Fault.slowBody(16, Duration.ofSeconds(20)),    // head and 16 bytes, then silence
            Fault.slowBody(1, Duration.ofMillis(250)));   // one byte every 250 ms

    static java.util.stream.Stream<String> providers() {
        return Harness.providers();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void should_fail_a_read_whose_body_trickles_at_the_request_timeout(String provider) {
        for (Fault fault : SLOW_BODIES) {
            try (Harness h = Harness.start(provider).gateway(Map.of("request-timeout", TIMEOUT, "retry.max-attempts", "1"), null, b -> b)) {
                ConversationRef c = h.usableConversation();
                h.server().inject(null, fault);
                long start = System.nanoTime();
                assertThatThrownBy(() -> h.gateway.messages(MessageQuery.of(c).build()))
                        .isInstanceOf(ProviderUnavailableException.class).hasMessageContaining("within");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("%s %s", provider, fault).isLessThan(BOUND);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void should_make_a_send_whose_answer_trickles_uncertain_at_the_request_timeout_and_never_resend_it(String provider) {
        for (Fault fault : SLOW_BODIES) {
            try (Harness h = Harness.start(provider).gateway(Map.of("request-timeout", TIMEOUT), null, b -> b)) {
                ConversationRef c = h.usableConversation();
                h.gateway.send(c, OutgoingMessage.text("warm-up"));
                h.server().clearRequests();
                h.server().inject(null, fault);
                long start = System.nanoTime();
                assertThatThrownBy(() -> h.gateway.send(c, OutgoingMessage.text("slow answer")))
                        .isInstanceOf(DeliveryUncertainException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("%s %s", provider, fault).isLessThan(BOUND);
                assertThat(h.requestsLikeTheFirst()).as("send requests").isEqualTo(1);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void should_fail_a_sign_in_whose_answer_trickles_at_the_request_timeout(String provider) {
        try (Harness h = Harness.start(provider, true).gateway(Map.of("request-timeout", TIMEOUT, "retry.max-attempts", "1"), null, b -> b)) {
            h.server().inject(null, SLOW_BODIES.get(0));
            long start = System.nanoTime();
            assertThatThrownBy(() -> h.gateway.conversations(ConversationQuery.forAccount(Harness.ACCOUNT).build()))
                    .isInstanceOf(ProviderUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as(provider).isLessThan(BOUND);
            assertThat(h.server().requests().get(0).path()).as("the first request signs in")
                    .containsAnyOf("auth", "token", "session");
        }
    }
}
