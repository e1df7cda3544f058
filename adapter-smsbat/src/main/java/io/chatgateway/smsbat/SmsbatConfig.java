package io.chatgateway.smsbat;

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
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Immutable configuration of one SMSBAT ChatHub account. Built with {@link #builder()}, or read from
 * properties by {@link SmsbatChatProviderFactory#configure}.
 *
 * <p>Credentials: either a static bearer {@code token}, or the company {@code login} and
 * {@code password} (the adapter obtains company tokens from {@code /api/company/get-token}). With an
 * {@code operatorId} the adapter additionally mints operator tokens ({@code /api/operator/get-token},
 * at most 24 h each) with the company token and uses those for the chat calls.
 *
 * <p>Several settings exist because the provider's documentation is silent or contradictory; each is
 * named in the adapter's README with its default guess. {@link #toString()} never shows a secret.
 */
public final class SmsbatConfig implements ProviderConfig {

    /** Provider id. */
    public static final String PROVIDER_ID = "smsbat";
    /** Default base URI. */
    public static final URI DEFAULT_BASE_URI = URI.create("https://chatapi.smsbat.com");
    /** Longest message text accepted by default (Telegram's limit; Viber allows more). */
    public static final int DEFAULT_MAX_TEXT_LENGTH = 4096;
    /** Longest lifetime the provider accepts for an operator token. */
    public static final Duration MAX_OPERATOR_TOKEN_LIFETIME = Duration.ofHours(24);
    /** Default lifetime requested for operator tokens: 23 h, an hour of margin for clock skew. */
    public static final Duration DEFAULT_OPERATOR_TOKEN_LIFETIME = Duration.ofHours(23);
    /** Default: renew a token this long before it expires. */
    public static final Duration DEFAULT_RENEW_AHEAD = Duration.ofMinutes(5);
    /** Message status that means "read" in {@code PUT /api/chat/messages/status}. */
    public static final int DEFAULT_MARK_READ_STATUS = 3;

    /** Shape of the body of {@code PUT /api/chat/messages/status} (undocumented; a guess). */
    public enum MarkReadBody {
        /** {@code {"ids":[1,2],"status":3}} (default). */
        IDS,
        /** {@code {"messageIds":[1,2],"status":3}}. */
        MESSAGE_IDS,
        /** One request per message: {@code {"id":1,"status":3}}. */
        PER_MESSAGE,
        /** {@code [{"id":1,"status":3},{"id":2,"status":3}]}. */
        ARRAY;

        /** @return the property value, e.g. {@code message-ids} */
        public String propertyValue() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Which of the two documented message-list paths to use. */
    public enum MessagesPath {
        /** Try {@code /api/chat/chats/{id}/messages}, on 404 {@code /api/chat/{id}/messages}; remember what worked (default). */
        AUTO,
        /** Only {@code /api/chat/chats/{id}/messages} (help center). */
        CHATS,
        /** Only {@code /api/chat/{id}/messages} (website samples). */
        CHAT
    }

    /** Header that carries the token. */
    public enum AuthHeader {
        /** {@code Authorization: Bearer <jwt>} (default). */
        AUTHORIZATION,
        /** {@code X-Authorization-Key: <jwt>} (also documented). */
        X_AUTHORIZATION_KEY
    }

    /** How the {@code format} of an attachment sent as {@code media} is written. */
    public enum MediaFormat {
        /** The MIME type, e.g. {@code image/jpeg} (REST sample; default). */
        MIME,
        /** The file extension, e.g. {@code jpg} (SignalR sample). */
        EXTENSION
    }

    private final URI baseUri;
    private final @Nullable Secret token;
    private final @Nullable String login;
    private final @Nullable Secret password;
    private final @Nullable Long operatorId;
    private final Duration operatorTokenLifetime;
    private final Duration renewAhead;
    private final AuthHeader authHeader;
    private final MessagesPath messagesPath;
    private final MarkReadBody markReadBody;
    private final int markReadStatus;
    private final boolean markReadWithChatId;
    private final MediaFormat mediaFormat;
    private final int maxTextLength;
    private final ZoneId dateFilterZone;
    private final boolean sendLookup;

    private SmsbatConfig(Builder b) {
        this.baseUri = b.baseUri == null ? DEFAULT_BASE_URI : b.baseUri;
        this.token = b.token;
        this.login = b.login;
        this.password = b.password;
        this.operatorId = b.operatorId;
        this.operatorTokenLifetime = b.operatorTokenLifetime;
        this.renewAhead = b.renewAhead;
        this.authHeader = b.authHeader;
        this.messagesPath = b.messagesPath;
        this.markReadBody = b.markReadBody;
        this.markReadStatus = b.markReadStatus;
        this.markReadWithChatId = b.markReadWithChatId;
        this.mediaFormat = b.mediaFormat;
        this.maxTextLength = b.maxTextLength;
        this.dateFilterZone = b.dateFilterZone;
        this.sendLookup = b.sendLookup;
    }

    /** @return a builder with the defaults */
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

    /** @return the static bearer token, if configured */
    public Optional<Secret> token() {
        return Optional.ofNullable(token);
    }

    /** @return the company login, if configured */
    public Optional<String> login() {
        return Optional.ofNullable(login);
    }

    /** @return the company password, if configured */
    public Optional<Secret> password() {
        return Optional.ofNullable(password);
    }

    /** @return the operator whose tokens the chat calls use, if configured */
    public Optional<Long> operatorId() {
        return Optional.ofNullable(operatorId);
    }

    /** @return lifetime requested for each operator token (at most 24 h) */
    public Duration operatorTokenLifetime() {
        return operatorTokenLifetime;
    }

    /** @return how long before a known expiry a token is renewed */
    public Duration renewAhead() {
        return renewAhead;
    }

    /** @return the header that carries the token */
    public AuthHeader authHeader() {
        return authHeader;
    }

    /** @return which message-list path is used */
    public MessagesPath messagesPath() {
        return messagesPath;
    }

    /** @return the body shape of the mark-read call */
    public MarkReadBody markReadBody() {
        return markReadBody;
    }

    /** @return the message status the mark-read call sets (3 = Read) */
    public int markReadStatus() {
        return markReadStatus;
    }

    /** @return whether the mark-read body also carries {@code chatId} */
    public boolean markReadWithChatId() {
        return markReadWithChatId;
    }

    /** @return how an attachment's {@code format} is written */
    public MediaFormat mediaFormat() {
        return mediaFormat;
    }

    /** @return longest text this account sends (at most {@value #DEFAULT_MAX_TEXT_LENGTH}) */
    public int maxTextLength() {
        return maxTextLength;
    }

    /** @return the zone in which the chat list's day-granular {@code date} filter is written */
    public ZoneId dateFilterZone() {
        return dateFilterZone;
    }

    /** @return whether a send whose answer carries no id looks the message up by listing the chat */
    public boolean sendLookup() {
        return sendLookup;
    }

    /** Never shows a secret. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("SmsbatConfig[baseUri=").append(baseUri);
        if (token != null) {
            sb.append(", token=").append(token);
        }
        if (login != null) {
            sb.append(", login=").append(login).append(", password=").append(password);
        }
        if (operatorId != null) {
            sb.append(", operatorId=").append(operatorId).append(", operatorTokenLifetime=").append(operatorTokenLifetime);
        }
        return sb.append(", authHeader=").append(authHeader)
                .append(", messagesPath=").append(messagesPath)
                .append(", markReadBody=").append(markReadBody)
                .append(", markReadStatus=").append(markReadStatus)
                .append(", markReadWithChatId=").append(markReadWithChatId)
                .append(", mediaFormat=").append(mediaFormat)
                .append(", maxTextLength=").append(maxTextLength)
                .append(", dateFilterZone=").append(dateFilterZone)
                .append(", sendLookup=").append(sendLookup)
                .append(']').toString();
    }

    /** Builds a {@link SmsbatConfig}; not thread-safe. */
    public static final class Builder {
        private @Nullable URI baseUri;
        private @Nullable Secret token;
        private @Nullable String login;
        private @Nullable Secret password;
        private @Nullable Long operatorId;
        private Duration operatorTokenLifetime = DEFAULT_OPERATOR_TOKEN_LIFETIME;
        private Duration renewAhead = DEFAULT_RENEW_AHEAD;
        private AuthHeader authHeader = AuthHeader.AUTHORIZATION;
        private MessagesPath messagesPath = MessagesPath.AUTO;
        private MarkReadBody markReadBody = MarkReadBody.IDS;
        private int markReadStatus = DEFAULT_MARK_READ_STATUS;
        private boolean markReadWithChatId;
        private MediaFormat mediaFormat = MediaFormat.MIME;
        private int maxTextLength = DEFAULT_MAX_TEXT_LENGTH;
        private ZoneId dateFilterZone = ZoneOffset.UTC;
        private boolean sendLookup = true;

        private Builder() {}

        /**
         * @param value base URI, default {@code https://chatapi.smsbat.com}
         * @return this
         */
        public Builder baseUri(URI value) { this.baseUri = value; return this; }

        /**
         * @param value base URI text
         * @return this
         */
        public Builder baseUri(String value) { return baseUri(URI.create(value)); }

        /**
         * @param value a static bearer token (company or operator JWT)
         * @return this
         */
        public Builder token(Secret value) { this.token = value; return this; }

        /**
         * @param value a static bearer token
         * @return this
         */
        public Builder token(String value) { return token(Secret.of(value)); }

        /**
         * @param value company login
         * @return this
         */
        public Builder login(String value) { this.login = value; return this; }

        /**
         * @param value company password
         * @return this
         */
        public Builder password(Secret value) { this.password = value; return this; }

        /**
         * @param value company password
         * @return this
         */
        public Builder password(String value) { return password(Secret.of(value)); }

        /**
         * @param value operator id whose tokens the chat calls use
         * @return this
         */
        public Builder operatorId(long value) { this.operatorId = value; return this; }

        /**
         * @param value lifetime of each operator token, 1 minute to 24 h (default 23 h)
         * @return this
         */
        public Builder operatorTokenLifetime(Duration value) { this.operatorTokenLifetime = value; return this; }

        /**
         * @param value renew tokens this long before expiry (default 5 min)
         * @return this
         */
        public Builder renewAhead(Duration value) { this.renewAhead = value; return this; }

        /**
         * @param value header carrying the token
         * @return this
         */
        public Builder authHeader(AuthHeader value) { this.authHeader = value; return this; }

        /**
         * @param value message-list path choice
         * @return this
         */
        public Builder messagesPath(MessagesPath value) { this.messagesPath = value; return this; }

        /**
         * @param value mark-read body shape
         * @return this
         */
        public Builder markReadBody(MarkReadBody value) { this.markReadBody = value; return this; }

        /**
         * @param value message status written by mark-read (default 3)
         * @return this
         */
        public Builder markReadStatus(int value) { this.markReadStatus = value; return this; }

        /**
         * @param value also send {@code chatId} in the mark-read body
         * @return this
         */
        public Builder markReadWithChatId(boolean value) { this.markReadWithChatId = value; return this; }

        /**
         * @param value attachment format style
         * @return this
         */
        public Builder mediaFormat(MediaFormat value) { this.mediaFormat = value; return this; }

        /**
         * @param value longest text, 1 to 4096
         * @return this
         */
        public Builder maxTextLength(int value) { this.maxTextLength = value; return this; }

        /**
         * @param value zone of the chat list's {@code date} filter (default UTC)
         * @return this
         */
        public Builder dateFilterZone(ZoneId value) { this.dateFilterZone = value; return this; }

        /**
         * @param value look a sent message up when the answer has no id (default true)
         * @return this
         */
        public Builder sendLookup(boolean value) { this.sendLookup = value; return this; }

        /**
         * @return the config
         * @throws InvalidConfigurationException when credentials are missing, mixed or a value is out of range
         */
        public SmsbatConfig build() {
            if (baseUri != null) {
                ProviderSettings.baseUriProblem(baseUri).ifPresent(problem -> {
                    throw invalid("The SMSBAT base URI " + problem + ".");
                });
            }
            if (token != null && (login != null || password != null)) {
                throw invalid("Configure either a token or a login and password, not both.");
            }
            if (token == null && (login == null || login.isBlank() || password == null)) {
                throw invalid("SMSBAT needs a token, or a login and a password.");
            }
            if (operatorId != null && operatorId < 0) {
                throw invalid("The operator id must not be negative.");
            }
            if (operatorTokenLifetime == null || operatorTokenLifetime.compareTo(Duration.ofMinutes(1)) < 0
                    || operatorTokenLifetime.compareTo(MAX_OPERATOR_TOKEN_LIFETIME) > 0) {
                throw invalid("The operator token lifetime must be between 1 minute and 24 hours.");
            }
            if (renewAhead == null || renewAhead.isNegative() || renewAhead.compareTo(operatorTokenLifetime) >= 0) {
                throw invalid("The token renewal lead must be zero or more and shorter than the operator token lifetime.");
            }
            if (maxTextLength < 1 || maxTextLength > DEFAULT_MAX_TEXT_LENGTH) {
                throw invalid("The maximum text length must be between 1 and " + DEFAULT_MAX_TEXT_LENGTH + ".");
            }
            Objects.requireNonNull(authHeader, "authHeader");
            Objects.requireNonNull(messagesPath, "messagesPath");
            Objects.requireNonNull(markReadBody, "markReadBody");
            Objects.requireNonNull(mediaFormat, "mediaFormat");
            Objects.requireNonNull(dateFilterZone, "dateFilterZone");
            return new SmsbatConfig(this);
        }

        private static InvalidConfigurationException invalid(String message) {
            return new InvalidConfigurationException(message, ErrorDetails.of(null, PROVIDER_ID, Operation.CONFIGURE));
        }
    }

    @Override
    public java.util.List<Secret> secrets() {
        return java.util.stream.Stream.of(token, password).filter(java.util.Objects::nonNull).toList();
    }

}
