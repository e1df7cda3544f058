package com.example.memorychat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.spi.ChatProviderFactory;
import java.time.Instant;
import java.util.Properties;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The adapter as an application meets it: installed on the class path and configured by properties. */
class MemoryDiscoveryTest {

    @Test
    void should_be_found_by_service_loader() {
        assertThat(ServiceLoader.load(ChatProviderFactory.class).stream().map(ServiceLoader.Provider::type))
                .contains(MemoryChatProviderFactory.class);
    }

    @Test
    void should_work_from_properties() {
        MemoryStore store = MemoryStore.named("discovery-test");
        String conversation = store.addConversation("Support");
        store.addInbound(conversation, "customer-1", "Hello?", Instant.parse("2026-01-01T10:00:00Z"));
        Properties p = new Properties();
        p.setProperty("chatgateway.account.demo.provider", "memory");
        p.setProperty("chatgateway.account.demo.store", "discovery-test");
        try (ChatGateway gateway = ChatGateway.fromProperties(p)) {
            ConversationRef ref = new ConversationRef("demo", conversation);
            gateway.send(ref, OutgoingMessage.text("Hi, how can I help?"));
            assertThat(gateway.messages(MessageQuery.of(ref).build()).stream().map(Message::text))
                    .containsExactly("Hello?", "Hi, how can I help?");
            assertThat(gateway.provider("demo")).isEqualTo("memory");
        }
    }

    @Test
    void should_name_the_missing_store_setting() {
        Properties p = new Properties();
        p.setProperty("chatgateway.account.demo.provider", "memory");
        assertThatThrownBy(() -> ChatGateway.fromProperties(p)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("store");
    }
}
