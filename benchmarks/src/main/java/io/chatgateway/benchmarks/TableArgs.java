package io.chatgateway.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line the table-printing benchmarks share: {@code [--quick] [--out DIR] [--only TEXT]...}; {@code --only}
 * keeps the scenarios whose description contains one of the texts (e.g. {@code --only "navixy messagesAsync"}).
 */
record TableArgs(boolean quick, Path out, List<String> only) {

    /** @return the parsed arguments; prints the usage of {@code program} and exits 2 on anything else */
    static TableArgs parse(String program, String[] args) {
        boolean quick = false;
        Path out = null;
        List<String> only = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(args[++i]);
                case "--only" -> only.add(args[++i]);
                default -> {
                    System.err.println("usage: " + program + " [--quick] [--out DIR] [--only TEXT]...");
                    System.exit(2);
                }
            }
        }
        return new TableArgs(quick, out, List.copyOf(only));
    }

    /** @return the scenarios whose {@code toString()} contains one of the {@code --only} texts (all without one) */
    <T> List<T> select(List<T> scenarios) {
        if (only.isEmpty()) {
            return scenarios;
        }
        return scenarios.stream().filter(s -> only.stream().anyMatch(o -> describe(s).contains(o))).toList();
    }

    private static String describe(Object scenario) {
        return scenario instanceof Record r ? String.join(" ", java.util.Arrays.stream(r.getClass().getRecordComponents())
                .map(c -> {
                    try {
                        return String.valueOf(c.getAccessor().invoke(r));
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }).toList()) : scenario.toString();
    }

    /** Prints the table and, with {@code --out}, also writes it to {@code fileName} there. */
    void print(String table, String fileName) throws IOException {
        System.out.println();
        System.out.println(table);
        if (out != null) {
            Files.createDirectories(out);
            Files.writeString(out.resolve(fileName), table);
        }
    }
}
