package io.chatgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.Capability;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every command, in-process, on the sandbox. These run on the test-only "toy" provider, which stands in
 * for any provider whose simulator is on the class path.
 */
class SandboxCommandsTest {

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void assertOneErrorLine(Cli.Result r) {
        List<String> lines = r.errLines().stream().filter(l -> !l.startsWith("chatgw: sandbox mode")).toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("chatgw");
        assertThat(r.err()).doesNotContain("\tat ");
    }

    @Test
    void should_list_providers_with_every_capability_in_json() {
        Cli.Result r = Cli.run("providers", "--output", "json");
        assertThat(r.exitCode()).isZero();
        JsonNode toy = r.json().stream().filter(n -> n.path("id").asText().equals("toy")).findFirst().orElseThrow();
        assertThat(fields(toy)).containsExactly("id", "name", "capabilities");
        assertThat(toy.path("name").asText()).isEqualTo("Toy chat");
        assertThat(fields(toy.path("capabilities"))).containsExactly(
                java.util.Arrays.stream(Capability.values()).map(Enum::name).toArray(String[]::new));
        assertThat(toy.path("capabilities").path("SEND").asText()).isEqualTo("NATIVE");
        assertThat(toy.path("capabilities").path("BROADCAST").asText()).isEqualTo("EMULATED");
        assertThat(toy.path("capabilities").path("DELETE_CONVERSATION").asText()).isEqualTo("UNSUPPORTED");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void should_print_the_capability_matrix_as_a_table() {
        Cli.Result r = Cli.run("providers");
        assertThat(r.exitCode()).isZero();
        assertThat(r.outLines().get(0)).startsWith("CAPABILITY").contains("toy");
        assertThat(r.out()).contains("Toy chat").containsPattern("SEND\\s.*native").containsPattern("DELETE_CONVERSATION\\s.*unsupported");
    }

    @Test
    void should_list_conversations_in_json_with_the_contract_fields() {
        Cli.Result r = Cli.run("conversations", "-o", "json", "--account", "toy");
        assertThat(r.exitCode()).isZero();
        assertThat(r.errLines()).singleElement().asString().startsWith("chatgw: sandbox mode").contains("toy");
        List<JsonNode> list = r.json();
        assertThat(list).hasSize(3);
        JsonNode alice = list.get(0);
        assertThat(fields(alice)).containsExactly("ref", "provider", "title", "status", "unreadCount", "lastMessageAt",
                "assignee", "channel", "attributes");
        assertThat(alice.path("ref").asText()).isEqualTo("toy:1");
        assertThat(alice.path("provider").asText()).isEqualTo("toy");
        assertThat(alice.path("title").asText()).isEqualTo("Alice");
        assertThat(alice.path("status").asText()).isEqualTo("OPEN");
        assertThat(alice.path("unreadCount").asLong()).isEqualTo(2);
        assertThat(alice.path("lastMessageAt").asText()).isEqualTo("2026-11-20T08:03:00Z");
        assertThat(fields(alice.path("assignee"))).containsExactly("id", "name", "role");
        assertThat(alice.path("assignee").path("name").asText()).isEqualTo("Olga");
        assertThat(alice.path("assignee").path("role").asText()).isEqualTo("AGENT");
        assertThat(alice.path("attributes").path("color").asText()).isEqualTo("blue");
    }

    @Test
    void should_filter_conversations_by_status_search_and_limit() {
        assertThat(Cli.run("conversations", "-o", "json", "-a", "toy", "--status", "closed").json())
                .extracting(n -> n.path("ref").asText()).containsExactly("toy:3");
        assertThat(Cli.run("conversations", "-o", "json", "-a", "toy", "--search", "bo").json())
                .extracting(n -> n.path("ref").asText()).containsExactly("toy:2");
        assertThat(Cli.run("conversations", "-o", "json", "-a", "toy", "--limit", "1").json()).hasSize(1);
    }

    @Test
    void should_print_conversations_as_a_table() {
        Cli.Result r = Cli.run("conversations", "--account", "toy");
        assertThat(r.exitCode()).isZero();
        assertThat(r.outLines().get(0)).startsWith("REF").contains("STATUS", "UNREAD", "LAST MESSAGE", "TITLE");
        assertThat(r.outLines()).hasSize(4);
        assertThat(r.out()).contains("toy:1").contains("2026-11-20T08:03:00Z").contains("Alice");
    }

    @Test
    void should_page_through_every_message_in_json_with_the_contract_fields() {
        Cli.Result r = Cli.run("messages", "toy:1", "-o", "json");
        assertThat(r.exitCode()).isZero();
        List<JsonNode> list = r.json();
        assertThat(list).extracting(n -> n.path("ref").asText()).containsExactly("toy:1/11", "toy:1/12", "toy:1/13", "toy:1/14");
        JsonNode first = list.get(0);
        assertThat(fields(first)).containsExactly("ref", "conversation", "provider", "direction", "author", "recipient", "text", "kind",
                "sentAt", "updatedAt", "delivery", "readStatus", "attachments", "attributes");
        assertThat(first.path("conversation").asText()).isEqualTo("toy:1");
        assertThat(first.path("provider").asText()).isEqualTo("toy");
        assertThat(first.path("direction").asText()).isEqualTo("INBOUND");
        assertThat(fields(first.path("author"))).containsExactly("id", "name", "role");
        assertThat(first.path("author").path("role").asText()).isEqualTo("CUSTOMER");
        assertThat(first.path("text").asText()).isEqualTo("Hi, where is the truck?");
        assertThat(first.path("kind").asText()).isEqualTo("TEXT");
        assertThat(first.path("sentAt").asText()).isEqualTo("2026-11-20T08:00:00Z");
        assertThat(first.path("updatedAt").isNull()).isTrue();
        assertThat(first.path("delivery").asText()).isEqualTo("DELIVERED");
        assertThat(first.path("readStatus").asText()).isEqualTo("READ");
        assertThat(first.path("attachments").isArray()).isTrue();
        assertThat(first.path("attachments")).isEmpty();
        assertThat(first.path("attributes").path("raw_id").asText()).isEqualTo("11");
        assertThat(list.get(1).path("direction").asText()).isEqualTo("OUTBOUND");
        assertThat(list.get(2).path("readStatus").asText()).isEqualTo("UNREAD");
    }

    @Test
    void should_order_limit_and_filter_messages() {
        assertThat(Cli.run("messages", "toy:1", "-o", "json", "--desc", "--limit", "2").json())
                .extracting(n -> n.path("ref").asText()).containsExactly("toy:1/14", "toy:1/13");
        assertThat(Cli.run("messages", "toy:1", "-o", "json", "--contains", "GATE").json())
                .extracting(n -> n.path("ref").asText()).containsExactly("toy:1/14");
        assertThat(Cli.run("messages", "toy:1", "-o", "json", "--page-size", "3", "--limit", "4").json()).hasSize(4);
    }

    @Test
    void should_print_messages_as_a_table_with_one_line_per_message() {
        Cli.Result r = Cli.run("messages", "toy:2");
        assertThat(r.exitCode()).isZero();
        assertThat(r.outLines()).hasSize(2);
        assertThat(r.outLines().get(0)).startsWith("REF").contains("SENT AT", "DIR", "AUTHOR", "TEXT");
        assertThat(r.outLines().get(1)).contains("toy:2/21", "in", "Hello second line");
    }

    @Test
    void should_explain_where_filters_run() {
        Cli.Result table = Cli.run("messages", "toy:1", "--explain", "--since", "2026-11-20", "--contains", "x");
        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).contains("at provider: [SINCE]").contains("locally: [TEXT]");
        Cli.Result json = Cli.run("messages", "toy:1", "--explain", "--since", "2026-11-20T00:00:00Z", "-o", "json");
        JsonNode plan = json.json().get(0);
        assertThat(fields(plan)).containsExactly("atProvider", "inAdapter", "local", "notes");
        assertThat(plan.path("atProvider").get(0).asText()).isEqualTo("SINCE");
    }

    @Test
    void should_send_and_print_the_message_ref() {
        Cli.Result r = Cli.run("send", "toy:2", "On my way");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().strip()).isEqualTo("toy:2/100");
        JsonNode json = Cli.run("send", "toy:2", "On my way", "-o", "json").json().get(0);
        assertThat(json.path("ref").asText()).isEqualTo("toy:2/100");
        assertThat(json.path("conversation").asText()).isEqualTo("toy:2");
        assertThat(json.path("delivery").asText()).isEqualTo("SENT");
        assertThat(json.path("acceptedAt").asText()).isEqualTo("2026-11-20T10:00:00Z");
    }

    @Test
    void should_fail_a_send_to_an_unknown_conversation_with_exit_1_and_one_line() {
        Cli.Result r = Cli.run("send", "toy:999", "hello");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertOneErrorLine(r);
    }

    @Test
    void should_reject_a_blank_text_with_exit_2() {
        Cli.Result r = Cli.run("send", "toy:1", "  ");
        assertThat(r.exitCode()).isEqualTo(2);
        assertOneErrorLine(r);
    }

    @Test
    void should_broadcast_with_one_outcome_per_recipient_and_exit_1_when_one_failed() {
        Cli.Result r = Cli.run("broadcast", "Road closed", "toy:1", "toy:2", "toy:999", "-o", "json");
        assertThat(r.exitCode()).isEqualTo(1);
        List<JsonNode> outcomes = r.json();
        assertThat(outcomes).extracting(n -> n.path("conversation").asText()).containsExactly("toy:1", "toy:2", "toy:999");
        assertThat(outcomes).extracting(n -> n.path("sent").asBoolean()).containsExactly(true, true, false);
        assertThat(outcomes.get(0).path("ref").asText()).startsWith("toy:1/");
        assertThat(outcomes.get(0).path("error").isNull()).isTrue();
        assertThat(outcomes.get(2).path("ref").isNull()).isTrue();
        assertThat(outcomes.get(2).path("error").path("type").asText()).isEqualTo("NotFoundException");
        assertThat(outcomes.get(2).path("error").path("httpStatus").asInt()).isEqualTo(404);
        assertThat(r.errLines().get(r.errLines().size() - 1)).isEqualTo("chatgw: the broadcast failed for 1 of 3 recipients.");

        Cli.Result ok = Cli.run("broadcast", "Road closed", "toy:1", "toy:2");
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.outLines()).hasSize(3);
        assertThat(ok.outLines().get(1)).contains("toy:1", "sent");
    }

    @Test
    void should_mark_messages_read() {
        Cli.Result r = Cli.run("read", "toy:1/13", "-o", "json");
        assertThat(r.exitCode()).isZero();
        JsonNode n = r.json().get(0);
        assertThat(n.path("message").asText()).isEqualTo("toy:1/13");
        assertThat(n.path("read").asBoolean()).isTrue();
        assertThat(Cli.run("read", "toy:1/13").out()).contains("marked read: toy:1/13");
    }

    @Test
    void should_mark_all_read_by_conversation_or_account() {
        JsonNode byConversation = Cli.run("read", "--all", "toy:1", "-o", "json").json().get(0);
        assertThat(byConversation.path("conversation").asText()).isEqualTo("toy:1");
        JsonNode byAccount = Cli.run("read", "--all", "--account", "toy", "-o", "json").json().get(0);
        assertThat(byAccount.path("account").asText()).isEqualTo("toy");
        Cli.Result all = Cli.run("read", "--all");
        assertThat(all.exitCode()).isZero();
        assertThat(all.out()).contains("every conversation of account toy");
    }

    @Test
    void should_reject_read_without_refs_or_with_a_conversation_ref() {
        Cli.Result none = Cli.run("read");
        assertThat(none.exitCode()).isEqualTo(2);
        assertOneErrorLine(none);
        Cli.Result wrong = Cli.run("read", "toy:1");
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertOneErrorLine(wrong);
        assertThat(wrong.err()).contains("not a message reference");
    }

    @Test
    void should_print_unread_counts_in_the_contract_shape() {
        Cli.Result r = Cli.run("unread", "-o", "json", "-a", "toy");
        assertThat(r.exitCode()).isZero();
        List<JsonNode> counts = r.json();
        assertThat(fields(counts.get(0))).containsExactly("conversation", "unread");
        assertThat(counts).extracting(n -> n.path("conversation").asText() + "=" + n.path("unread").asLong())
                .containsExactly("toy:1=2", "toy:2=1"); // conversations without unread messages are left out
        Cli.Result table = Cli.run("unread", "--account", "toy");
        assertThat(table.outLines().get(0)).startsWith("CONVERSATION").contains("UNREAD");
        assertThat(table.outLines().get(1)).matches("toy:1\\s+2");
    }

    @Test
    void should_set_a_status_by_its_neutral_name() {
        Cli.Result r = Cli.run("status", "toy:2", "closed");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().strip()).isEqualTo("toy:2 is now CLOSED");
        JsonNode json = Cli.run("status", "toy:2", "OPEN", "-o", "json").json().get(0);
        assertThat(json.path("conversation").asText()).isEqualTo("toy:2");
        assertThat(json.path("status").asText()).isEqualTo("OPEN");
        Cli.Result bad = Cli.run("status", "toy:2", "UNKNOWN");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertOneErrorLine(bad);
        assertThat(bad.err()).contains("NEW, OPEN, WAITING, PAUSED, CLOSED");
    }

    @Test
    void should_name_the_unsupported_capability_with_exit_1() {
        Cli.Result r = Cli.run("delete", "toy:1");
        assertThat(r.exitCode()).isEqualTo(1);
        assertOneErrorLine(r);
        assertThat(r.err()).contains("toy").contains("DELETE_CONVERSATION");
    }

    @Test
    void should_reject_an_unknown_account_with_exit_2() {
        Cli.Result r = Cli.run("unread", "--account", "nope");
        assertThat(r.exitCode()).isEqualTo(2);
        assertOneErrorLine(r);
        assertThat(r.err()).contains("chatgw: Unknown account 'nope'; configured: app, fleet, support, toy.");
        Cli.Result ref = Cli.run("send", "nope:1", "hi");
        assertThat(ref.exitCode()).isEqualTo(2);
        assertOneErrorLine(ref);
    }

    @Test
    void should_word_an_unknown_account_the_same_in_every_command() {
        String expected = Cli.run("unread", "--account", "nope").err();
        for (String line : new String[] {"conversations --account nope", "messages nope:1", "send nope:1 hi",
            "read nope:1/2", "read --all nope:1", "status nope:1 CLOSED", "delete nope:1", "broadcast hi nope:1",
            "watch --account nope --limit 1"}) {
            Cli.Result r = Cli.run(line.split(" "));
            assertThat(r.exitCode()).as(line).isEqualTo(2);
            assertThat(r.err()).as(line).isEqualTo(expected);
        }
        assertThat(Cli.run("unread", "--account", "toi").err())
                .contains("chatgw: Unknown account 'toi'; did you mean toy? Configured: app, fleet, support, toy.");
    }
}
