package io.chatgateway.smsbat;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import io.chatgateway.testkit.ChatProviderConformanceKit;
import io.chatgateway.testkit.ConformanceTarget;
import io.chatgateway.testkit.FakeTime;
import io.chatgateway.testkit.smsbat.SmsbatSimulator;
import java.util.Optional;

/**
 * The conformance kit against the SMSBAT simulator, with the full token flow: company login and
 * password, operator tokens minted for operator 101.
 */
class SmsbatConformanceTest extends ChatProviderConformanceKit {

    @Override
    protected ConformanceTarget createTarget() {
        return new Target();
    }

    /** A simulator and a gateway pointed at it, sharing one fake clock. */
    static final class Target implements ConformanceTarget {
        final FakeTime time = FakeTime.standard();
        final SmsbatSimulator sim = new SmsbatSimulator(0, time);
        final ChatGateway gateway = ChatGateway.builder()
                .account("support", SmsbatConfig.builder().baseUri(sim.baseUri())
                        .login(SmsbatSimulator.DEMO_LOGIN).password(SmsbatSimulator.DEMO_PASSWORD)
                        .operatorId(SmsbatSimulator.DEMO_OPERATOR_ID).build())
                .clock(time).sleeper(time)
                .build();

        @Override
        public ChatGateway gateway() {
            return gateway;
        }

        @Override
        public String account() {
            return "support";
        }

        @Override
        public int requestCount() {
            return sim.requestCount();
        }

        @Override
        public Optional<Faults> faults() {
            return Optional.of(Faults.of(sim));
        }

        @Override
        public int maxPageSize() {
            return SmsbatChatProviderFactory.MAX_PAGE_SIZE;
        }

        @Override
        public ConversationRef conversationWithInboundMessages(int count) {
            long chat = sim.createChat("conformance", "Kit Client", "380930000000", SmsbatSimulator.SOURCE_TELEGRAM);
            for (int i = 0; i < count; i++) {
                if (i % 3 == 0) {
                    time.advance(java.time.Duration.ofSeconds(1)); // several messages share one timestamp
                }
                sim.addMessage(chat, SmsbatSimulator.AUTHOR_CLIENT, "msg-" + i);
            }
            time.advance(java.time.Duration.ofSeconds(1)); // the history lies in the past, as for the other targets
            return new ConversationRef("support", Long.toString(chat));
        }

        @Override
        public ConversationRef unknownConversation() {
            return new ConversationRef("support", "999999");
        }

        // unavailableConversation() is left at its default (empty: the kit's partial-failure case is skipped on
        // purpose): ChatHub documents no state in which a chat is known but refused, and every SMSBAT call names
        // one chat, so there is no many-chat call that one bad chat could sink.

        @Override
        public Optional<Inbound> inbound() {
            return Optional.of(Inbound.of(sim));
        }

        @Override
        public void close() {
            gateway.close();
            sim.close();
        }
    }
}
