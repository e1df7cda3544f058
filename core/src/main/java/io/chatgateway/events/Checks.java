package io.chatgateway.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** The checks every event's compact constructor shares. */
final class Checks {

    private Checks() {}

    static void names(String account, String provider, Instant at) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(at, "at");
    }

    static void notNegative(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative");
        }
    }
}
