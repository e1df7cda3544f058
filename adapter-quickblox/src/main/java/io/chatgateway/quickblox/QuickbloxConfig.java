package io.chatgateway.quickblox;

import org.jspecify.annotations.Nullable;
import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.Operation;
import io.chatgateway.Secret;
import io.chatgateway.spi.ProviderConfig;
import io.chatgateway.spi.ProviderSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Configuration of one QuickBlox account. Immutable; {@link #toString()} never shows a secret.
 *
 * <p>Two ways to authenticate:
 * <ul>
 *   <li><b>API key</b>: {@code Authorization: ApiKey <key>} with {@code On-Behalf-Of: <user id>} on every
 *       request ({@link Builder#apiKey(Secret)}, {@link Builder#onBehalfOf(long)}); without {@code on-behalf-of}
 *       the key acts at application level, where QuickBlox needs no user: only {@code deleteConversation} with
 *       {@link Builder#forceDelete(boolean) force-delete} works, every other call fails before any request with an
 *       {@code AuthenticationException} (reason {@code INSUFFICIENT_SESSION}) saying that a user is needed;</li>
 *   <li><b>session</b>: a user session created with {@code POST /session.json}, signed with the application's
 *       auth secret, and sent as {@code QB-Token} ({@link Builder#applicationId(String)},
 *       {@link Builder#authKey(Secret)}, {@link Builder#authSecret(Secret)}, {@link Builder#login(String)},
 *       {@link Builder#password(Secret)}).</li>
 * </ul>
 *
 * <p>Messages are INBOUND or OUTBOUND relative to the <em>acting user</em>: {@link Builder#userId(long)}, or
 * else the {@code On-Behalf-Of} user, or else the user the session logged in as.
 */
public final class QuickbloxConfig implements ProviderConfig {

    /** The provider id. */
    public static final String PROVIDER_ID = "quickblox";

    /** The public QuickBlox API host. */
    public static final URI DEFAULT_BASE_URI = URI.create("https://api.quickblox.com");
    /** QuickBlox sessions expire two hours after the last request. */
    public static final Duration DEFAULT_SESSION_LIFETIME = Duration.ofHours(2);

    private final URI baseUri;
    private final @Nullable Secret apiKey;
    private final @Nullable Long onBehalfOf;
    private final @Nullable String applicationId;
    private final @Nullable Secret authKey;
    private final @Nullable Secret authSecret;
    private final @Nullable String login;
    private final @Nullable Secret password;
    private final @Nullable Long userId;
    private final Duration sessionLifetime;
    private final boolean forceDelete;
    private final boolean textFilterAtProvider;

    private QuickbloxConfig(Builder b) {
        this.baseUri = b.baseUri == null ? DEFAULT_BASE_URI : b.baseUri;
        this.apiKey = b.apiKey;
        this.onBehalfOf = b.onBehalfOf;
        this.applicationId = b.applicationId;
        this.authKey = b.authKey;
        this.authSecret = b.authSecret;
        this.login = b.login;
        this.password = b.password;
        this.userId = b.userId;
        this.sessionLifetime = b.sessionLifetime == null ? DEFAULT_SESSION_LIFETIME : b.sessionLifetime;
        this.forceDelete = b.forceDelete;
        this.textFilterAtProvider = b.textFilterAtProvider;
        ProviderSettings.baseUriProblem(baseUri).ifPresent(problem -> {
            throw invalid("The QuickBlox base URI " + problem + ".");
        });
        boolean sessionFields = applicationId != null || authKey != null || authSecret != null || login != null
                || password != null;
        if (apiKey != null) {
            if (sessionFields) {
                throw invalid("Configure QuickBlox either with an API key or with application-id, auth-key, auth-secret,"
                        + " login and password, not both.");
            }
            if (onBehalfOf == null && userId != null) {
                throw invalid("user-id needs on-behalf-of with a QuickBlox API key: without it the key acts for no"
                        + " user (application level).");
            }
        } else {
            if (applicationId == null || authKey == null || authSecret == null || login == null || password == null) {
                throw invalid("QuickBlox needs an API key (with on-behalf-of to act as a user), or all of application-id, auth-key,"
                        + " auth-secret, login and password.");
            }
            if (onBehalfOf != null) {
                throw invalid("on-behalf-of applies to API key authentication only.");
            }
        }
        if (sessionLifetime.compareTo(Duration.ofMinutes(2)) < 0) {
            throw invalid("The QuickBlox session lifetime must be at least 2 minutes.");
        }
    }

    private static InvalidConfigurationException invalid(String message) {
        return new InvalidConfigurationException(message, ErrorDetails.of(null, PROVIDER_ID, Operation.CONFIGURE));
    }

    /** @return a new builder */
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

    /** @return {@code true} when the account authenticates with an API key */
    public boolean usesApiKey() {
        return apiKey != null;
    }

    /** @return the API key (API key mode) */
    public Optional<Secret> apiKey() {
        return Optional.ofNullable(apiKey);
    }

    /** @return the user the API key acts for (API key mode); empty for an application-level key */
    public OptionalLong onBehalfOf() {
        return onBehalfOf == null ? OptionalLong.empty() : OptionalLong.of(onBehalfOf);
    }

    /** @return the application id (session mode) */
    public Optional<String> applicationId() {
        return Optional.ofNullable(applicationId);
    }

    /** @return the application's auth key (session mode) */
    public Optional<Secret> authKey() {
        return Optional.ofNullable(authKey);
    }

    /** @return the application's auth secret, the HMAC key of session signatures (session mode) */
    public Optional<Secret> authSecret() {
        return Optional.ofNullable(authSecret);
    }

    /** @return the user login (session mode) */
    public Optional<String> login() {
        return Optional.ofNullable(login);
    }

    /** @return the user password (session mode) */
    public Optional<Secret> password() {
        return Optional.ofNullable(password);
    }

    /** @return the acting user id, when configured explicitly (else on-behalf-of or the session's user) */
    public OptionalLong userId() {
        return userId != null ? OptionalLong.of(userId) : onBehalfOf();
    }

    /** @return how long a session lives without requests; renewed a little before */
    public Duration sessionLifetime() {
        return sessionLifetime;
    }

    /** @return {@code true} to delete dialogs for every occupant ({@code force=1}) instead of only the acting user */
    public boolean forceDelete() {
        return forceDelete;
    }

    /** @return {@code true} to send the text filter to QuickBlox as {@code message[ctn]}; else it runs locally */
    public boolean textFilterAtProvider() {
        return textFilterAtProvider;
    }

    /** Never shows a secret. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("QuickbloxConfig[baseUri=").append(baseUri);
        if (apiKey != null) {
            sb.append(", apiKey=****, onBehalfOf=").append(onBehalfOf == null ? "none (application level)" : onBehalfOf);
        } else {
            sb.append(", applicationId=").append(applicationId).append(", authKey=****, authSecret=****, login=")
                    .append(login).append(", password=****");
        }
        if (userId != null) {
            sb.append(", userId=").append(userId);
        }
        return sb.append(", sessionLifetime=").append(sessionLifetime).append(", forceDelete=").append(forceDelete)
                .append(", textFilterAtProvider=").append(textFilterAtProvider).append(']').toString();
    }

    /** Builds a {@link QuickbloxConfig}; not thread-safe. */
    public static final class Builder {
        private @Nullable URI baseUri;
        private @Nullable Secret apiKey;
        private @Nullable Long onBehalfOf;
        private @Nullable String applicationId;
        private @Nullable Secret authKey;
        private @Nullable Secret authSecret;
        private @Nullable String login;
        private @Nullable Secret password;
        private @Nullable Long userId;
        private @Nullable Duration sessionLifetime;
        private boolean forceDelete;
        private boolean textFilterAtProvider = true;

        private Builder() {
        }

        /**
         * @param value API base URI, default {@code https://api.quickblox.com}
         * @return this
         */
        public Builder baseUri(URI value) { this.baseUri = value; return this; }

        /**
         * @param value API key from the dashboard
         * @return this
         */
        public Builder apiKey(Secret value) { this.apiKey = value; return this; }

        /**
         * @param value API key from the dashboard
         * @return this
         */
        public Builder apiKey(String value) { return apiKey(Secret.of(value)); }

        /**
         * @param value id of the user the API key acts as; leave unset for an application-level key
         * @return this
         */
        public Builder onBehalfOf(long value) { this.onBehalfOf = value; return this; }

        /**
         * @param value application id
         * @return this
         */
        public Builder applicationId(String value) { this.applicationId = blankToNull(value); return this; }

        /**
         * @param value application auth key
         * @return this
         */
        public Builder authKey(Secret value) { this.authKey = value; return this; }

        /**
         * @param value application auth secret
         * @return this
         */
        public Builder authSecret(Secret value) { this.authSecret = value; return this; }

        /**
         * @param value user login
         * @return this
         */
        public Builder login(String value) { this.login = blankToNull(value); return this; }

        /**
         * @param value user password
         * @return this
         */
        public Builder password(Secret value) { this.password = value; return this; }

        /**
         * @param value the acting user's id (direction and read status are relative to it)
         * @return this
         */
        public Builder userId(long value) { this.userId = value; return this; }

        /**
         * @param value session idle lifetime, default 2 hours
         * @return this
         */
        public Builder sessionLifetime(Duration value) { this.sessionLifetime = value; return this; }

        /**
         * @param value delete dialogs for everyone ({@code force=1}), default {@code false}
         * @return this
         */
        public Builder forceDelete(boolean value) { this.forceDelete = value; return this; }

        /**
         * @param value send text filters as {@code message[ctn]}, default {@code true}
         * @return this
         */
        public Builder textFilterAtProvider(boolean value) { this.textFilterAtProvider = value; return this; }

        /**
         * @return the configuration
         * @throws InvalidConfigurationException when neither authentication mode is complete, or both are given
         */
        public QuickbloxConfig build() {
            return new QuickbloxConfig(this);
        }

        private static @Nullable String blankToNull(@Nullable String v) {
            return v == null || v.isBlank() ? null : v.trim();
        }
    }

    @Override
    public java.util.List<Secret> secrets() {
        return java.util.stream.Stream.of(apiKey, authKey, authSecret, password).filter(java.util.Objects::nonNull).toList();
    }

}
