package io.chatgateway.testkit.loopback;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import io.chatgateway.Secret;
import io.chatgateway.testkit.ConformanceTarget;
import io.chatgateway.testkit.FakeTime;
import io.chatgateway.testprovider.LoopbackConfig;
import io.chatgateway.testprovider.LoopbackProviderFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Optional;

/** A loopback simulator and a gateway whose account {@code lb} points at it, on fake time (not final: a test hides its faults). */
class LoopbackTarget implements ConformanceTarget {

    private final FakeTime time = FakeTime.standard();
    private final LoopbackSimulator simulator = new LoopbackSimulator(time);
    private final ChatGateway gateway = ChatGateway.builder()
            .account("lb", new LoopbackConfig(simulator.baseUri(), Secret.of(LoopbackSimulator.TOKEN)))
            .clock(time).sleeper(time)
            .build();
    private final AtomicInteger conversations = new AtomicInteger();

    @Override
    public ChatGateway gateway() {
        return gateway;
    }

    @Override
    public String account() {
        return "lb";
    }

    @Override
    public int requestCount() {
        return simulator.requestCount();
    }

    @Override
    public Optional<Faults> faults() {
        return Optional.of(Faults.of(simulator));
    }

    @Override
    public int maxPageSize() {
        return LoopbackProviderFactory.MAX_PAGE;
    }

    @Override
    public ConversationRef conversationWithInboundMessages(int count) {
        String id = "conv-" + conversations.incrementAndGet();
        simulator.backend().addConversation(id, "Conversation " + id);
        for (int i = 0; i < count; i++) {
            simulator.backend().addInbound(id, "customer-" + id, "msg-" + i);
        }
        return new ConversationRef(account(), id);
    }

    @Override
    public ConversationRef unknownConversation() {
        return new ConversationRef(account(), "no-such-conversation");
    }

    @Override
    public void close() {
        gateway.close();
        simulator.close();
    }
}
