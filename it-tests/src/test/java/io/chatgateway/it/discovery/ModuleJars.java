package io.chatgateway.it.discovery;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The packaged jars of core, its dependencies and every adapter, taken from the test class path. */
final class ModuleJars {

    private static final List<String> PREFIXES = List.of("chat-gateway-core", "chat-gateway-adapter-",
            "jackson-databind", "jackson-core", "jackson-annotations", "resilience4j-", "slf4j-api");

    private ModuleJars() {}

    /** @return the jars, empty of core when the tests run on classes rather than packaged jars */
    static List<Path> onClassPath() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of)
                .filter(p -> p.toString().endsWith(".jar") && Files.isRegularFile(p))
                .filter(p -> PREFIXES.stream().anyMatch(p.getFileName().toString()::startsWith))
                .toList();
    }

    /** @param jars jars from {@link #onClassPath()} @return whether core is among them */
    static boolean hasCore(List<Path> jars) {
        return jars.stream().anyMatch(p -> p.getFileName().toString().startsWith("chat-gateway-core"));
    }
}
