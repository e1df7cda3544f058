package io.chatgateway.it.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.ChatGateway;
import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.internal.PropertiesLoader;
import io.chatgateway.spi.ChatProviderFactory;
import io.chatgateway.spi.ProviderSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md} lists exactly the keys the loader accepts: the gateway's common keys (derived from
 * the loader itself) and, for every installed provider, the keys its factory reads (derived by configuring it,
 * the same way the gateway decides which keys are unknown).
 */
class ConfigurationReferenceTest {

    /** Minimal valid settings of each provider, one per authentication mode, so that every branch reads its keys. */
    private static final Map<String, List<Map<String, String>>> MINIMAL = Map.of(
            "navixy", List.of(Map.of("hash", "h"), Map.of("login", "l", "password", "p")),
            "smsbat", List.of(Map.of("token", "t"), Map.of("login", "l", "password", "p")),
            "quickblox", List.of(Map.of("api-key", "k", "on-behalf-of", "1"),
                    Map.of("application-id", "1", "auth-key", "k", "auth-secret", "s", "login", "l", "password", "p")));

    private record Row(String key, String provider) {}

    private static List<Row> table() throws IOException {
        Path doc = Path.of("").toAbsolutePath().getParent().resolve("docs").resolve("configuration.md");
        assertThat(doc).as("the configuration reference in the repository").exists();
        List<String> lines = Files.readAllLines(doc);
        assertThat(lines.stream().filter(l -> l.startsWith("| key | provider |")).count())
                .as("one table of keys").isEqualTo(1);
        return lines.stream().filter(l -> l.startsWith("| `")).map(l -> {
            String[] cells = l.split("\\|");
            return new Row(cells[1].trim().replace("`", ""), cells[2].trim());
        }).toList();
    }

    private static Map<String, Set<String>> documented() throws IOException {
        Map<String, Set<String>> byProvider = new TreeMap<>();
        for (Row r : table()) {
            assertThat(byProvider.computeIfAbsent(r.provider(), p -> new TreeSet<>()).add(r.key()))
                    .as("%s is listed once for %s", r.key(), r.provider()).isTrue();
        }
        return byProvider;
    }

    private static Set<String> accepted(ChatProviderFactory factory) {
        String id = factory.metadata().id();
        assertThat(MINIMAL).as("minimal settings of provider %s (document its keys in docs/configuration.md)", id)
                .containsKey(id);
        Set<String> keys = new TreeSet<>();
        for (Map<String, String> values : MINIMAL.get(id)) {
            ProviderSettings s = ProviderSettings.of("a", id, values);
            factory.configure(s);
            assertThat(s.unreadKeys()).as("minimal settings of %s are all read", id).isEmpty();
            keys.addAll(s.readKeys());
        }
        return keys;
    }

    @Test
    void should_list_exactly_the_common_keys_the_loader_reads() throws IOException {
        assertThat(documented().get("all")).isEqualTo(PropertiesLoader.commonKeys());
    }

    @Test
    void should_list_exactly_the_keys_each_installed_provider_reads() throws IOException {
        Map<String, Set<String>> documented = documented();
        Set<String> providers = new TreeSet<>();
        for (ChatProviderFactory factory : ServiceLoader.load(ChatProviderFactory.class)) {
            String id = factory.metadata().id();
            providers.add(id);
            assertThat(documented.getOrDefault(id, Set.of())).as("keys of the %s provider", id)
                    .isEqualTo(accepted(factory));
        }
        assertThat(providers).containsExactlyInAnyOrder("navixy", "smsbat", "quickblox");
        assertThat(documented.keySet().stream().filter(p -> !p.equals("all")).collect(Collectors.toSet()))
                .as("providers in the table").isEqualTo(providers);
    }

    @Test
    void should_name_a_misspelt_secret_key_and_suggest_the_known_one_without_showing_the_value() {
        Properties p = new Properties();
        p.setProperty("chatgateway.account.fleet.provider", "navixy");
        p.setProperty("chatgateway.account.fleet.hsah", "s3cr3t-hash-value");
        assertThatThrownBy(() -> ChatGateway.fromProperties(p).close())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Property chatgateway.account.fleet.hsah is not known to the navixy provider; did you mean hash?")
                .satisfies(e -> assertThat(e.toString()).doesNotContain("s3cr3t"));
    }

    @Test
    void should_suggest_a_common_key_for_a_misspelt_one() {
        Properties p = new Properties();
        p.setProperty("chatgateway.account.app.provider", "quickblox");
        p.setProperty("chatgateway.account.app.api-key", "k");
        p.setProperty("chatgateway.account.app.on-behalf-of", "7");
        p.setProperty("chatgateway.account.app.retry.max-atempts", "4");
        assertThatThrownBy(() -> ChatGateway.fromProperties(p).close())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Property chatgateway.account.app.retry.max-atempts is not known to the quickblox provider;"
                        + " did you mean retry.max-attempts?");
    }
}
