package io.chatgateway.smsbat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.Capability;
import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationQuery;
import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.spi.ChatProviderFactory;
import io.chatgateway.spi.ProviderMetadata;
import io.chatgateway.spi.ProviderSettings;
import io.chatgateway.testkit.ProviderSimulator;
import io.chatgateway.testkit.ProviderSimulatorFactory;
import io.chatgateway.testkit.smsbat.SmsbatSimulator;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class SmsbatChatProviderFactoryTest {

    private final SmsbatChatProviderFactory factory = new SmsbatChatProviderFactory();

    private static ProviderSettings settings(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return ProviderSettings.of("support", "smsbat", m);
    }

    @Test
    void should_be_discovered_by_service_loader() {
        assertThat(ServiceLoader.load(ChatProviderFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.metadata().id().equals("smsbat")).toList()).hasSize(1)
                .allMatch(f -> f instanceof SmsbatChatProviderFactory);
        assertThat(ServiceLoader.load(ProviderSimulatorFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.providerId().equals("smsbat")).toList()).hasSize(1);
    }

    @Test
    void should_run_from_properties_against_a_discovered_simulator() {
        ProviderSimulatorFactory simFactory = ServiceLoader.load(ProviderSimulatorFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.providerId().equals("smsbat")).findFirst().orElseThrow();
        try (ProviderSimulator sim = simFactory.start(0)) {
            sim.seedDemoData();
            sim.seedDemoData();
            Properties p = new Properties();
            p.putAll(sim.accountProperties("support"));
            try (ChatGateway g = ChatGateway.fromProperties(p)) {
                assertThat(g.conversations(ConversationQuery.forAccount("support").build()).stream())
                        .extracting(c -> c.title()).containsExactlyInAnyOrder("Delivery question", "Refund", "Opening hours");
                assertThat(g.unreadCounts("support")).hasSize(3);
            }
        }
    }

    @Test
    void should_declare_honest_metadata() {
        ProviderMetadata m = factory.metadata();
        assertThat(m.id()).isEqualTo("smsbat");
        assertThat(m.displayName()).isEqualTo("SMSBAT ChatHub");
        assertThat(m.defaultBaseUri()).isEqualTo(URI.create("https://chatapi.smsbat.com"));
        assertThat(m.defaultRatePerSecond()).isEqualTo(100);
        assertThat(m.maxTextLength()).isEqualTo(4096);
        assertThat(m.maxPageSize()).isEqualTo(100);
        for (Capability c : new Capability[] {Capability.LIST_CONVERSATIONS, Capability.LIST_MESSAGES, Capability.SEND,
                Capability.SEND_ATTACHMENT, Capability.MARK_READ, Capability.SET_STATUS, Capability.DELETE_CONVERSATION}) {
            assertThat(m.support(c)).as(c.name()).isEqualTo(Capability.Support.NATIVE);
        }
        for (Capability c : new Capability[] {Capability.BROADCAST, Capability.GET_MESSAGE, Capability.MARK_ALL_READ,
                Capability.UNREAD_COUNTS, Capability.LAST_ACTIVITY}) {
            assertThat(m.support(c)).as(c.name()).isEqualTo(Capability.Support.EMULATED);
        }
    }

    @Test
    void should_read_every_key() {
        ProviderSettings s = settings("base-url", "https://chat.example.com", "login", "acme", "password", "pw-123",
                "operator-id", "101", "operator-token-lifetime", "12h", "token-renew-ahead", "10m",
                "auth-header", "x-authorization-key", "messages-path", "chat", "mark-read-body", "message-ids",
                "mark-read-status", "4", "mark-read-chat-id", "true", "media-format", "extension",
                "max-text-length", "1000", "date-filter-zone", "Europe/Kyiv", "send-lookup", "false");
        SmsbatConfig c = (SmsbatConfig) factory.configure(s);
        assertThat(s.unreadKeys()).isEmpty();
        assertThat(c.baseUri()).isEqualTo(URI.create("https://chat.example.com"));
        assertThat(c.login()).hasValue("acme");
        assertThat(c.operatorId()).hasValue(101L);
        assertThat(c.operatorTokenLifetime()).isEqualTo(Duration.ofHours(12));
        assertThat(c.renewAhead()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.authHeader()).isEqualTo(SmsbatConfig.AuthHeader.X_AUTHORIZATION_KEY);
        assertThat(c.messagesPath()).isEqualTo(SmsbatConfig.MessagesPath.CHAT);
        assertThat(c.markReadBody()).isEqualTo(SmsbatConfig.MarkReadBody.MESSAGE_IDS);
        assertThat(c.markReadStatus()).isEqualTo(4);
        assertThat(c.markReadWithChatId()).isTrue();
        assertThat(c.mediaFormat()).isEqualTo(SmsbatConfig.MediaFormat.EXTENSION);
        assertThat(c.maxTextLength()).isEqualTo(1000);
        assertThat(c.dateFilterZone()).isEqualTo(ZoneId.of("Europe/Kyiv"));
        assertThat(c.sendLookup()).isFalse();
        assertThat(c.toString()).doesNotContain("pw-123").contains("password=****");
    }

    @Test
    void should_default_to_the_public_host_and_a_static_token() {
        SmsbatConfig c = (SmsbatConfig) factory.configure(settings("token", "eyJ.abc.def"));
        assertThat(c.baseUri()).isEqualTo(URI.create("https://chatapi.smsbat.com"));
        assertThat(c.markReadBody()).isEqualTo(SmsbatConfig.MarkReadBody.IDS);
        assertThat(c.messagesPath()).isEqualTo(SmsbatConfig.MessagesPath.AUTO);
        assertThat(c.toString()).doesNotContain("eyJ.abc.def").contains("token=****");
    }

    @Test
    void should_name_the_key_in_every_configuration_error() {
        assertError(settings(), "chatgateway.account.support.token is required");
        assertError(settings("login", "acme"), "chatgateway.account.support.password is required");
        assertError(settings("password", "pw"), "chatgateway.account.support.login is required");
        assertError(settings("token", "t", "login", "acme"), "chatgateway.account.support.login cannot be combined");
        assertError(settings("token", "t", "operator-id", "bob"), "chatgateway.account.support.operator-id must be a whole number");
        assertError(settings("token", "t", "operator-token-lifetime", "30d"), "chatgateway.account.support.operator-token-lifetime must be between");
        assertError(settings("token", "t", "token-renew-ahead", "1d"), "chatgateway.account.support.token-renew-ahead must be shorter");
        assertError(settings("token", "t", "mark-read-body", "csv"), "chatgateway.account.support.mark-read-body must be one of ids, message-ids, per-message, array");
        assertError(settings("token", "t", "messages-path", "x"), "chatgateway.account.support.messages-path must be one of auto, chats, chat");
        assertError(settings("token", "t", "max-text-length", "5000"), "chatgateway.account.support.max-text-length must be between 1 and 4096");
        assertError(settings("token", "t", "base-url", "ftp://x"), "chatgateway.account.support.base-url must be an http or https URL");
    }

    private void assertError(ProviderSettings s, String message) {
        assertThatThrownBy(() -> factory.configure(s)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(message);
    }

    @Test
    void should_report_unknown_keys_through_the_gateway() {
        Properties p = new Properties();
        p.setProperty("chatgateway.account.support.provider", "smsbat");
        p.setProperty("chatgateway.account.support.token", "t");
        p.setProperty("chatgateway.account.support.colour", "red");
        assertThatThrownBy(() -> ChatGateway.fromProperties(p)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("chatgateway.account.support.colour");
    }

    @Test
    void should_validate_the_typed_builder() {
        assertThatThrownBy(() -> SmsbatConfig.builder().build()).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("token, or a login and a password");
        assertThatThrownBy(() -> SmsbatConfig.builder().token("t").operatorTokenLifetime(Duration.ofHours(25)).build())
                .hasMessageContaining("24 hours");
        assertThat(SmsbatConfig.builder().token("t").build().providerId()).isEqualTo("smsbat");
    }

    @Test
    void should_refuse_a_foreign_config() {
        try (SmsbatSimulator sim = new SmsbatSimulator(0)) {
            io.chatgateway.spi.ProviderConfig other = new io.chatgateway.spi.ProviderConfig() {
                @Override public String providerId() { return "smsbat"; }
                @Override public URI baseUri() { return sim.baseUri(); }
            };
            assertThatThrownBy(() -> ChatGateway.builder().account("x", other).build())
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("SmsbatConfig");
        }
    }
}
