package com.example.memorychat;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import io.chatgateway.testkit.ChatProviderConformanceKit;
import io.chatgateway.testkit.ConformanceTarget;
import io.chatgateway.testkit.FakeTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The whole conformance kit against the memory adapter, found by ServiceLoader like any installed adapter. */
class MemoryConformanceTest extends ChatProviderConformanceKit {

    @Override
    protected ConformanceTarget createTarget() {
        return new MemoryTarget();
    }

    /** A fresh store and a gateway with one memory account on it, on fake time. */
    static final class MemoryTarget implements ConformanceTarget {

        private final FakeTime time = FakeTime.standard();
        private final MemoryStore store = MemoryStore.named("kit-" + UUID.randomUUID());
        // no .providers(...): the gateway finds the memory factory with ServiceLoader
        private final ChatGateway gateway = ChatGateway.builder()
                .account("mem", new MemoryConfig(store.name()))
                .clock(time).sleeper(time)
                .build();

        @Override
        public ChatGateway gateway() {
            return gateway;
        }

        @Override
        public String account() {
            return "mem";
        }

        @Override
        public int requestCount() {
            return store.requestCount();
        }

        @Override
        public Optional<Faults> faults() {
            return Optional.of(new Faults() {
                @Override
                public void failNextRequests(int count) {
                    store.failNextRequests(count);
                }

                @Override
                public void clear() {
                    store.clearFaults();
                }
            });
        }

        @Override
        public int maxPageSize() {
            return MemoryChatProviderFactory.MAX_PAGE_SIZE;
        }

        @Override
        public ConversationRef conversationWithInboundMessages(int count) {
            String id = store.addConversation("conformance");
            Instant base = time.instant().minus(Duration.ofHours(1));
            for (int i = 0; i < count; i++) {
                // three messages per second: paging must not rely on distinct timestamps
                store.addInbound(id, "customer", "msg-" + i, base.plusSeconds(i / 3));
            }
            return new ConversationRef(account(), id);
        }

        @Override
        public ConversationRef unknownConversation() {
            return new ConversationRef(account(), "999999999");
        }

        @Override
        public void close() {
            gateway.close();
        }
    }
}
