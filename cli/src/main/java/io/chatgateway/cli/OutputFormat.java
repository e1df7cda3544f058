package io.chatgateway.cli;

/** How results are printed on stdout. */
enum OutputFormat {
    /** Aligned columns for people. */
    TABLE,
    /** JSON Lines: one object per line, for programs. */
    JSON
}
