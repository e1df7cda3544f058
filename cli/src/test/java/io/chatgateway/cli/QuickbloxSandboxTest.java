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
}
