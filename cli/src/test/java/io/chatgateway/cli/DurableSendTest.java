package io.chatgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chatgw send --idempotency-key}: one send across separate runs, through the store in the state directory. */
class DurableSendTest {

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

    private Path config() {
        return Cli.propertiesFile(dir.resolve("accounts.properties"), simulator.accountProperties("shop"));
    }

    private long posts() {
        return simulator.server().requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().endsWith("/messages")).count();
    }

    @Test
    void should_send_once_across_two_runs_with_one_key_and_print_the_first_ref() throws IOException {
        Map<String, String> env = Map.of("CHATGW_STATE_DIR", dir.resolve("state").toString());
        String cfg = config().toString();
        Cli.Result first = Cli.run(env, "--config", cfg, "send", "shop:1", "Order 17 ready", "--idempotency-key", "o-17",
                "-o", "json");
        Cli.Result second = Cli.run(env, "--config", cfg, "send", "shop:1", "Order 17 ready", "--idempotency-key", "o-17",
                "-o", "json");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.json().get(0).path("ref").asText()).isEqualTo(first.json().get(0).path("ref").asText());
        assertThat(first.json().get(0).path("replayed").asBoolean()).isFalse();
        assertThat(second.json().get(0).path("replayed").asBoolean()).isTrue();
        assertThat(posts()).isEqualTo(1);
        assertThat(Files.list(dir.resolve("state")).map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("chatgw"));
    }

    @Test
    void should_use_the_store_given_by_url_and_refuse_a_key_reused_for_another_text() throws IOException {
        String url = "jdbc:h2:file:" + dir.resolve("own-store");
        String cfg = config().toString();
        assertThat(Cli.run("--config", cfg, "send", "shop:1", "A", "--idempotency-key", "k", "--store", url).exitCode())
                .isZero();
        Cli.Result reused = Cli.run("--config", cfg, "send", "shop:1", "B", "--idempotency-key", "k", "--store", url);
        assertThat(reused.exitCode()).isEqualTo(2);
        assertThat(reused.err()).contains("already used");
        assertThat(posts()).isEqualTo(1);
    }

    @Test
    void should_report_the_reconciliation_of_a_plain_send_in_json() throws IOException {
        Cli.Result r = Cli.run("--config", config().toString(), "send", "shop:2", "hello", "--reconcile", "-o", "json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.json().get(0).path("reconciliation").asText()).isEqualTo("NONE");
    }
}
