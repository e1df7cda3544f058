package io.chatgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private static Context context(StringWriter err, boolean terminal) {
        return new Context(new PrintWriter(new StringWriter()), new PrintWriter(err, true), Map.of(), terminal, () -> { });
    }

    @Test
    void should_print_nothing_when_stderr_is_not_a_terminal() {
        StringWriter err = new StringWriter();
        try (Progress p = new Progress(context(err, false), 0)) {
            p.update("fetched 10 messages");
        }
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void should_show_and_then_clear_one_line_on_a_terminal() {
        StringWriter err = new StringWriter();
        try (Progress p = new Progress(context(err, true), 0)) {
            p.update("fetched 10 messages");
        }
        assertThat(err.toString()).startsWith("\rfetched 10 messages …").endsWith("\r").doesNotContain("\n");
    }

    @Test
    void should_stay_silent_for_short_operations_even_on_a_terminal() {
        StringWriter err = new StringWriter();
        try (Progress p = new Progress(context(err, true))) {
            p.update("fetched 1 message");
        }
        assertThat(err.toString()).isEmpty();
    }
}
