package io.chatgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Commands on the sandbox's QuickBlox account {@code app} (the real adapter against its simulator). */
class QuickbloxSandboxTest {

    private static String ref(String title) {
        return Cli.run("conversations", "-a", "app", "-o", "json").json().stream()
                .filter(n -> n.path("title").asText().equals(title))
                .map(n -> n.path("ref").asText()).findFirst().orElseThrow();
    }

    @Test
    void should_list_dialogs_and_messages_with_attachments() {
        List<JsonNode> dialogs = Cli.run("conversations", "-a", "app", "-o", "json").json();
        assertThat(dialogs).extracting(n -> n.path("title").asText()).contains("Alice", "Support team");
        assertThat(dialogs).allSatisfy(n -> assertThat(n.path("provider").asText()).isEqualTo("quickblox"));
        List<JsonNode> messages = Cli.run("messages", ref("Support team"), "-o", "json").json();
        JsonNode photo = messages.stream().filter(m -> m.path("attachments").size() > 0).findFirst().orElseThrow();
        JsonNode attachment = photo.path("attachments").get(0);
        assertThat(attachment.path("name").asText()).isEqualTo("bug.png");
        assertThat(attachment.path("size").asLong()).isEqualTo(48213);
        assertThat(attachment.has("contentType")).isTrue();
        assertThat(Cli.run("messages", ref("Support team")).out()).contains("[1 attachment]");
    }

    @Test
    void should_not_mark_anything_read_by_listing() {
        String alice = ref("Alice");
        long before = unread(alice);
        Cli.run("messages", alice);
        assertThat(unread(alice)).isEqualTo(before).isPositive();
    }

    private static long unread(String conversation) {
        return Cli.run("unread", "-a", "app", "-o", "json").json().stream()
                .filter(n -> n.path("conversation").asText().equals(conversation))
                .mapToLong(n -> n.path("unread").asLong()).findFirst().orElseThrow();
    }

    @Test
    void should_delete_a_dialog() {
        Cli.Result r = Cli.run("delete", ref("Announcements"), "-o", "json");
        assertThat(r.exitCode()).isZero();
        assertThat(r.json().get(0).path("deleted").asBoolean()).isTrue();
    }

    @Test
    void should_send_to_a_dialog() {
        String alice = ref("Alice");
        Cli.Result r = Cli.run("send", alice, "Your parcel ships today", "-o", "json");
        assertThat(r.exitCode()).isZero();
        assertThat(r.json().get(0).path("ref").asText()).startsWith(alice + "/");
        assertThat(r.json().get(0).path("delivery").asText()).isEqualTo("SENT");
    }

    @Test
    void should_filter_messages_by_recipient_and_update_time_at_quickblox_and_explain_it() {
        String alice = ref("Alice");
        List<JsonNode> all = Cli.run("messages", alice, "-o", "json").json();
        JsonNode addressed = all.stream().filter(m -> !m.path("recipient").isNull()).findFirst().orElseThrow();
        String to = addressed.path("recipient").path("id").asText();
        List<JsonNode> toThem = Cli.run("messages", alice, "--to", to, "-o", "json").json();
        assertThat(toThem).isNotEmpty().allSatisfy(m -> assertThat(m.path("recipient").path("id").asText()).isEqualTo(to));
        List<JsonNode> notToThem = Cli.run("messages", alice, "--not-to", to, "-o", "json").json();
        assertThat(toThem.size() + notToThem.size()).isEqualTo(all.size());
        String updated = addressed.path("updatedAt").asText();
        assertThat(Cli.run("messages", alice, "--updated-since", updated, "-o", "json").json())
                .allSatisfy(m -> assertThat(m.path("updatedAt").asText()).isGreaterThanOrEqualTo(updated))
                .extracting(m -> m.path("ref").asText()).contains(addressed.path("ref").asText());
        Cli.Result explain = Cli.run("messages", alice, "--explain", "--to", to, "--not-to", "ops-desk",
                "--updated-since", "2026-11-20", "--updated-until", "2026-11-21T12:00:00Z");
        assertThat(explain.exitCode()).isZero();
        assertThat(explain.out()).contains("at provider: [RECIPIENTS_IN, UPDATED_SINCE, UPDATED_UNTIL]")
                .contains("locally: [RECIPIENTS_NOT_IN]").contains("updated_at[gte]");
        assertThat(Cli.run("messages", alice, "--updated-since", "2026-11-21", "--updated-until", "2026-11-20")
                .exitCode()).isEqualTo(2);
    }
}
