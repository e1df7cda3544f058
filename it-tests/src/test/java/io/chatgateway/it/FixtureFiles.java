package io.chatgateway.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reads the providers' real payloads from {@code ../shared/fixtures/<provider>/} (beside the repository). */
public final class FixtureFiles {

    private FixtureFiles() {}

    /** @return the fixtures root: {@code ../shared/fixtures} relative to the repository root */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared").resolve("fixtures");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("No shared/fixtures folder beside the repository (looked from " + dir + ")");
    }

    /** @param provider provider id @param name file name @return the file's text */
    public static String read(String provider, String name) {
        try {
            return Files.readString(root().resolve(provider).resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param provider provider id @return the names of every {@code .json} fixture of the provider */
    public static List<String> jsonFiles(String provider) {
        try (Stream<Path> files = Files.list(root().resolve(provider))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
