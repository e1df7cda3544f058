package io.chatgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chatgw outbox submit|list|run} across separate runs on the state directory's store. */
class OutboxCommandTest {

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

    @Test
    void should_submit_in_one_run_deliver_in_another_once_and_list_the_outcome() throws IOException {
        Path file = Cli.propertiesFile(dir.resolve("accounts.properties"), simulator.accountProperties("shop"));
        Map<String, String> env = Map.of("CHATGW_STATE_DIR", dir.resolve("state").toString());
        String cfg = file.toString();
        Cli.Result submitted = Cli.run(env, "--config", cfg, "outbox", "submit", "shop:1", "Order 5", "--idempotency-key", "o-5", "-o", "json");
        assertThat(submitted.exitCode()).as(submitted.err()).isZero();
        assertThat(submitted.json().get(0).path("status").asText()).isEqualTo("PENDING");
        assertThat(Cli.run(env, "--config", cfg, "outbox", "submit", "shop:1", "Order 5", "--idempotency-key", "o-5").exitCode()).isZero();
        Cli.Result run = Cli.run(env, "--config", cfg, "outbox", "run", "-o", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.json()).singleElement().satisfies(e -> assertThat(e.path("status").asText()).isEqualTo("SENT"));
        assertThat(Cli.run(env, "--config", cfg, "outbox", "run").exitCode()).isZero();
        Cli.Result list = Cli.run(env, "--config", cfg, "outbox", "list", "--status", "SENT", "-o", "json");
        assertThat(list.json()).singleElement().satisfies(e -> assertThat(e.path("ref").asText()).startsWith("shop:1/"));
        assertThat(simulator.server().requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().endsWith("/messages")).count()).isEqualTo(1);
    }
}
