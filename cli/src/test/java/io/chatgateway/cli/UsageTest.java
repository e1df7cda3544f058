package io.chatgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Bad command lines: exit code 2 and exactly one line on stderr, nothing on stdout. */
class UsageTest {

    private static void assertUsageError(Cli.Result r) {
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("chatgw");
    }

    @Test
    void should_ask_for_a_command() {
        Cli.Result r = Cli.run();
        assertUsageError(r);
        assertThat(r.err()).contains("Missing command").contains("chatgw --help");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "frobnicate",
        "conversations --bogus",
        "conversations --limit 0",
        "conversations --limit many",
        "conversations --status SLEEPING",
        "conversations --output xml",
        "messages",
        "messages not-a-ref",
        "messages toy:1 --since yesterday",
        "messages toy:1 --until 2026-13-45",
        "messages toy:1 --since 2026-11-21 --until 2026-11-20",
        "send toy:1",
        "send toy:1 hello extra",
        "send toy:1/2 hello",
        "broadcast hello",
        "broadcast hello toy",
        "read --account toy toy:1/1",
        "read --all other:1 --account toy",
        "status toy:1",
        "status toy:1 SLEEPING",
        "delete",
        "simulate",
        "simulate nowhere",
        "simulate toy --port 70000",
        "messages toy:1 --page-size 0",
        "messages toy:1 --page-size -1",
    })
    void should_reject_a_bad_command_line_with_exit_2_and_one_line(String line) {
        assertUsageError(Cli.run(line.split(" ")));
    }

    @Test
    void should_show_help_for_every_command() {
        for (String command : new String[] {"providers", "conversations", "messages", "send", "broadcast", "read",
            "unread", "status", "delete", "demo", "simulate"}) {
            Cli.Result r = Cli.run(command, "--help");
            assertThat(r.exitCode()).as(command).isZero();
            assertThat(r.out()).as(command).contains("Usage: chatgw " + command).contains("--output").contains("--config");
        }
        Cli.Result top = Cli.run("--help");
        assertThat(top.exitCode()).isZero();
        assertThat(top.out()).contains("sandbox mode").contains("Exit codes");
        assertThat(Cli.run("help", "send").out()).contains("Usage: chatgw send");
    }

    @Test
    void should_print_the_version() {
        Cli.Result r = Cli.run("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("chatgw ");
    }

    @Test
    void should_accept_global_options_before_and_after_the_command() {
        assertThat(Cli.run("-o", "json", "unread").json()).isNotEmpty();
        assertThat(Cli.run("unread", "--output=JSON").json()).isNotEmpty();
        assertThat(Cli.run("-v", "providers").exitCode()).isZero();
    }

    @Test
    void should_reject_a_page_size_of_zero_like_a_negative_one() {
        assertThat(Cli.run("messages", "toy:1", "--page-size", "0").err())
                .isEqualTo("chatgw: --page-size must be at least 1, not 0." + System.lineSeparator());
        assertThat(Cli.run("messages", "toy:1", "--page-size", "-1").err())
                .isEqualTo("chatgw: --page-size must be at least 1, not -1." + System.lineSeparator());
    }
}
