package io.chatgateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A credential (session hash, API key, token, auth secret) whose {@link #toString()} never shows it.
 *
 * <p>Immutable and thread-safe. Only {@link #reveal()} gives the value, for the one place that puts
 * it on the wire.
 */
public final class Secret {

    private static final String REDACTED = "****";

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * @param value the secret value, not blank
     * @return the secret
     * @throws InvalidConfigurationException when the value is null or blank
     */
    public static Secret of(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidConfigurationException("A secret must not be blank.", ErrorDetails.NONE);
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new InvalidConfigurationException("A secret must not contain line breaks.", ErrorDetails.NONE);
        }
        return new Secret(value);
    }

    /** @return the secret value; do not log it */
    public String reveal() {
        return value;
    }

    /** @return {@code ****}, always */
    @Override
    public String toString() {
        return REDACTED;
    }

    /** Constant-time comparison of the values. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && MessageDigest.isEqual(
                s.value.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return 0; // a hash of the value would leak information about it
    }
}
