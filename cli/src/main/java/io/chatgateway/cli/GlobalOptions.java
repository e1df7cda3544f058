package io.chatgateway.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command accepts, before or after the command name; they set the shared {@link Context}. */
final class GlobalOptions {

    private final Context context;

    GlobalOptions(Context context) {
        this.context = context;
    }

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", order = 100,
            description = "Accounts in the properties format of chatgateway (default: the file named by $CHATGW_CONFIG;"
                    + " with neither, sandbox mode on the built-in simulators).")
    void config(Path file) {
        context.config = file;
    }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", order = 101,
            description = "table (default) or json (JSON Lines: one object per line).",
            converter = FormatConverter.class)
    void output(OutputFormat format) {
        context.output = format;
    }

    @Option(names = {"-v", "--verbose"}, order = 102, description = "Debug logging of the gateway and adapters on stderr.")
    void verbose(boolean on) {
        context.verbose = on;
        if (on) {
            Logging.verbose();
        }
    }

    /** Accepts {@code table} and {@code json} in any case. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            try {
                return OutputFormat.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + Table.cell(value)
                        + "' is not an output format; use table or json.");
            }
        }
    }
}
