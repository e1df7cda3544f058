package io.chatgateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmTest {

    private static final Duration START = Duration.ofSeconds(30);

    @Test
    void should_run_the_main_class_on_the_test_class_path_with_its_properties_and_args_and_read_its_lines() {
        try (ChildJvm child = ChildJvm.builder(ChildJvmMain.class).systemProperty("greeting", "hello world")
                .args("wait", "a b").start()) {
            String ready = child.awaitLine("READY", START);
            assertThat(ready).isEqualTo("READY pid=" + child.pid() + " greeting=hello world args=wait,a b");
            assertThat(child.lines()).containsExactly("starting", ready);
            assertThat(child.isAlive()).isTrue();
        }
    }

    @Test
    void should_kill_only_its_child_with_sigkill_so_no_shutdown_hook_runs(@TempDir Path dir) {
        Path marker = dir.resolve("marker");
        ChildJvm child = ChildJvm.builder(ChildJvmMain.class).systemProperty("marker", marker.toString()).start();
        try (child) {
            child.awaitLine("READY", START);
            long pid = child.pid();
            assertThat(pid).isNotEqualTo(ProcessHandle.current().pid());
            assertThat(child.kill()).as("128 + SIGKILL").isEqualTo(137);
            assertThat(child.isAlive()).isFalse();
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
            assertThat(child.kill()).as("a second kill is harmless").isEqualTo(137);
        }
        assertThat(marker).as("SIGKILL leaves the child no time for shutdown hooks").doesNotExist();
    }

    @Test
    void should_report_the_exit_status_and_error_output_of_a_child_that_ends_without_the_awaited_line(@TempDir Path dir)
            throws Exception {
        Path marker = dir.resolve("marker");
        try (ChildJvm child = ChildJvm.builder(ChildJvmMain.class).systemProperty("marker", marker.toString())
                .args("exit", "7").start()) {
            assertThatThrownBy(() -> child.awaitLine("READY", START))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("ended its output without the awaited line")
                    .hasMessageContaining("failing on purpose");
            assertThat(child.awaitExit(START)).isEqualTo(7);
        }
        assertThat(Files.readString(marker)).as("a normal exit runs the hooks").isEqualTo("shutdown hook ran");
    }

    @Test
    void should_give_up_waiting_for_a_line_at_the_timeout_and_kill_the_child_on_close() {
        ChildJvm child = ChildJvm.builder(ChildJvmMain.class).name("waiter").start();
        try (child) {
            child.awaitLine("READY", START);
            assertThatThrownBy(() -> child.awaitLine("NEVER", Duration.ofMillis(200)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("waiter")
                    .hasMessageContaining("still running")
                    .hasMessageContaining("within PT0.2S");
        }
        assertThat(child.isAlive()).isFalse();
        assertThat(child.toString()).contains("exited");
    }

    @Test
    void should_start_the_child_with_this_jvms_java_and_class_path() {
        ChildJvm.Builder b = ChildJvm.builder("x.Main").jvmArg("-Xmx64m").systemProperty("k", "v").args("one");
        assertThat(b.command()).containsSubsequence("-Xmx64m", "-Dk=v", "-cp", System.getProperty("java.class.path"),
                "x.Main", "one");
        assertThat(Path.of(b.command().get(0))).exists();
    }
}
