package io.chatgateway.cli;

/** A runtime problem of the command itself (nothing installed, nothing to run on): exit code 1, message as is. */
final class CliFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CliFailure(String message) {
        super(message);
    }
}
