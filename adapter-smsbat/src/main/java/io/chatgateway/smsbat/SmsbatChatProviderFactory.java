package io.chatgateway.smsbat;

import io.chatgateway.Capability;
import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.Operation;
import io.chatgateway.smsbat.internal.SmsbatChatProvider;
import io.chatgateway.spi.ChatProvider;
import io.chatgateway.spi.ChatProviderFactory;
import io.chatgateway.spi.ProviderConfig;
import io.chatgateway.spi.ProviderContext;
import io.chatgateway.spi.ProviderMetadata;
import io.chatgateway.spi.ProviderSettings;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The SMSBAT ChatHub provider ({@code smsbat}), registered with {@link java.util.ServiceLoader}.
 *
 * <p>Native: chat list, message list, send (text and one attachment), mark read, chat status, delete.
 * Emulated: broadcast (the gateway fans out {@code send}), one message by reference, mark all read,
 * unread counts and last activity (built from the chat and message lists). Thread-safe and stateless.
 */
public final class SmsbatChatProviderFactory implements ChatProviderFactory {

    /** Largest chat page requested ({@code per_page}); the provider's maximum is undocumented. */
    public static final int MAX_PAGE_SIZE = 100;
    /** Requests per second by default (the help center's messaging limit). */
    public static final int DEFAULT_RATE_PER_SECOND = 100;

    private static final ProviderMetadata METADATA = metadata0();

    /** Creates the factory; ServiceLoader needs this public no-argument constructor. */
    public SmsbatChatProviderFactory() {
        // stateless
    }

    private static ProviderMetadata metadata0() {
        Map<Capability, Capability.Support> caps = new EnumMap<>(Capability.class);
        for (Capability c : new Capability[] {Capability.LIST_CONVERSATIONS, Capability.LIST_MESSAGES, Capability.SEND,
                Capability.SEND_ATTACHMENT, Capability.MARK_READ, Capability.SET_STATUS, Capability.DELETE_CONVERSATION}) {
            caps.put(c, Capability.Support.NATIVE);
        }
        for (Capability c : new Capability[] {Capability.BROADCAST, Capability.GET_MESSAGE, Capability.MARK_ALL_READ,
                Capability.UNREAD_COUNTS, Capability.LAST_ACTIVITY}) {
            caps.put(c, Capability.Support.EMULATED);
        }
        // broadcast is emulated by the gateway's fan-out of send: one recipient per provider call
        return new ProviderMetadata(SmsbatConfig.PROVIDER_ID, "SMSBAT ChatHub", SmsbatConfig.DEFAULT_BASE_URI, caps,
                SmsbatConfig.DEFAULT_MAX_TEXT_LENGTH, MAX_PAGE_SIZE, 1, DEFAULT_RATE_PER_SECOND);
    }

    @Override
    public ProviderMetadata metadata() {
        return METADATA;
    }

    /**
     * Reads {@code base-url}, {@code token} or {@code login} + {@code password}, {@code operator-id},
     * {@code operator-token-lifetime}, {@code token-renew-ahead}, {@code auth-header}, {@code messages-path},
     * {@code mark-read-body}, {@code mark-read-status}, {@code mark-read-chat-id}, {@code media-format},
     * {@code max-text-length}, {@code date-filter-zone} and {@code send-lookup}.
     */
    @Override
    public ProviderConfig configure(ProviderSettings s) {
        SmsbatConfig.Builder b = SmsbatConfig.builder();
        s.uri("base-url").ifPresent(b::baseUri);
        Optional<io.chatgateway.Secret> token = s.secret("token");
        Optional<String> login = s.get("login");
        Optional<io.chatgateway.Secret> password = s.secret("password");
        if (token.isPresent() && (login.isPresent() || password.isPresent())) {
            throw s.invalid(login.isPresent() ? "login" : "password", "cannot be combined with token; configure one or the other");
        }
        if (token.isEmpty()) {
            if (login.isEmpty() && password.isEmpty()) {
                throw s.invalid("token", "is required (or login and password)");
            }
            b.login(login.orElseThrow(() -> s.invalid("login", "is required with password")));
            b.password(password.orElseThrow(() -> s.invalid("password", "is required with login")));
        } else {
            b.token(token.get());
        }
        s.get("operator-id").ifPresent(v -> {
            if (!v.matches("\\d{1,18}")) {
                throw s.invalid("operator-id", "must be a whole number, not '" + v + "'");
            }
            b.operatorId(Long.parseLong(v));
        });
        s.duration("operator-token-lifetime").ifPresent(d -> {
            if (d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(SmsbatConfig.MAX_OPERATOR_TOKEN_LIFETIME) > 0) {
                throw s.invalid("operator-token-lifetime", "must be between 1m and 24h, not " + d);
            }
            b.operatorTokenLifetime(d);
        });
        s.duration("token-renew-ahead").ifPresent(d -> {
            Duration lifetime = s.duration("operator-token-lifetime").orElse(SmsbatConfig.DEFAULT_OPERATOR_TOKEN_LIFETIME);
            if (d.compareTo(lifetime) >= 0) {
                throw s.invalid("token-renew-ahead", "must be shorter than the operator token lifetime (" + lifetime + ")");
            }
            b.renewAhead(d);
        });
        s.get("auth-header").ifPresent(v -> b.authHeader(choice(s, "auth-header", v, SmsbatConfig.AuthHeader.class)));
        s.get("messages-path").ifPresent(v -> b.messagesPath(choice(s, "messages-path", v, SmsbatConfig.MessagesPath.class)));
        s.get("mark-read-body").ifPresent(v -> b.markReadBody(choice(s, "mark-read-body", v, SmsbatConfig.MarkReadBody.class)));
        s.integer("mark-read-status", 0, 1000).ifPresent(b::markReadStatus);
        s.bool("mark-read-chat-id").ifPresent(b::markReadWithChatId);
        s.get("media-format").ifPresent(v -> b.mediaFormat(choice(s, "media-format", v, SmsbatConfig.MediaFormat.class)));
        s.integer("max-text-length", 1, SmsbatConfig.DEFAULT_MAX_TEXT_LENGTH).ifPresent(b::maxTextLength);
        s.zone("date-filter-zone").ifPresent(b::dateFilterZone);
        s.bool("send-lookup").ifPresent(b::sendLookup);
        try {
            return b.build();
        } catch (InvalidConfigurationException e) {
            throw new InvalidConfigurationException("Account '" + s.account() + "': " + e.getMessage(),
                    ErrorDetails.of(s.account(), SmsbatConfig.PROVIDER_ID, Operation.CONFIGURE), e);
        }
    }

    private static <E extends Enum<E>> E choice(ProviderSettings s, String key, String value, Class<E> type) {
        String wanted = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(wanted)) {
                return e;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            allowed.append(allowed.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        throw s.invalid(key, "must be one of " + allowed + ", not '" + value + "'");
    }

    @Override
    public ChatProvider create(ProviderConfig config, ProviderContext context) {
        if (!(config instanceof SmsbatConfig smsbat)) {
            throw new InvalidConfigurationException("The smsbat provider needs an SmsbatConfig, not "
                    + (config == null ? "null" : config.getClass().getSimpleName()) + ".",
                    ErrorDetails.of(context.account(), SmsbatConfig.PROVIDER_ID, Operation.CONFIGURE));
        }
        return new SmsbatChatProvider(smsbat, context);
    }
}
