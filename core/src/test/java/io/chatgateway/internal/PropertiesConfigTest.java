package io.chatgateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.ChatGateway;
import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.ResiliencePolicy;
import io.chatgateway.Secret;
import io.chatgateway.spi.ProviderSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PropertiesConfigTest {

    private static final String TOKEN = "tok-VERY-secret-123";
    private static final String P = "chatgateway.account.fleet.";

    private static Properties base() {
        Properties p = new Properties();
        p.setProperty("chatgateway.account.fleet.provider", "loopback");
        p.setProperty("chatgateway.account.fleet.base-url", "http://127.0.0.1:9/api");
        p.setProperty("chatgateway.account.fleet.token", TOKEN);
        p.setProperty("unrelated.key", "ignored");
        return p;
    }

    private static ChatGateway load(Properties p, Map<String, String> env) {
        return PropertiesLoader.load(p, env, ChatGateway.builder()).build();
    }

    private static ResiliencePolicy policy(ChatGateway g, String account) {
        return ((DefaultChatGateway) g).runtime(account).policy();
    }

    @Test
    void should_build_a_gateway_from_the_documented_format_with_common_keys() {
        Properties p = base();
        p.setProperty(P + "connect-timeout", "2s");
        p.setProperty(P + "request-timeout", "PT45S");
        p.setProperty(P + "retry.max-attempts", "5");
        p.setProperty(P + "rate-limit.per-second", "12");
        p.setProperty("chatgateway.account.second.provider", "loopback");
        p.setProperty("chatgateway.account.second.base-url", "https://chat.example.com");
        p.setProperty("chatgateway.account.second.token", "${env:LOOPBACK_TOKEN}");
        try (ChatGateway g = load(p, Map.of("LOOPBACK_TOKEN", "from-env"))) {
            assertThat(g.accounts()).containsExactlyInAnyOrder("fleet", "second");
            assertThat(g.provider("fleet")).isEqualTo("loopback");
            ResiliencePolicy fleet = policy(g, "fleet");
            assertThat(fleet.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(fleet.requestTimeout()).isEqualTo(Duration.ofSeconds(45));
            assertThat(fleet.maxAttempts()).isEqualTo(5);
            assertThat(fleet.ratePerSecond()).isEqualTo(12);
            assertThat(policy(g, "second")).isSameAs(ResiliencePolicy.ofDefaults());
            assertThat(g.toString()).doesNotContain(TOKEN);
        }
    }

    @Test
    void should_set_and_override_account_keys_from_chatgateway_account_environment_variables() {
        Properties p = base();
        p.setProperty("chatgateway.account.eu-fleet.provider", "loopback");
        p.setProperty("chatgateway.account.eu-fleet.base-url", "http://127.0.0.1:9/eu");
        p.setProperty("chatgateway.account.eu-fleet.token", "t");
        Map<String, String> env = Map.of(
                "CHATGATEWAY_ACCOUNT_FLEET_RETRY_MAX_ATTEMPTS", "7",
                "CHATGATEWAY_ACCOUNT_FLEET_CONNECT_TIMEOUT", "3s",
                "CHATGATEWAY_ACCOUNT_EU_FLEET_RATE_LIMIT_PER_SECOND", "4",
                "CHATGATEWAY_ACCOUNT_SUPPORT_PROVIDER", "loopback",
                "CHATGATEWAY_ACCOUNT_SUPPORT_BASE_URL", "http://127.0.0.1:9/support",
                "CHATGATEWAY_ACCOUNT_SUPPORT_TOKEN", "from-env");
        try (ChatGateway g = load(p, env)) {
            assertThat(g.accounts()).containsExactlyInAnyOrder("fleet", "eu-fleet", "support");
            assertThat(policy(g, "fleet").maxAttempts()).isEqualTo(7);
            assertThat(policy(g, "fleet").connectTimeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(policy(g, "eu-fleet").ratePerSecond()).isEqualTo(4);
            assertThat(g.provider("support")).isEqualTo("loopback");
        }
        // variables alone are a configuration, also without CHATGW_CONFIG
        try (ChatGateway g = PropertiesLoader.fromEnvironment(Map.of("CHATGATEWAY_ACCOUNT_SUPPORT_PROVIDER", "loopback",
                "CHATGATEWAY_ACCOUNT_SUPPORT_BASE_URL", "http://127.0.0.1:9/support",
                "CHATGATEWAY_ACCOUNT_SUPPORT_TOKEN", "from-env"), ChatGateway.builder()).build()) {
            assertThat(g.accounts()).containsExactly("support");
        }
    }

    @Test
    void should_name_an_environment_variable_of_no_account_or_an_unknown_key_and_never_its_value() {
        assertThatThrownBy(() -> load(base(), Map.of("CHATGATEWAY_ACCOUNT_FLEEET_TOKEN", "s3cr3t")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("CHATGATEWAY_ACCOUNT_FLEEET_TOKEN belongs to no account")
                .hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> load(base(), Map.of("CHATGATEWAY_ACCOUNT_FLEET_TOKN", "s3cr3t")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("chatgateway.account.fleet.tokn")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void should_read_the_properties_file_named_by_chatgw_config(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("chatgw.properties");
        Files.writeString(file, "chatgateway.account.fleet.provider=loopback\n"
                + "chatgateway.account.fleet.base-url=http://127.0.0.1:9\n"
                + "chatgateway.account.fleet.token=${env:TOK}\n");
        try (ChatGateway g = PropertiesLoader.fromEnvironment(Map.of("CHATGW_CONFIG", file.toString(), "TOK", "x"),
                ChatGateway.builder()).build()) {
            assertThat(g.accounts()).containsExactly("fleet");
        }
        assertThatThrownBy(() -> PropertiesLoader.fromEnvironment(Map.of(), ChatGateway.builder()))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("CHATGW_CONFIG");
        assertThatThrownBy(() -> PropertiesLoader.fromEnvironment(Map.of("CHATGW_CONFIG", dir.resolve("none").toString()),
                ChatGateway.builder())).isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("could not be read");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "colour|red|chatgateway.account.fleet.colour is not known to the loopback provider",
            "connect-timeout|5 seconds|chatgateway.account.fleet.connect-timeout is not a duration",
            "connect-timeout|0s|chatgateway.account.fleet.connect-timeout",
            "request-timeout|-PT1S|chatgateway.account.fleet.request-timeout",
            "retry.max-attempts|many|chatgateway.account.fleet.retry.max-attempts is not a whole number",
            "retry.max-attempts|11|chatgateway.account.fleet.retry.max-attempts must be between 1 and 10",
            "rate-limit.per-second|0|chatgateway.account.fleet.rate-limit.per-second must be between",
            "retry.max-backoff|1ms|chatgateway.account.fleet.retry.max-backoff",
            "base-url|ftp://x|chatgateway.account.fleet.base-url must be an http or https URL",
            "base-url|http://u:pw@host/x|chatgateway.account.fleet.base-url must not carry",
            "token|${env:NOPE}|chatgateway.account.fleet.token refers to the environment variable NOPE"})
    void should_name_the_full_key_of_a_bad_property_and_never_the_secret(String key, String value, String expected) {
        Properties p = base();
        p.setProperty(P + key, value);
        assertThatThrownBy(() -> load(p, Map.of()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN).endsWith("."));
    }

    @Test
    void should_report_a_misspelt_secret_key_instead_of_the_missing_one_and_never_its_value() {
        Properties p = base();
        p.remove(P + "token");
        p.setProperty(P + "tokne", TOKEN);
        assertThatThrownBy(() -> load(p, Map.of()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Property chatgateway.account.fleet.tokne is not known to the loopback provider; did you mean token?")
                .satisfies(e -> assertThat(e.toString()).doesNotContain(TOKEN))
                .satisfies(e -> assertThat(((InvalidConfigurationException) e).problem())
                        .contains("is not known to the loopback provider; did you mean token?"));
    }

    @Test
    void should_suggest_common_keys_and_list_every_unknown_key() {
        Properties p = base();
        p.setProperty(P + "retry.max-atempts", "4");
        p.setProperty(P + "colour", "red");
        assertThatThrownBy(() -> load(p, Map.of()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Property chatgateway.account.fleet.colour is not known to the loopback provider."
                        + " Also not known: chatgateway.account.fleet.retry.max-atempts.");
        Properties q = base();
        q.setProperty(P + "retry.max-atempts", "4");
        assertThatThrownBy(() -> load(q, Map.of()))
                .hasMessage("Property chatgateway.account.fleet.retry.max-atempts is not known to the loopback provider;"
                        + " did you mean retry.max-attempts?");
    }

    @Test
    void should_suggest_the_nearest_provider_id() {
        Properties p = base();
        p.setProperty(P + "provider", "loopbak");
        assertThatThrownBy(() -> load(p, Map.of()))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("No chat provider with id 'loopbak' was found; did you mean loopback? Found: loopback.");
    }

    @Test
    void should_read_every_resilience_setting_from_properties() {
        Properties p = base();
        p.setProperty(P + "retry.backoff-multiplier", "1.5");
        p.setProperty(P + "retry.jitter", "0.25");
        p.setProperty(P + "retry.budget-tokens", "20");
        p.setProperty(P + "retry.budget-ratio", "0.2");
        p.setProperty(P + "circuit-breaker.failure-rate-threshold", "75");
        p.setProperty(P + "circuit-breaker.sliding-window-size", "40");
        p.setProperty(P + "circuit-breaker.minimum-calls", "5");
        p.setProperty(P + "circuit-breaker.wait-in-open", "1m");
        p.setProperty(P + "rate-limit.timeout", "2s");
        p.setProperty(P + "bulkhead.max-concurrent-calls", "3");
        p.setProperty(P + "bulkhead.max-wait", "500ms");
        p.setProperty(P + "broadcast.concurrency", "4");
        p.setProperty(P + "retry.max-retry-after", "10s");
        try (ChatGateway g = load(p, Map.of())) {
            ResiliencePolicy r = policy(g, "fleet");
            assertThat(r.backoffMultiplier()).isEqualTo(1.5);
            assertThat(r.jitter()).isEqualTo(0.25);
            assertThat(r.retryBudgetTokens()).isEqualTo(20);
            assertThat(r.retryBudgetRatio()).isEqualTo(0.2);
            assertThat(r.failureRateThreshold()).isEqualTo(75f);
            assertThat(r.slidingWindowSize()).isEqualTo(40);
            assertThat(r.minimumCalls()).isEqualTo(5);
            assertThat(r.waitInOpenState()).isEqualTo(Duration.ofMinutes(1));
            assertThat(r.rateLimitTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(r.maxConcurrentCalls()).isEqualTo(3);
            assertThat(r.maxConcurrencyWait()).isEqualTo(Duration.ofMillis(500));
            assertThat(r.broadcastConcurrency()).isEqualTo(4);
            assertThat(r.maxRetryAfter()).isEqualTo(Duration.ofSeconds(10));
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "retry.jitter|1.5|chatgateway.account.fleet.retry.jitter must be between 0.0 and 1.0, not 1.5",
            "retry.backoff-multiplier|fast|chatgateway.account.fleet.retry.backoff-multiplier is not a number: 'fast'",
            "retry.budget-ratio|0|chatgateway.account.fleet.retry.budget-ratio is not accepted",
            "circuit-breaker.failure-rate-threshold|0|chatgateway.account.fleet.circuit-breaker.failure-rate-threshold is not accepted"})
    void should_name_the_key_of_a_bad_decimal(String key, String value, String expected) {
        Properties p = base();
        p.setProperty(P + key, value);
        assertThatThrownBy(() -> load(p, Map.of())).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void should_list_the_common_keys_it_reads() {
        assertThat(PropertiesLoader.commonKeys()).contains("provider", "connect-timeout", "retry.max-attempts",
                "circuit-breaker.wait-in-open", "rate-limit.per-second", "bulkhead.max-concurrent-calls",
                "broadcast.concurrency").doesNotContain("token", "base-url");
    }

    @Test
    void should_name_missing_keys() {
        Properties p = base();
        p.remove(P + "token");
        assertThatThrownBy(() -> load(p, Map.of())).hasMessageContaining("Property chatgateway.account.fleet.token is required");
        Properties q = base();
        q.remove(P + "provider");
        assertThatThrownBy(() -> load(q, Map.of())).hasMessageContaining("chatgateway.account.fleet.provider is required");
        Properties r = new Properties();
        r.setProperty("other", "x");
        assertThatThrownBy(() -> load(r, Map.of())).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("chatgateway.account.<name>.provider");
    }

    @Test
    void should_reject_keys_outside_the_account_pattern_and_unknown_providers() {
        Properties p = base();
        p.setProperty("chatgateway.acount.fleet.provider", "loopback");
        assertThatThrownBy(() -> load(p, Map.of())).hasMessageContaining("Unknown property chatgateway.acount.fleet.provider");
        Properties q = base();
        q.setProperty(P + "provider", "navixx");
        assertThatThrownBy(() -> load(q, Map.of())).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("'navixx'").hasMessageContaining("found: loopback");
    }

    @Test
    void should_never_show_a_secret_with_a_line_break() {
        Properties p = base();
        p.setProperty(P + "token", "abc\ndef" + TOKEN);
        assertThatThrownBy(() -> load(p, Map.of())).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("chatgateway.account.fleet.token must not contain line breaks")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN).doesNotContain("abc"));
    }

    @Test
    void should_read_typed_settings_and_track_unread_keys() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("a", " 5s ");
        values.put("b", "PT0.2S");
        values.put("c", "200ms");
        values.put("d", "2m");
        values.put("e", "1h");
        values.put("f", "1d");
        values.put("zone", "Europe/Riga");
        values.put("flag", "yes");
        values.put("n", "42");
        values.put("empty", "  ");
        values.put("secret", TOKEN);
        values.put("unread", "x");
        ProviderSettings s = ProviderSettings.of("acc", "prov", values);
        assertThat(s.duration("a")).hasValue(Duration.ofSeconds(5));
        assertThat(s.duration("b")).hasValue(Duration.ofMillis(200));
        assertThat(s.duration("c")).hasValue(Duration.ofMillis(200));
        assertThat(s.duration("d")).hasValue(Duration.ofMinutes(2));
        assertThat(s.duration("e")).hasValue(Duration.ofHours(1));
        assertThat(s.duration("f")).hasValue(Duration.ofDays(1));
        assertThat(s.zone("zone")).hasValue(ZoneId.of("Europe/Riga"));
        assertThat(s.bool("flag")).hasValue(true);
        assertThat(s.integer("n", 1, 100)).hasValue(42);
        assertThat(s.get("empty")).isEmpty();
        assertThat(s.has("empty")).isFalse();
        assertThat(s.secret("secret")).hasValue(Secret.of(TOKEN));
        assertThat(s.unreadKeys()).containsExactly("unread");
        assertThat(s.toString()).doesNotContain(TOKEN).contains("secret");
        assertThat(s.fullKey("x")).isEqualTo("chatgateway.account.acc.x");
        ProviderSettings bad = ProviderSettings.of("acc", "prov", Map.of("flag", "maybe", "zone", "Mars/Base", "n", "7"));
        assertThatThrownBy(() -> bad.bool("flag")).hasMessage("Property chatgateway.account.acc.flag must be true or false, not 'maybe'.");
        assertThatThrownBy(() -> bad.zone("zone")).hasMessageContaining("chatgateway.account.acc.zone");
        assertThatThrownBy(() -> bad.integer("n", 10, 20)).hasMessageContaining("chatgateway.account.acc.n must be between 10 and 20");
        assertThat(ProviderSettings.parseDuration("soon")).isEmpty();
    }
}
