package io.chatgateway.it.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A user's module that {@code requires} one adapter module and nothing else must compile against the
 * {@code io.chatgateway} API: every adapter {@code requires transitive io.chatgateway.core}. The test compiles
 * such a module with {@code javac} on a module path of the packaged jars.
 */
class RequiresTransitiveTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "io.chatgateway.navixy,    io.chatgateway.navixy.NavixyConfig.builder().hash(\"h\").build()",
        "io.chatgateway.quickblox, io.chatgateway.quickblox.QuickbloxConfig.builder().apiKey(\"k\").onBehalfOf(1).build()",
        "io.chatgateway.smsbat,    io.chatgateway.smsbat.SmsbatConfig.builder().token(\"t\").build()",
    })
    void should_compile_a_module_requiring_only_the_adapter_and_using_core_types(
            String adapterModule, String config, @TempDir Path dir) throws IOException {
        List<Path> jars = ModuleJars.onClassPath();
        assumeTrue(ModuleJars.hasCore(jars), "adapters must be on the class path as packaged jars (run with mvn verify)");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assumeTrue(javac != null, "needs a JDK");

        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("com/example/app"));
        Files.writeString(src.resolve("module-info.java"),
                "module com.example.app { requires " + adapterModule + "; }\n");
        Files.writeString(src.resolve("com/example/app/App.java"), """
                package com.example.app;

                import io.chatgateway.ChatGateway;
                import io.chatgateway.ChatGatewayException;
                import io.chatgateway.ConversationRef;
                import io.chatgateway.MessageQuery;
                import io.chatgateway.spi.ProviderConfig;

                public final class App {
                    public static long count() {
                        ProviderConfig config = %s;
                        try (ChatGateway gateway = ChatGateway.builder().account("a", config).build()) {
                            return gateway.messages(MessageQuery.of(ConversationRef.parse("a:1")).build()).items().size();
                        } catch (ChatGatewayException e) {
                            return -1;
                        }
                    }
                }
                """.formatted(config));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> args = List.of("-d", dir.resolve("out").toString(), "-Xlint:-requires-automatic",
                "--module-path", jars.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                src.resolve("module-info.java").toString(), src.resolve("com/example/app/App.java").toString());
        int status = javac.run(null, out, out, args.toArray(String[]::new));

        assertThat(status).as("javac exit status; output:%n%s", out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(dir.resolve("out/com/example/app/App.class")).exists();
    }
}
