package io.chatgateway.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The one way tests read the providers' real payloads: {@code fixtures/<provider>/<name>} on the test classpath
 * ({@code it-tests/src/test/resources/fixtures}), each {@code .json} beside a {@code .src.txt} saying where it
 * was taken from. Nothing outside the repository is read.
 */
public final class FixtureFiles {

    private static final String ROOT = "fixtures/";

    private FixtureFiles() {}

    /**
     * @param provider provider id, e.g. {@code navixy}
     * @param name     file name inside the provider's folder
     * @return the file's text (UTF-8)
     * @throws IllegalArgumentException if there is no such fixture on the classpath
     */
    public static String read(String provider, String name) {
        String resource = ROOT + provider + "/" + name;
        try (InputStream in = FixtureFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture " + resource + " on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param provider provider id
     * @return the names of every {@code .json} fixture of the provider, sorted
     */
    public static List<String> jsonFiles(String provider) {
        try (Stream<Path> files = Files.list(folder(provider))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path folder(String provider) {
        URL url = FixtureFiles.class.getClassLoader().getResource(ROOT + provider);
        if (url == null || !"file".equals(url.getProtocol())) {
            throw new IllegalArgumentException("No fixture folder " + ROOT + provider + " on the test classpath"
                    + (url == null ? "" : " (found " + url + ", expected a directory)"));
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
