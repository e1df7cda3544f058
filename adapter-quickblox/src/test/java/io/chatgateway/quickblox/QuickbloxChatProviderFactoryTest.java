package io.chatgateway.quickblox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.ChatGateway;
import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.spi.ChatProviderFactory;
import io.chatgateway.spi.ProviderSettings;
import io.chatgateway.testkit.ProviderSimulator;
import io.chatgateway.testkit.ProviderSimulatorFactory;
import io.chatgateway.testkit.quickblox.QuickbloxSimulator;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class QuickbloxChatProviderFactoryTest {

    private final QuickbloxChatProviderFactory factory = new QuickbloxChatProviderFactory();

    private QuickbloxConfig configure(Map<String, String> values) {
        return factory.configure(ProviderSettings.of("app", "quickblox", values));
    }

    @Test
    void should_be_discovered_by_the_service_loader() {
        assertThat(ServiceLoader.load(ChatProviderFactory.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(f -> {
                    assertThat(f).isInstanceOf(QuickbloxChatProviderFactory.class);
                    assertThat(f.metadata().id()).isEqualTo("quickblox");
                    assertThat(f.metadata().displayName()).isEqualTo("QuickBlox");
                    assertThat(f.metadata().defaultBaseUri()).isEqualTo(URI.create("https://api.quickblox.com"));
                    assertThat(f.metadata().defaultRatePerSecond()).isEqualTo(80);
                    assertThat(f.metadata().maxPageSize()).isEqualTo(100);
                });
        assertThat(ServiceLoader.load(ProviderSimulatorFactory.class).stream().map(ServiceLoader.Provider::get)
                .map(ProviderSimulatorFactory::providerId)).contains("quickblox");
    }

    @Test
    void should_read_api_key_settings_and_redact_the_key() {
        QuickbloxConfig c = configure(Map.of("api-key", "k-123456", "on-behalf-of", "42", "base-url", "https://api.example.com",
                "session-lifetime", "90m", "force-delete", "true", "text-filter-at-provider", "false"));
        assertThat(c.usesApiKey()).isTrue();
        assertThat(c.userId()).hasValue(42);
        assertThat(c.baseUri()).isEqualTo(URI.create("https://api.example.com"));
        assertThat(c.sessionLifetime()).isEqualTo(Duration.ofMinutes(90));
        assertThat(c.forceDelete()).isTrue();
        assertThat(c.textFilterAtProvider()).isFalse();
        assertThat(c.toString()).doesNotContain("k-123456").contains("apiKey=****");
    }

    @Test
    void should_read_session_settings_and_redact_every_secret() {
        QuickbloxConfig c = configure(Map.of("application-id", "76730", "auth-key", "ak-secret", "auth-secret", "as-secret",
                "login", "agent", "password", "pw-secret", "user-id", "1001"));
        assertThat(c.usesApiKey()).isFalse();
        assertThat(c.baseUri()).isEqualTo(QuickbloxConfig.DEFAULT_BASE_URI);
        assertThat(c.userId()).hasValue(1001);
        assertThat(c.toString()).doesNotContain("ak-secret", "as-secret", "pw-secret").contains("login=agent");
    }

    @Test
    void should_name_the_key_that_is_missing_or_malformed() {
        assertThatThrownBy(() -> configure(Map.of("api-key", "k", "user-id", "5")))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("chatgateway.account.app.user-id")
                .hasMessageContaining("chatgateway.account.app.on-behalf-of");
        assertThatThrownBy(() -> configure(Map.of("api-key", "k", "on-behalf-of", "bob")))
                .hasMessageContaining("chatgateway.account.app.on-behalf-of").hasMessageContaining("bob");
        assertThatThrownBy(() -> configure(Map.of("application-id", "1", "auth-key", "a", "login", "l", "password", "p")))
                .hasMessageContaining("chatgateway.account.app.auth-secret");
        assertThatThrownBy(() -> configure(Map.of("api-key", "k", "on-behalf-of", "1", "password", "topsecret")))
                .hasMessageContaining("chatgateway.account.app.password").hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> configure(Map.of()))
                .hasMessageContaining("chatgateway.account.app.api-key");
        assertThatThrownBy(() -> configure(Map.of("api-key", "k", "on-behalf-of", "1", "base-url", "ftp://x")))
                .hasMessageContaining("chatgateway.account.app.base-url");
    }

    @Test
    void should_build_a_gateway_from_the_simulators_demo_properties_in_both_modes() {
        try (ProviderSimulator sim = new QuickbloxSimulatorFactoryProbe().start()) {
            sim.seedDemoData();
            for (Map<String, String> props : new Map[] {sim.accountProperties("app"),
                    ((QuickbloxSimulator) sim).apiKeyAccountProperties("app")}) {
                Properties p = new Properties();
                p.putAll(props);
                try (ChatGateway g = ChatGateway.fromProperties(p)) {
                    assertThat(g.conversations(io.chatgateway.ConversationQuery.forAccount("app").build()).items())
                            .extracting(c -> c.title()).contains("Alice", "Support team", "Announcements");
                    assertThat(g.unreadCounts("app").values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3);
                }
            }
        }
    }

    /** Starts the simulator the way the CLI sandbox does: through its ServiceLoader factory. */
    private static final class QuickbloxSimulatorFactoryProbe {
        ProviderSimulator start() {
            return ServiceLoader.load(ProviderSimulatorFactory.class).stream().map(ServiceLoader.Provider::get)
                    .filter(f -> f.providerId().equals("quickblox")).findFirst().orElseThrow().start(0);
        }
    }
}
