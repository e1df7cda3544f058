package io.chatgateway.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationQuery;
import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.events.GatewayEvent;
import io.chatgateway.events.GatewayListener;
import io.chatgateway.micrometer.ChatGatewayMetrics;
import io.chatgateway.testkit.navixy.NavixySimulator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Every condition of the auto-configuration, with {@link ApplicationContextRunner}, against the Navixy simulator. */
class ChatGatewayAutoConfigurationTest {

    private static NavixySimulator simulator;

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(ChatGatewayAutoConfiguration.class, ChatGatewayHealthAutoConfiguration.class,
                    ChatGatewayMetricsAutoConfiguration.class, HealthContributorAutoConfiguration.class));

    @BeforeAll
    static void start() {
        simulator = new NavixySimulator(0);
        simulator.seedDemoData();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    private static String[] fleet() {
        return new String[] {"chatgateway.account.fleet.provider=navixy",
                "chatgateway.account.fleet.base-url=" + simulator.baseUri(),
                "chatgateway.account.fleet.hash=" + NavixySimulator.DEMO_API_KEY};
    }

    @Test
    void should_build_the_gateway_from_account_properties() {
        runner.withPropertyValues(fleet()).run(context -> {
            assertThat(context).hasSingleBean(ChatGateway.class);
            ChatGateway gateway = context.getBean(ChatGateway.class);
            assertThat(gateway.accounts()).containsExactly("fleet");
            assertThat(gateway.provider("fleet")).isEqualTo("navixy");
            assertThat(gateway.conversations(ConversationQuery.forAccount("fleet").build()).items()).isNotEmpty();
        });
    }

    @Test
    void should_bind_camel_case_keys_and_placeholders_like_the_canonical_keys() {
        runner.withPropertyValues("chatgateway.account.myFleet.provider=navixy",
                        "chatgateway.account.myFleet.baseUrl=" + simulator.baseUri(),
                        "navixy-hash=" + NavixySimulator.DEMO_API_KEY,
                        "chatgateway.account.myFleet.hash=${navixy-hash}",
                        "chatgateway.account.myFleet.retry.maxAttempts=2")
                .run(context -> {
                    ChatGateway gateway = context.getBean(ChatGateway.class);
                    assertThat(gateway.accounts()).containsExactly("myFleet");
                    assertThat(gateway.conversations(ConversationQuery.forAccount("myFleet").build()).items()).isNotEmpty();
                });
    }

    @Test
    void should_build_accounts_from_chatgateway_account_environment_variables() {
        Map<String, Object> env = Map.of("CHATGATEWAY_ACCOUNT_FLEET_PROVIDER", "navixy",
                "CHATGATEWAY_ACCOUNT_FLEET_BASE_URL", simulator.baseUri().toString(),
                "CHATGATEWAY_ACCOUNT_FLEET_HASH", NavixySimulator.DEMO_API_KEY,
                "CHATGATEWAY_ACCOUNT_FLEET_RETRY_MAX_ATTEMPTS", "2");
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env)))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ChatGateway gateway = context.getBean(ChatGateway.class);
                    assertThat(gateway.accounts()).containsExactly("fleet");
                    assertThat(gateway.conversations(ConversationQuery.forAccount("fleet").build()).items()).isNotEmpty();
                });
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                Map.of("CHATGATEWAY_ACCOUNT_FLEET_HSAH", "s3cr3t-hash-value"))))
                .withPropertyValues(fleet()).run(context -> assertThat(rootCause(context.getStartupFailure()))
                        .isInstanceOf(InvalidConfigurationException.class)
                        .hasMessageContaining("chatgateway.account.fleet.hsah").hasMessageNotContaining("s3cr3t-hash-value"));
    }

    @Test
    void should_fail_the_start_naming_the_unknown_key_and_never_the_secret() {
        runner.withPropertyValues("chatgateway.account.fleet.provider=navixy",
                        "chatgateway.account.fleet.hash=s3cr3t-hash-value",
                        "chatgateway.account.fleet.hashh=typo").run(context -> {
            assertThat(context).hasFailed();
            Throwable root = rootCause(context.getStartupFailure());
            assertThat(root).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("chatgateway.account.fleet.hashh")
                    .hasMessageNotContaining("s3cr3t-hash-value");
        });
    }

    @Test
    void should_fail_the_start_on_a_property_outside_the_account_keys() {
        runner.withPropertyValues("chatgateway.acount.fleet.provider=navixy").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootCause(context.getStartupFailure())).isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("chatgateway.acount.fleet.provider");
        });
    }

    @Test
    void should_explain_a_configuration_error_in_one_line() {
        InvalidConfigurationException error = new InvalidConfigurationException("Unknown property chatgateway.x.",
                io.chatgateway.ErrorDetails.NONE);
        var analysis = new ConfigurationFailureAnalyzer().analyze(new IllegalStateException(error));
        assertThat(analysis.getDescription()).isEqualTo("Unknown property chatgateway.x.");
    }

    @Test
    void should_create_no_gateway_without_chatgateway_properties() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(ChatGateway.class);
            assertThat(context).doesNotHaveBean("chatGatewayHealthContributor");
        });
    }

    @Test
    void should_create_no_gateway_when_disabled() {
        runner.withPropertyValues(fleet()).withPropertyValues("chatgateway.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ChatGateway.class));
    }

    @Test
    void should_back_off_when_the_application_defines_its_own_gateway() {
        runner.withPropertyValues(fleet()).withUserConfiguration(OwnGateway.class).run(context -> {
            assertThat(context).hasSingleBean(ChatGateway.class);
            assertThat(context.getBean(ChatGateway.class).accounts()).containsExactly("mine");
        });
    }

    @Test
    void should_close_the_gateway_with_the_context() {
        ChatGateway[] seen = new ChatGateway[1];
        runner.withPropertyValues(fleet()).run(context -> seen[0] = context.getBean(ChatGateway.class));
        assertThatThrownBy(() -> seen[0].health()).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void should_register_listener_beans_and_apply_customizers() {
        runner.withPropertyValues(fleet()).withUserConfiguration(Listening.class).run(context -> {
            ChatGateway gateway = context.getBean(ChatGateway.class);
            assertThat(gateway.accounts()).containsExactly("fleet", "extra");
            gateway.conversations(ConversationQuery.forAccount("fleet").build());
            assertThat(context.getBean(Listening.class).events)
                    .filteredOn(e -> e instanceof GatewayEvent.CallFinished).hasSize(1);
        });
    }

    @Test
    void should_contribute_one_health_component_per_account() {
        runner.withPropertyValues(fleet()).run(context -> {
            HealthContributor contributor = context.getBean("chatGatewayHealthContributor", HealthContributor.class);
            assertThat(contributor).isInstanceOf(CompositeHealthContributor.class);
            CompositeHealthContributor composite = (CompositeHealthContributor) contributor;
            Health fleet = ((HealthIndicator) composite.getContributor("fleet")).health();
            assertThat(fleet.getStatus()).isEqualTo(Status.UP);
            assertThat(fleet.getDetails()).containsEntry("provider", "navixy").containsEntry("circuit", "CLOSED")
                    .containsKey("reason");
        });
    }

    @Test
    void should_report_no_health_when_the_indicator_is_disabled() {
        runner.withPropertyValues(fleet()).withPropertyValues("management.health.chatgateway.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("chatGatewayHealthContributor"));
    }

    @Test
    void should_record_metrics_when_a_meter_registry_bean_exists() {
        runner.withPropertyValues(fleet()).withUserConfiguration(Registry.class).run(context -> {
            assertThat(context).hasSingleBean(ChatGatewayMetrics.class);
            context.getBean(ChatGateway.class).conversations(ConversationQuery.forAccount("fleet").build());
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get(ChatGatewayMetrics.CALLS).tags("account", "fleet", "operation", "conversations")
                    .timer().count()).isEqualTo(1);
            assertThat(registry.get(ChatGatewayMetrics.HEALTH).tags("account", "fleet", "status", "up").gauge().value())
                    .isEqualTo(1);
        });
    }

    @Test
    void should_record_no_metrics_without_a_meter_registry() {
        runner.withPropertyValues(fleet()).run(context -> assertThat(context).doesNotHaveBean(ChatGatewayMetrics.class));
    }

    @Test
    void should_ship_configuration_metadata_naming_the_keys() throws Exception {
        try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
            assertThat(root.path("properties").findValuesAsText("name")).contains("chatgateway.enabled",
                    "chatgateway.account", "management.health.chatgateway.enabled")
                    .as("every key of chatgateway.store|inbox|outbox.*").containsAll(StarterSettings.KEYS);
        }
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnGateway {
        @Bean
        ChatGateway myGateway() {
            return ChatGateway.builder().properties(props(Map.of("chatgateway.account.mine.provider", "navixy",
                    "chatgateway.account.mine.hash", NavixySimulator.DEMO_API_KEY,
                    "chatgateway.account.mine.base-url", simulator.baseUri().toString()))).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Listening {
        final List<GatewayEvent> events = new CopyOnWriteArrayList<>();

        @Bean
        GatewayListener recorder() {
            return events::add;
        }

        @Bean
        ChatGatewayCustomizer extraAccount() {
            return b -> b.properties(props(Map.of("chatgateway.account.extra.provider", "navixy",
                    "chatgateway.account.extra.hash", NavixySimulator.DEMO_API_KEY,
                    "chatgateway.account.extra.base-url", simulator.baseUri().toString())));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registry {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    static java.util.Properties props(Map<String, String> values) {
        java.util.Properties p = new java.util.Properties();
        p.putAll(values);
        return p;
    }
}
