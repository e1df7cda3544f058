package io.chatgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Accounts from --config and $CHATGW_CONFIG, pointed at a running simulator; and {@code chatgw simulate}. */
class ConfigAndSimulateTest {

    @TempDir
    Path dir;

    private ToySimulator simulator;

    @BeforeEach
    void start() {
        simulator = new ToySimulator(0);
        simulator.seedDemoData();
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private Path config(Map<String, String> properties) {
        return Cli.propertiesFile(dir.resolve("accounts.properties"), properties);
    }

    @Test
    void should_use_the_accounts_of_the_config_file_instead_of_the_sandbox() throws IOException {
        Path file = config(simulator.accountProperties("shop"));
        Cli.Result r = Cli.run("--config", file.toString(), "conversations", "-o", "json");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.json()).extracting(n -> n.path("ref").asText()).containsExactly("shop:1", "shop:2", "shop:3");
        assertThat(simulator.requestCount()).isEqualTo(1);
    }

    @Test
    void should_work_against_each_real_simulator_running_standalone() throws IOException {
        for (var factory : Sandbox.simulatorFactories()) {
            if (factory.providerId().equals("toy")) {
                continue;
            }
            try (var running = factory.start(0)) {
                running.seedDemoData();
                Path file = config(running.accountProperties("mine"));
                Cli.Result list = Cli.run("--config", file.toString(), "conversations", "-o", "json");
                assertThat(list.exitCode()).as(factory.providerId() + list.err()).isZero();
                assertThat(list.err()).isEmpty();
                assertThat(list.json()).isNotEmpty().allSatisfy(n -> assertThat(n.path("ref").asText()).startsWith("mine:"));
                String first = list.json().get(0).path("ref").asText();
                Cli.Result sent = Cli.run("--config", file.toString(), "send", first, "Hello from a config file");
                assertThat(sent.exitCode()).as(factory.providerId() + sent.err()).isZero();
                assertThat(sent.out().strip()).startsWith(first + "/");
                Cli.Result messages = Cli.run("--config", file.toString(), "messages", first, "--desc", "-n", "1", "-o", "json");
                assertThat(messages.exitCode()).as(factory.providerId() + messages.err()).isZero();
                assertThat(messages.json().get(0).path("text").asText()).isEqualTo("Hello from a config file");
                assertThat(Cli.run("--config", file.toString(), "unread").exitCode()).isZero();
            }
        }
    }

    @Test
    void should_merge_every_account_into_one_inbox_latest_activity_first() throws IOException {
        Map<String, String> props = new java.util.HashMap<>(simulator.accountProperties("east"));
        props.putAll(simulator.accountProperties("west"));
        Cli.Result r = Cli.run("--config", config(props).toString(), "conversations", "-o", "json");
        assertThat(r.exitCode()).isZero();
        assertThat(r.json()).extracting(n -> n.path("ref").asText())
                .containsExactly("east:2", "west:2", "east:1", "west:1", "east:3", "west:3");
        Cli.Result limited = Cli.run("--config", config(props).toString(), "conversations", "-o", "json", "-n", "3");
        assertThat(limited.json()).hasSize(3);
        Cli.Result unread = Cli.run("--config", config(props).toString(), "unread", "-o", "json");
        assertThat(unread.json()).hasSize(4); // the conversation without unread messages is left out in both accounts
    }

    @Test
    void should_read_the_file_named_by_CHATGW_CONFIG() throws IOException {
        Path file = config(simulator.accountProperties("shop"));
        Cli.Result sent = Cli.run(Map.of("CHATGW_CONFIG", file.toString()), "send", "shop:1", "Hello");
        assertThat(sent.exitCode()).isZero();
        assertThat(sent.out().strip()).isEqualTo("shop:1/100");
        Cli.Result listed = Cli.run(Map.of("CHATGW_CONFIG", file.toString()), "messages", "shop:1", "--desc", "-n", "1", "-o", "json");
        assertThat(listed.json().get(0).path("text").asText()).isEqualTo("Hello");
    }

    @Test
    void should_fail_with_exit_2_naming_the_bad_key_and_never_the_secret() throws IOException {
        Map<String, String> props = new java.util.HashMap<>(simulator.accountProperties("shop"));
        props.put("chatgateway.account.shop.colour", "blue");
        Cli.Result r = Cli.run("--config", config(props).toString(), "unread");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains("chatgateway.account.shop.colour");
        assertThat(r.err()).doesNotContain("toy-demo-token");
    }

    @Test
    void should_fail_with_exit_2_when_the_config_file_is_missing() {
        Cli.Result r = Cli.run("--config", dir.resolve("nope.properties").toString(), "unread");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains("does not exist");
    }

    @Test
    void should_fail_with_exit_1_on_rejected_credentials_without_printing_them() throws IOException {
        Map<String, String> props = new java.util.HashMap<>(simulator.accountProperties("shop"));
        props.put("chatgateway.account.shop.token", "wrong-secret-value");
        StringBuilder log = new StringBuilder();
        Cli.Result r;
        try (AutoCloseable tap = Logging.tap("io.chatgateway", line -> log.append(line).append('\n'))) {
            r = Cli.run("--config", config(props).toString(), "-v", "unread");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(log).contains("DEBUG").contains("401");
        assertThat(log).doesNotContain("wrong-secret-value");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString().startsWith("chatgw: ");
        assertThat(r.err() + r.out()).doesNotContain("wrong-secret-value");
    }

    @Test
    void should_run_a_simulator_standalone_and_print_its_url_and_credentials() {
        Cli.Result r = Cli.run("simulate", "toy", "--port", "0");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).containsPattern("# toy simulator listening on http://127\\.0\\.0\\.1:\\d+ with demo data")
                .contains("chatgateway.account.toy.provider=toy")
                .containsPattern("chatgateway\\.account\\.toy\\.base-url=http://127\\.0\\.0\\.1:\\d+")
                .containsPattern("# Make things happen: POST http://127\\.0\\.0\\.1:\\d+/_chatgw/inbound .* POST "
                        + "http://127\\.0\\.0\\.1:\\d+/_chatgw/deliver ");
        Cli.Result json = Cli.run("simulate", "toy", "--account", "mine", "-o", "json");
        JsonNode n = json.json().get(0);
        assertThat(n.path("provider").asText()).isEqualTo("toy");
        assertThat(n.path("baseUrl").asText()).startsWith("http://127.0.0.1:");
        assertThat(n.path("adminUrl").asText()).matches("http://127\\.0\\.0\\.1:\\d+/_chatgw/");
        assertThat(n.path("properties").path("chatgateway.account.mine.provider").asText()).isEqualTo("toy");
    }

    @Test
    void should_say_in_one_line_that_the_simulator_port_is_busy() throws IOException {
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = busy.getLocalPort();
            Cli.Result r = Cli.run("simulate", "toy", "--port", String.valueOf(port));
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            assertThat(r.errLines()).containsExactly("chatgw: Port " + port + " on 127.0.0.1 is already in use;"
                    + " choose another with --port, or leave it out for a free one.");
        }
    }
}
