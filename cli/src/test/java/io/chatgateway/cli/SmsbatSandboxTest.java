package io.chatgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands on the sandbox's SMSBAT account {@code support} (the real adapter against its simulator). */
class SmsbatSandboxTest {

    private static JsonNode chat(String title) {
        return Cli.run("conversations", "-a", "support", "-o", "json").json().stream()
                .filter(n -> n.path("title").asText().equals(title)).findFirst().orElseThrow();
    }

    @Test
    void should_start_all_three_providers_in_the_sandbox() {
        Cli.Result r = Cli.run("conversations", "-o", "json");
        assertThat(r.exitCode()).isZero();
        assertThat(r.errLines()).singleElement().asString().contains("navixy, smsbat, quickblox")
                .contains("fleet").contains("support").contains("app");
        assertThat(r.json()).extracting(n -> n.path("provider").asText()).contains("navixy", "smsbat", "quickblox");
    }

    @Test
    void should_list_chats_with_their_statuses_and_filter_by_status() {
        List<JsonNode> chats = Cli.run("conversations", "-a", "support", "-o", "json").json();
        assertThat(chats).extracting(n -> n.path("title").asText()).contains("Delivery question", "Refund");
        assertThat(chat("Refund").path("status").asText()).isEqualTo("OPEN");
        assertThat(Cli.run("conversations", "-a", "support", "-s", "OPEN", "-o", "json").json())
                .extracting(n -> n.path("status").asText()).containsOnly("OPEN");
    }

    @Test
    void should_filter_chats_by_channel_and_typed_smsbat_filters_and_show_channel_and_last_message() {
        List<JsonNode> telegram = Cli.run("conversations", "-a", "support", "--channel", "telegram",
                "--phone", "+380671234567", "-o", "json").json();
        assertThat(telegram).extracting(n -> n.path("title").asText()).containsExactly("Refund");
        assertThat(telegram.get(0).path("channel").asText()).isEqualTo("TELEGRAM");
        assertThat(telegram.get(0).path("lastMessageAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        // typed SMSBAT filters without --account list the SMSBAT accounts only
        Cli.Result byUser = Cli.run("conversations", "--telegram-user", "781234567", "-o", "json");
        assertThat(byUser.exitCode()).isZero();
        assertThat(byUser.json()).extracting(n -> n.path("title").asText()).containsExactly("Refund");
        assertThat(Cli.run("conversations", "-a", "support", "--phone", "call-me").exitCode()).isEqualTo(2);
        assertThat(Cli.run("conversations", "-a", "support", "--channel", "pigeon").exitCode()).isEqualTo(2);
    }

    @Test
    void should_change_a_chat_status() {
        String refund = chat("Refund").path("ref").asText();
        Cli.Result r = Cli.run("status", refund, "paused");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo(refund + " is now PAUSED");
    }

    @Test
    void should_send_an_attachment(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("route.txt"), "Riga - Tallinn");
        String refund = chat("Refund").path("ref").asText();
        Cli.Result r = Cli.run("send", refund, "Route attached", "--attach", file.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().strip()).startsWith(refund + "/");
    }

    @Test
    void should_delete_a_chat() {
        String ref = chat("Delivery question").path("ref").asText();
        Cli.Result r = Cli.run("delete", ref);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("deleted " + ref);
    }

    @Test
    void should_mark_a_message_read_and_count_unread() {
        String ref = chat("Delivery question").path("ref").asText();
        List<JsonNode> unread = Cli.run("messages", ref, "-o", "json").json().stream()
                .filter(m -> m.path("readStatus").asText().equals("UNREAD")).toList();
        assertThat(unread).isNotEmpty();
        Cli.Result r = Cli.run("read", unread.get(0).path("ref").asText());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Cli.run("unread", "-a", "support", "-o", "json").json())
                .allSatisfy(n -> assertThat(n.path("conversation").asText()).startsWith("support:"));
    }

    @Test
    void should_filter_messages_by_recipient_in_the_adapter_and_explain_the_update_filters() {
        String refund = chat("Refund").path("ref").asText();
        List<JsonNode> all = Cli.run("messages", refund, "-o", "json").json();
        List<JsonNode> outbound = all.stream().filter(m -> m.path("direction").asText().equals("OUTBOUND")).toList();
        assertThat(outbound).isNotEmpty().allSatisfy(m -> assertThat(m.path("recipient").path("role").asText())
                .isEqualTo("CUSTOMER"));
        String client = outbound.get(0).path("recipient").path("id").asText();
        assertThat(Cli.run("messages", refund, "--to", client, "-o", "json").json())
                .extracting(m -> m.path("ref").asText())
                .containsExactlyElementsOf(outbound.stream().map(m -> m.path("ref").asText()).toList());
        Cli.Result explain = Cli.run("messages", refund, "--explain", "--to", client, "--updated-since", "2026-11-20");
        assertThat(explain.out()).contains("in adapter: [RECIPIENTS_IN, UPDATED_SINCE]")
                .contains("no update time");
    }
}
