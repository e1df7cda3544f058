package io.chatgateway.navixy;

import org.jspecify.annotations.Nullable;
import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.Operation;
import io.chatgateway.Secret;
import io.chatgateway.spi.ProviderConfig;
import io.chatgateway.spi.ProviderSettings;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * Configuration of one Navixy account. Immutable and thread-safe; {@link #toString()} never shows the
 * hash or the password.
 *
 * <p>Credentials: either a {@linkplain Builder#hash(Secret) hash} (a session hash or an API key, sent as
 * {@code Authorization: NVX <hash>}) or a {@linkplain Builder#login(String, Secret) login and password},
 * exchanged for a session hash with {@code user/auth} and renewed once when Navixy reports it expired
 * (codes 3 and 4).
 *
 * <p>Times: Navixy writes date/times without an offset in the account's time zone unless asked for ISO
 * 8601. By default ({@link #isoDateTime()} {@code true}) every request carries {@code NVX-ISO-DateTime: true},
 * so times travel with their offset. With ISO mode off, times are written and read in {@link #timeZone()}
 * when configured, otherwise in the zone the account reports in {@code user/get_info}; never in UTC by
 * assumption.
 */
public final class NavixyConfig implements ProviderConfig {

    /** The provider id. */
    public static final String PROVIDER_ID = "navixy";
    /** Default base URI (EU region). */
    public static final URI DEFAULT_BASE_URI = URI.create("https://api.eu.navixy.com/v2");
    /** Navixy's own default history window of {@code tracker/chat/list}. */
    public static final Duration DEFAULT_HISTORY_WINDOW = Duration.ofDays(7);

    private final URI baseUri;
    private final @Nullable Secret hash;
    private final @Nullable String login;
    private final @Nullable Secret password;
    private final @Nullable ZoneId timeZone;
    private final boolean isoDateTime;
    private final Duration historyWindow;

    private NavixyConfig(Builder b) {
        this.baseUri = b.baseUri == null ? DEFAULT_BASE_URI : b.baseUri;
        this.hash = b.hash;
        this.login = b.login;
        this.password = b.password;
        this.timeZone = b.timeZone;
        this.isoDateTime = b.isoDateTime;
        this.historyWindow = b.historyWindow == null ? DEFAULT_HISTORY_WINDOW : b.historyWindow;
        ProviderSettings.baseUriProblem(baseUri).ifPresent(problem -> {
            throw invalid("The Navixy base URL " + problem + ".");
        });
        if (hash == null && login == null) {
            throw invalid("A Navixy account needs a hash (session hash or API key) or a login and password.");
        }
        if (hash != null && login != null) {
            throw invalid("A Navixy account takes a hash or a login and password, not both.");
        }
        if (login != null && (login.isBlank() || password == null)) {
            throw invalid("A Navixy login needs a non-blank login and a password.");
        }
        if (historyWindow.isNegative() || historyWindow.isZero()) {
            throw invalid("The Navixy history window must be positive.");
        }
    }

    private static InvalidConfigurationException invalid(String message) {
        return new InvalidConfigurationException(message, ErrorDetails.of(null, PROVIDER_ID, Operation.CONFIGURE));
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String providerId() {
        return PROVIDER_ID;
    }

    @Override
    public URI baseUri() {
        return baseUri;
    }

    /** @return the session hash or API key, when configured */
    public Optional<Secret> hash() {
        return Optional.ofNullable(hash);
    }

    /** @return the login for {@code user/auth}, when configured */
    public Optional<String> login() {
        return Optional.ofNullable(login);
    }

    /** @return the password for {@code user/auth}, when configured */
    public Optional<Secret> password() {
        return Optional.ofNullable(password);
    }

    /** @return the account's time zone, when configured (otherwise it is asked from the account when needed) */
    public Optional<ZoneId> timeZone() {
        return Optional.ofNullable(timeZone);
    }

    /** @return {@code true} (default) to exchange ISO 8601 date/times with offsets ({@code NVX-ISO-DateTime: true}) */
    public boolean isoDateTime() {
        return isoDateTime;
    }

    /** @return how far back a message query without {@code since} reads (default 7 days, Navixy's own default) */
    public Duration historyWindow() {
        return historyWindow;
    }

    /** Shows no secret. */
    @Override
    public String toString() {
        return "NavixyConfig[baseUri=" + baseUri + ", credential=" + (hash != null ? "hash ****" : "login " + login + " / ****")
                + ", timeZone=" + (timeZone == null ? "from account" : timeZone) + ", isoDateTime=" + isoDateTime
                + ", historyWindow=" + historyWindow + "]";
    }

    /** Builds a {@link NavixyConfig}; not thread-safe. */
    public static final class Builder {
        private @Nullable URI baseUri;
        private @Nullable Secret hash;
        private @Nullable String login;
        private @Nullable Secret password;
        private @Nullable ZoneId timeZone;
        private boolean isoDateTime = true;
        private @Nullable Duration historyWindow;

        private Builder() {}

        /**
         * @param value base URI, e.g. {@code https://api.us.navixy.com/v2}; default EU
         * @return this
         */
        public Builder baseUri(URI value) { this.baseUri = value; return this; }

        /**
         * @param value base URL text
         * @return this
         */
        public Builder baseUri(String value) { this.baseUri = URI.create(value); return this; }

        /**
         * @param value session hash or API key
         * @return this
         */
        public Builder hash(Secret value) { this.hash = Objects.requireNonNull(value, "hash"); return this; }

        /**
         * @param value session hash or API key
         * @return this
         */
        public Builder hash(String value) { return hash(Secret.of(value)); }

        /**
         * @param user     login (e-mail) for {@code user/auth}
         * @param secret   password
         * @return this
         */
        public Builder login(String user, Secret secret) {
            this.login = Objects.requireNonNull(user, "login");
            this.password = Objects.requireNonNull(secret, "password");
            return this;
        }

        /**
         * @param user login
         * @param secret password
         * @return this
         */
        public Builder login(String user, String secret) { return login(user, Secret.of(secret)); }

        /**
         * @param value the account's time zone (for zone-less date/times)
         * @return this
         */
        public Builder timeZone(ZoneId value) { this.timeZone = value; return this; }

        /**
         * @param value whether to use ISO 8601 date/times (default {@code true})
         * @return this
         */
        public Builder isoDateTime(boolean value) { this.isoDateTime = value; return this; }

        /**
         * @param value history read without {@code since} (default 7 days)
         * @return this
         */
        public Builder historyWindow(Duration value) { this.historyWindow = value; return this; }

        /**
         * @return the config
         * @throws InvalidConfigurationException when credentials are missing or contradictory
         */
        public NavixyConfig build() {
            return new NavixyConfig(this);
        }
    }

    @Override
    public java.util.List<Secret> secrets() {
        return java.util.stream.Stream.of(hash, password).filter(java.util.Objects::nonNull).toList();
    }

}
