package io.chatgateway.smsbat;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import io.chatgateway.MessageRef;
import io.chatgateway.Sleeper;
import io.chatgateway.testkit.Fault;
import io.chatgateway.testkit.FakeTime;
import io.chatgateway.testkit.RecordedRequest;
import io.chatgateway.testkit.smsbat.SmsbatSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Resilience per HTTP request on SMSBAT's multi-request operations: every request takes a rate-limiter permit
 * (counted at the simulator, in real time, under the default limit), and a retry repeats only the request that
 * failed.
 */
class SmsbatRequestResilienceTest {

    private final FakeTime time = FakeTime.standard();
    private final SmsbatSimulator sim = new SmsbatSimulator(0, time);
    private ChatGateway gateway;

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
        }
        sim.close();
    }

    private ChatGateway gateway(Sleeper sleeper, UnaryOperator<SmsbatConfig.Builder> tweak) {
        SmsbatConfig.Builder b = SmsbatConfig.builder().baseUri(sim.baseUri())
                .login(SmsbatSimulator.DEMO_LOGIN).password(SmsbatSimulator.DEMO_PASSWORD)
                .operatorId(SmsbatSimulator.DEMO_OPERATOR_ID)
                .messagesPath(SmsbatConfig.MessagesPath.CHATS);
        gateway = ChatGateway.builder().account("support", tweak.apply(b).build()).clock(time).sleeper(sleeper).build();
        return gateway;
    }

    @Test
    void should_take_a_rate_limit_permit_for_each_history_request_of_last_activity() {
        int limit = SmsbatChatProviderFactory.DEFAULT_RATE_PER_SECOND;
        List<ConversationRef> chats = new ArrayList<>();
        for (int i = 0; i < 2 * limit + 50; i++) {
            long chat = sim.createChat("t" + i, "C" + i, "38093" + (1_000_000 + i), 1);
            sim.addMessage(chat, 1, "hi", time.instant().minusSeconds(60));
            chats.add(new ConversationRef("support", Long.toString(chat)));
        }
        ChatGateway g = gateway(Sleeper.REAL, b -> b);
        sim.clearRequests();

        Map<ConversationRef, Instant> last = g.lastActivity(chats);

        assertThat(last).hasSize(chats.size());
        assertThat(sim.requests().stream().filter(r -> r.path().endsWith("/messages")).count()).isEqualTo(chats.size());
        // the limiter's periods are fixed seconds: one period's permits plus the next's is the most any second can see
        assertThat(sim.server().maxRequestsWithin(Duration.ofSeconds(1))).isLessThanOrEqualTo(2 * limit);
    }

    @Test
    void should_retry_only_the_mark_read_request_that_failed() {
        long chat = sim.createChat("t", "C", "380931234567", 1);
        List<MessageRef> refs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long id = sim.addMessage(chat, 1, "m" + i);
            refs.add(new ConversationRef("support", Long.toString(chat)).message(Long.toString(id)));
        }
        ChatGateway g = gateway(time, b -> b.markReadBody(SmsbatConfig.MarkReadBody.PER_MESSAGE));
        sim.clearRequests();
        sim.server().inject("/api/chat/messages/status", Fault.pass());
        sim.server().inject("/api/chat/messages/status", Fault.respond(503, "{}"));

        g.markRead(refs);

        List<String> bodies = sim.requests().stream().filter(r -> r.path().equals("/api/chat/messages/status"))
                .map(RecordedRequest::bodyText).toList();
        assertThat(bodies).hasSize(4);
        for (int i = 0; i < 3; i++) {
            String id = "\"id\":" + refs.get(i).id();
            assertThat(bodies.stream().filter(b -> b.contains(id)).count()).as("requests for message %d", i)
                    .isEqualTo(i == 1 ? 2 : 1);
        }
        refs.forEach(r -> assertThat(sim.messageStatus(Long.parseLong(r.id()))).isEqualTo(3));
    }
}
