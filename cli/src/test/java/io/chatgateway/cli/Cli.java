package io.chatgateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Runs {@code chatgw} in-process with captured stdout and stderr. */
final class Cli {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Result(int exitCode, String out, String err) {

        /** @return stdout parsed as JSON Lines */
        List<JsonNode> json() {
            return out.lines().filter(l -> !l.isBlank()).map(l -> {
                try {
                    return JSON.readTree(l);
                } catch (IOException e) {
                    throw new UncheckedIOException("not a JSON line: " + l, e);
                }
            }).toList();
        }

        List<String> outLines() {
            return out.lines().toList();
        }

        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private Cli() {}

    /** Writes {@code properties} as a properties file (one {@code key=value} line each) and returns it. */
    static Path propertiesFile(Path file, Map<String, String> properties) {
        try {
            Files.writeString(file, properties.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("\n", "", "\n")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static Result run(String... args) {
        return run(Map.of(), args);
    }

    static Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Context context = new Context(new PrintWriter(out, true), new PrintWriter(err, true), env, false, () -> { });
        int code;
        try {
            code = ChatgwCommand.run(args, context);
        } finally {
            // -v raises the level for the whole JVM; tests share one
            if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext lc) {
                lc.getLogger("io.chatgateway").setLevel(null);
            }
        }
        return new Result(code, out.toString(), err.toString());
    }
}
