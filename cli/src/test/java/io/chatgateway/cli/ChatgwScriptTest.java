package io.chatgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./chatgw} launcher script, run on a copy with stand-ins for {@code mvn} and {@code java}. */
class ChatgwScriptTest {

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void should_print_its_build_notice_and_the_build_output_without_ansi_escape_codes(@TempDir Path dir) throws Exception {
        Path script = Path.of("").toAbsolutePath().getParent().resolve("chatgw");
        assumeTrue(Files.isRegularFile(script) && Files.isExecutable(Path.of("/bin/bash")), "needs the script and bash");
        Path root = Files.createDirectories(dir.resolve("repo"));
        executable(root.resolve("chatgw"), Files.readString(script));
        Files.createDirectories(root.resolve("cli/target"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        // Maven 3.8 writes colour resets even with -B; the stand-in does the same
        executable(bin.resolve("mvn"), "#!/bin/sh\nprintf '\\033[0m\\033[1mBuilding chatgw\\033[m\\n'\nexit 0\n");
        executable(bin.resolve("java"), "#!/bin/sh\necho ran \"$@\"\n");

        ProcessBuilder pb = new ProcessBuilder("/bin/bash", root.resolve("chatgw").toString(), "--version");
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        pb.redirectError(dir.resolve("err.txt").toFile()).redirectOutput(dir.resolve("out.txt").toFile());
        Process p = pb.start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the script finishes").isTrue();
        } finally {
            p.destroyForcibly();
        }
        String err = Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(err).contains("chatgw: building the CLI").contains("Building chatgw").doesNotContain("\u001b");
        assertThat(Files.readString(dir.resolve("out.txt"))).startsWith("ran ").contains("--version");
    }
}
