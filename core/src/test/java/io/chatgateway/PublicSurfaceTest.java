package io.chatgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The public surface of core is a conscious choice: every public type (top-level or nested) of every package
 * {@code module-info} exports is listed in {@code src/test/resources/public-surface.txt}, and the count of
 * top-level types of the API and SPI packages is stated in {@code docs/architecture.md}. A type added, removed or
 * made public fails this test until both are updated.
 */
class PublicSurfaceTest {

    private static final String LIST = "/public-surface.txt";
    private static final Pattern DOC_COUNT = Pattern.compile(
            "public surface of core \\(API \\+ SPI\\) is (\\d+) top-level types: (\\d+) in `io\\.chatgateway` and (\\d+) in `io\\.chatgateway\\.spi`");

    private static final TreeSet<String> scanned = new TreeSet<>();
    private static final Map<String, Integer> topLevelPerPackage = new TreeMap<>();

    @BeforeAll
    static void scan() throws Exception {
        Path location = Path.of(ChatGateway.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(location)) {
            scan(location);
        } else {
            try (FileSystem jar = FileSystems.newFileSystem(URI.create("jar:" + location.toUri()), Map.of())) {
                scan(jar.getPath("/"));
            }
        }
    }

    private static void scan(Path root) throws IOException, ClassNotFoundException {
        ModuleDescriptor module;
        try (InputStream in = Files.newInputStream(root.resolve("module-info.class"))) {
            module = ModuleDescriptor.read(in);
        }
        for (ModuleDescriptor.Exports export : module.exports()) {
            if (export.isQualified()) {
                continue; // visible to named friends only, not to users
            }
            String pkg = export.source();
            topLevelPerPackage.put(pkg, 0);
            List<Path> classes;
            try (Stream<Path> files = Files.list(root.resolve(pkg.replace('.', '/')))) {
                classes = files.filter(f -> f.getFileName().toString().endsWith(".class")).toList();
            }
            for (Path file : classes) {
                String simple = file.getFileName().toString().replace(".class", "");
                if (simple.equals("package-info")) {
                    continue;
                }
                Class<?> type = Class.forName(pkg + "." + simple, false, PublicSurfaceTest.class.getClassLoader());
                if (visible(type)) {
                    scanned.add(Objects.requireNonNull(type.getCanonicalName()));
                    if (type.getEnclosingClass() == null) {
                        topLevelPerPackage.merge(pkg, 1, Integer::sum);
                    }
                }
            }
        }
    }

    /** Public, and so is every type around it (anonymous and local classes have no canonical name). */
    private static boolean visible(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
            if (!Modifier.isPublic(t.getModifiers()) || t.getCanonicalName() == null) {
                return false;
            }
        }
        return true;
    }

    @Test
    void should_list_every_public_type_of_the_exported_packages() throws IOException {
        TreeSet<String> listed = new TreeSet<>();
        try (InputStream in = Objects.requireNonNull(PublicSurfaceTest.class.getResourceAsStream(LIST), LIST)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    listed.add(name);
                }
            }
        }
        TreeSet<String> added = new TreeSet<>(scanned);
        added.removeAll(listed);
        TreeSet<String> removed = new TreeSet<>(listed);
        removed.removeAll(scanned);
        assertThat(new ArrayList<>(added))
                .as("public types not in core/src/test/resources%s (a new public type is a conscious choice: nest it, "
                        + "make it package-private, or add it to the list and the count in docs/architecture.md)", LIST)
                .isEmpty();
        assertThat(new ArrayList<>(removed)).as("types listed in %s that are no longer public", LIST).isEmpty();
    }

    @Test
    void should_state_the_count_of_api_and_spi_types_in_the_architecture_document() throws IOException {
        Path doc = Path.of("").toAbsolutePath().getParent().resolve("docs").resolve("architecture.md");
        String text = Files.readString(doc).replaceAll("\\s+", " ");
        Matcher m = DOC_COUNT.matcher(text);
        assertThat(m.find()).as("docs/architecture.md states the count as matched by %s", DOC_COUNT).isTrue();
        int api = topLevelPerPackage.get("io.chatgateway");
        int spi = topLevelPerPackage.get("io.chatgateway.spi");
        assertThat(List.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))))
                .as("count in docs/architecture.md (top-level types per exported package: %s)", topLevelPerPackage)
                .containsExactly(api + spi, api, spi);
    }
}
