package io.chatgateway.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The command line the table-printing benchmarks share: {@code [--quick] [--out DIR]}. */
record TableArgs(boolean quick, Path out) {

    /** @return the parsed arguments; prints the usage of {@code program} and exits 2 on anything else */
    static TableArgs parse(String program, String[] args) {
        boolean quick = false;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: " + program + " [--quick] [--out DIR]");
                    System.exit(2);
                }
            }
        }
        return new TableArgs(quick, out);
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
