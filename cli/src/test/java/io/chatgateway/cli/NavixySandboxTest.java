package io.chatgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Commands on the sandbox's Navixy account {@code fleet} (the real adapter against its simulator). */
class NavixySandboxTest {

    private static String ref(String titleStart) {
        return Cli.run("conversations", "-a", "fleet", "-o", "json").json().stream()
                .filter(n -> n.path("title").asText().startsWith(titleStart))
                .map(n -> n.path("ref").asText()).findFirst().orElseThrow();
    }

    @Test
    void should_list_the_trackers_of_the_fleet_account() {
        Cli.Result r = Cli.run("conversations", "--account", "fleet", "-o", "json");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).contains("sandbox mode").contains("navixy").contains("fleet");
        List<JsonNode> list = r.json();
        assertThat(list).extracting(n -> n.path("title").asText()).contains("Truck 12 – Riga depot", "Trailer 9 (tariff ended)");
        assertThat(list).allSatisfy(n -> {
            assertThat(n.path("ref").asText()).startsWith("fleet:");
            assertThat(n.path("provider").asText()).isEqualTo("navixy");
        });
        JsonNode truck = list.stream().filter(n -> n.path("title").asText().startsWith("Truck 12")).findFirst().orElseThrow();
        assertThat(truck.path("lastMessageAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(truck.path("unreadCount").asLong()).isEqualTo(2);
        // tracker/list says the trailer is blocked: listed, marked, and the others still get their last activity
        JsonNode trailer = list.stream().filter(n -> n.path("title").asText().startsWith("Trailer 9")).findFirst().orElseThrow();
        assertThat(trailer.path("attributes").path("chat_unavailable").asText()).isEqualTo("blocked");
        assertThat(trailer.path("lastMessageAt").isNull()).isTrue();
    }

    @Test
    void should_read_history_with_unknown_per_message_read_state() {
        List<JsonNode> messages = Cli.run("messages", ref("Truck 12"), "-o", "json").json();
        assertThat(messages).extracting(n -> n.path("text").asText())
                .containsExactly("Please confirm the delivery window for order 4711.", "Confirmed, 14:00–16:00.",
                        "Arrived at the depot, waiting at gate 4.");
        assertThat(messages).extracting(n -> n.path("readStatus").asText()).containsOnly("UNKNOWN");
        assertThat(messages.get(0).path("direction").asText()).isEqualTo("OUTBOUND");
        assertThat(messages.get(1).path("direction").asText()).isEqualTo("INBOUND");
    }

    @Test
    void should_explain_the_default_seven_day_window() {
        Cli.Result r = Cli.run("messages", ref("Truck 12"), "--explain");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("7 days");
    }

    @Test
    void should_send_and_broadcast_with_a_blocked_tracker_failing() {
        String truck = ref("Truck 12");
        Cli.Result sent = Cli.run("send", truck, "Please call dispatch");
        assertThat(sent.exitCode()).isZero();
        assertThat(sent.out().strip()).startsWith(truck + "/");
        Cli.Result r = Cli.run("broadcast", "Road closed", truck, ref("Trailer 9"), "-o", "json");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.json()).extracting(n -> n.path("sent").asBoolean()).containsExactly(true, false);
        assertThat(r.json().get(1).path("error").path("type").asText()).isEqualTo("ConversationUnavailableException");
    }

    @Test
    void should_refuse_a_status_change_that_navixy_does_not_support() {
        Cli.Result r = Cli.run("status", ref("Truck 12"), "CLOSED");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines().get(r.errLines().size() - 1))
                .isEqualTo("chatgw: The navixy provider of account 'fleet' does not support SET_STATUS.");
    }

    @Test
    void should_count_unread_and_mark_read() {
        Cli.Result r = Cli.run("unread", "-a", "fleet", "-o", "json");
        assertThat(r.exitCode()).isZero();
        assertThat(r.json()).allSatisfy(n -> assertThat(n.path("conversation").asText()).startsWith("fleet:"));
        assertThat(r.json().get(0).path("unread").asLong()).isEqualTo(2);
        assertThat(Cli.run("read", "--all", "-a", "fleet").exitCode()).isZero();
    }

    @Test
    void should_run_the_navixy_simulator_standalone() {
        Cli.Result r = Cli.run("simulate", "navixy");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("chatgateway.account.fleet.provider=navixy")
                .containsPattern("chatgateway\\.account\\.fleet\\.base-url=http://127\\.0\\.0\\.1:\\d+/");
    }
}
