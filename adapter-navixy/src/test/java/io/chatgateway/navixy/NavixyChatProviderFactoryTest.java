package io.chatgateway.navixy;

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
import io.chatgateway.testkit.navixy.NavixySimulator;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class NavixyChatProviderFactoryTest {

    private final NavixyChatProviderFactory factory = new NavixyChatProviderFactory();

    private static ProviderSettings settings(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return ProviderSettings.of("fleet", "navixy", m);
    }

    @Test
    void should_be_found_by_service_loader() {
        assertThat(ServiceLoader.load(ChatProviderFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.metadata().id().equals("navixy"))).singleElement().isInstanceOf(NavixyChatProviderFactory.class);
        assertThat(ServiceLoader.load(ProviderSimulatorFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.providerId().equals("navixy")).toList()).hasSize(1);
    }

    @Test
    void should_publish_metadata_and_honest_capabilities() {
        ProviderMetadata m = factory.metadata();
        assertThat(m.id()).isEqualTo("navixy");
        assertThat(m.displayName()).isEqualTo("Navixy");
        assertThat(m.defaultBaseUri()).isEqualTo(URI.create("https://api.eu.navixy.com/v2"));
        assertThat(m.maxTextLength()).isEqualTo(20_000);
        assertThat(m.maxPageSize()).isEqualTo(1024);
        assertThat(m.maxBroadcastRecipients()).isEqualTo(300);
        assertThat(m.defaultRatePerSecond()).isEqualTo(50);
        assertThat(m.capabilities()).containsEntry(Capability.BROADCAST, Capability.Support.NATIVE)
                .containsEntry(Capability.LAST_ACTIVITY, Capability.Support.NATIVE)
                .containsEntry(Capability.GET_MESSAGE, Capability.Support.UNSUPPORTED)
                .containsEntry(Capability.SEND_ATTACHMENT, Capability.Support.UNSUPPORTED)
                .containsEntry(Capability.SET_STATUS, Capability.Support.UNSUPPORTED)
                .containsEntry(Capability.DELETE_CONVERSATION, Capability.Support.UNSUPPORTED);
    }

    @Test
    void should_read_every_documented_property() {
        NavixyConfig c = factory.configure(settings("base-url", "https://api.us.navixy.com/v2", "hash", "abc123",
                "time-zone", "Europe/Riga", "iso-datetime", "false", "history-window", "30d"));
        assertThat(c.baseUri()).isEqualTo(URI.create("https://api.us.navixy.com/v2"));
        assertThat(c.hash().orElseThrow().reveal()).isEqualTo("abc123");
        assertThat(c.timeZone()).hasValue(ZoneId.of("Europe/Riga"));
        assertThat(c.isoDateTime()).isFalse();
        assertThat(c.historyWindow()).isEqualTo(Duration.ofDays(30));
        NavixyConfig login = factory.configure(settings("login", "me@example.com", "password", "pw-secret"));
        assertThat(login.login()).hasValue("me@example.com");
        assertThat(login.baseUri()).isEqualTo(NavixyConfig.DEFAULT_BASE_URI);
        assertThat(login.isoDateTime()).isTrue();
    }

    @Test
    void should_name_the_offending_key() {
        assertThatThrownBy(() -> factory.configure(settings()))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("chatgateway.account.fleet.hash");
        assertThatThrownBy(() -> factory.configure(settings("login", "me")))
                .hasMessageContaining("chatgateway.account.fleet.password");
        assertThatThrownBy(() -> factory.configure(settings("hash", "h", "login", "me", "password", "pw-secret")))
                .hasMessageContaining("chatgateway.account.fleet.login").hasMessageNotContaining("pw-secret");
        assertThatThrownBy(() -> factory.configure(settings("hash", "h", "time-zone", "Mars/Olympus")))
                .hasMessageContaining("chatgateway.account.fleet.time-zone");
        assertThatThrownBy(() -> factory.configure(settings("hash", "h", "base-url", "ftp://x")))
                .hasMessageContaining("chatgateway.account.fleet.base-url");
        assertThatThrownBy(() -> factory.configure(settings("hash", "h", "iso-datetime", "maybe")))
                .hasMessageContaining("chatgateway.account.fleet.iso-datetime");
    }

    @Test
    void should_never_show_secrets_in_to_string() {
        NavixyConfig hash = NavixyConfig.builder().hash("0123456789abcdef0123456789abcdef").build();
        NavixyConfig login = NavixyConfig.builder().login("me@example.com", "pw-secret").build();
        assertThat(hash.toString()).doesNotContain("0123456789abcdef").contains("****");
        assertThat(login.toString()).doesNotContain("pw-secret").contains("me@example.com");
        assertThatThrownBy(() -> NavixyConfig.builder().build()).isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void should_work_from_properties_against_the_discovered_simulator() {
        ProviderSimulatorFactory simulators = ServiceLoader.load(ProviderSimulatorFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.providerId().equals("navixy")).findFirst().orElseThrow();
        try (ProviderSimulator sim = simulators.start(0)) {
            sim.seedDemoData();
            sim.seedDemoData();
            Properties p = new Properties();
            p.putAll(sim.accountProperties("fleet"));
            try (ChatGateway gateway = ChatGateway.fromProperties(p)) {
                assertThat(gateway.conversations(ConversationQuery.forAccount("fleet").build()).stream().toList())
                        .hasSize(5)
                        .anySatisfy(c -> assertThat(c.attributes()).containsEntry("blocked", true))
                        .anySatisfy(c -> assertThat(c.unreadCount()).isEqualTo(2L));
            }
        }
        assertThat(NavixySimulator.DEMO_API_KEY).hasSize(32);
    }
}
