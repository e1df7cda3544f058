package io.chatgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DemoTest {

    @Test
    void should_run_the_whole_tour_and_exit_0_within_15_seconds() {
        long started = System.nanoTime();
        Cli.Result r = Cli.run("demo");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(took).isLessThan(Duration.ofSeconds(15));
        assertThat(r.out())
                .contains("navixy, smsbat, quickblox")
                .contains("Unified inbox")
                .contains("sent a file to support:")
                .contains("ConversationUnavailableException")
                .containsPattern("support:\\d+: \\w+ -> \\w+ \\(listed again")
                .contains("deleted support:").contains("deleted app:")
                .contains("page 2")
                .contains("sent to ")
                .contains("failed")
                .contains("marked")
                .contains("UnsupportedCapabilityException")
                .contains("network calls made: 0")
                .contains("HTTP 503")
                .contains("@received").contains("delivered again: 0.")
                .containsPattern("log: INFO io\\.chatgateway\\.retry - Retrying .*503")
                .contains("Demo complete");
        assertThat(r.out()).doesNotContain("step failed");
        assertThat(r.err()).isEmpty();
    }
}
