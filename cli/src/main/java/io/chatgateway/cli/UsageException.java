package io.chatgateway.cli;

/** A command line that parses but makes no sense (e.g. {@code read} with nothing to read): exit code 2. */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
