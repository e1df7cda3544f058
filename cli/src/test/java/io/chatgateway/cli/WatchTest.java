package io.chatgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.testkit.navixy.NavixySimulator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chatgw watch}: the JSON event contract, the sandbox's replies, and resuming from the state directory. */
class WatchTest {

    @TempDir
    Path dir;

    private NavixySimulator navixy;

    @BeforeEach
    void start() {
        navixy = new NavixySimulator(0);
        navixy.seedDemoData();
    }

    @AfterEach
    void stop() {
        navixy.close();
    }

    private Path config() {
        return Cli.propertiesFile(dir.resolve("chatgw.properties"), navixy.accountProperties("fleet"));
    }

    private static List<String> received(Cli.Result r) {
        return r.json().stream().filter(n -> n.get("type").asText().equals("MESSAGE_RECEIVED"))
                .map(n -> n.get("message").get("text").asText()).toList();
    }

    @Test
    void should_print_the_sandbox_replies_as_json_events() {
        Cli.Result r = Cli.run("watch", "--account", "fleet", "--limit", "2", "--output", "json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<JsonNode> events = r.json();
        assertThat(events).hasSize(2);
        JsonNode message = events.stream().filter(n -> n.get("type").asText().equals("MESSAGE_RECEIVED")).findFirst()
                .orElseThrow();
        assertThat(message.get("eventId").asText()).endsWith("@received");
        assertThat(message.get("conversation").asText()).startsWith("fleet:");
        assertThat(Instant.parse(message.get("observedAt").asText())).isNotNull();
        assertThat(message.get("message").get("text").asText()).isEqualTo("On my way.");
        assertThat(message.get("message").get("direction").asText()).isEqualTo("INBOUND");
        assertThat(message.has("conversationSnapshot")).isFalse();
        // Navixy's detector reads updated/list between listings: a conversation event comes only from a listing
        events.stream().filter(n -> n.get("type").asText().equals("CONVERSATION_UPDATED")).forEach(c ->
                assertThat(c.get("conversationSnapshot").get("ref").asText()).isEqualTo(c.get("conversation").asText()));
    }

    @Test
    void should_resume_where_the_previous_watch_stopped_using_the_state_directory() throws IOException {
        Path config = config();
        Map<String, String> env = Map.of("CHATGW_STATE_DIR", dir.resolve("state").toString());
        String tracker = navixy.demoConversation();
        Instant since = Instant.now().minusSeconds(1);
        navixy.addInbound(tracker, "one");

        Cli.Result first = Cli.run(env, "--config", config.toString(), "watch", "--since", since.toString(),
                "--interval", "200ms", "--limit", "2", "-o", "json");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(received(first)).containsExactly("one");
        assertThat(dir.resolve("state/chatgw.mv.db")).exists();

        navixy.addInbound(tracker, "two");
        Cli.Result second = Cli.run(env, "--config", config.toString(), "watch", "--interval", "200ms", "--limit", "2",
                "-o", "json");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(received(second)).containsExactly("two");
    }

    @Test
    void should_reject_a_store_url_of_another_database() throws IOException {
        Cli.Result r = Cli.run(Map.of("CHATGW_STATE_DIR", dir.toString()), "--config", config().toString(), "watch",
                "--store", "jdbc:mysql://x/y", "--limit", "1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--store");
    }
}
