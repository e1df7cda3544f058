package io.chatgateway.quickblox;

import io.chatgateway.Capability;
import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.Operation;
import io.chatgateway.quickblox.internal.QuickbloxChatProvider;
import io.chatgateway.spi.ChatProvider;
import io.chatgateway.spi.ChatProviderFactory;
import io.chatgateway.spi.ProviderConfig;
import io.chatgateway.spi.ProviderContext;
import io.chatgateway.spi.ProviderMetadata;
import io.chatgateway.spi.ProviderSettings;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The QuickBlox adapter's {@link java.util.ServiceLoader} entry point: provider id {@code quickblox}.
 *
 * <p>Properties (after {@code chatgateway.account.<name>.}): {@code base-url} (default
 * {@code https://api.quickblox.com}); either {@code api-key} with {@code on-behalf-of} (without it: an
 * application-level key, for {@code deleteConversation} with {@code force-delete} only), or
 * {@code application-id}, {@code auth-key}, {@code auth-secret}, {@code login} and {@code password}; optional
 * {@code user-id} (acting user), {@code session-lifetime} (default {@code 2h}), {@code force-delete}
 * (default {@code false}) and {@code text-filter-at-provider} (default {@code true}).
 */
public final class QuickbloxChatProviderFactory implements ChatProviderFactory {
    /**
     * Longest text accepted. QuickBlox documents no limit for the REST {@code message} field; this is a
     * conservative guess (see the README).
     */
    public static final int MAX_TEXT_LENGTH = 65_535;
    /** Largest page asked of QuickBlox: its documented default (no maximum is documented). */
    public static final int MAX_PAGE_SIZE = 100;
    /** Requests per second of the Basic plan. */
    public static final int DEFAULT_RATE_PER_SECOND = 80;

    private static final ProviderMetadata METADATA;

    static {
        Map<Capability, Capability.Support> c = new EnumMap<>(Capability.class);
        c.put(Capability.LIST_CONVERSATIONS, Capability.Support.NATIVE);
        c.put(Capability.LIST_MESSAGES, Capability.Support.NATIVE);
        c.put(Capability.GET_MESSAGE, Capability.Support.NATIVE);
        c.put(Capability.SEND, Capability.Support.NATIVE);
        c.put(Capability.MARK_READ, Capability.Support.NATIVE);
        c.put(Capability.UNREAD_COUNTS, Capability.Support.NATIVE);
        c.put(Capability.DELETE_CONVERSATION, Capability.Support.NATIVE);
        c.put(Capability.BROADCAST, Capability.Support.EMULATED);
        c.put(Capability.MARK_ALL_READ, Capability.Support.EMULATED);
        c.put(Capability.LAST_ACTIVITY, Capability.Support.EMULATED);
        c.put(Capability.SET_STATUS, Capability.Support.UNSUPPORTED);
        c.put(Capability.SEND_ATTACHMENT, Capability.Support.UNSUPPORTED);
        METADATA = new ProviderMetadata(QuickbloxConfig.PROVIDER_ID, "QuickBlox", QuickbloxConfig.DEFAULT_BASE_URI, c, MAX_TEXT_LENGTH,
                MAX_PAGE_SIZE, 1, DEFAULT_RATE_PER_SECOND);
    }

    /** For {@link java.util.ServiceLoader}. */
    public QuickbloxChatProviderFactory() {
    }

    @Override
    public ProviderMetadata metadata() {
        return METADATA;
    }

    @Override
    public QuickbloxConfig configure(ProviderSettings s) {
        QuickbloxConfig.Builder b = QuickbloxConfig.builder();
        s.uri("base-url").ifPresent(b::baseUri);
        var apiKey = s.secret("api-key");
        Optional<Long> onBehalfOf = longValue(s, "on-behalf-of");
        var applicationId = s.get("application-id");
        var authKey = s.secret("auth-key");
        var authSecret = s.secret("auth-secret");
        var login = s.get("login");
        var password = s.secret("password");
        longValue(s, "user-id").ifPresent(b::userId);
        s.duration("session-lifetime").ifPresent(d -> {
            if (d.toMinutes() < 2) {
                throw s.invalid("session-lifetime", "must be at least 2 minutes");
            }
            b.sessionLifetime(d);
        });
        s.bool("force-delete").ifPresent(b::forceDelete);
        s.bool("text-filter-at-provider").ifPresent(b::textFilterAtProvider);
        if (apiKey.isPresent()) {
            for (String key : new String[] {"application-id", "auth-key", "auth-secret", "login", "password"}) {
                if (s.has(key)) {
                    throw s.invalid(key, "cannot be combined with " + s.fullKey("api-key")
                            + "; use one authentication mode");
                }
            }
            b.apiKey(apiKey.get());
            onBehalfOf.ifPresent(b::onBehalfOf);
            if (onBehalfOf.isEmpty() && s.has("user-id")) {
                throw s.invalid("user-id", "needs " + s.fullKey("on-behalf-of") + " with " + s.fullKey("api-key")
                        + " (without it the key acts for no user)");
            }
        } else {
            if (onBehalfOf.isPresent()) {
                throw s.invalid("on-behalf-of", "applies only with " + s.fullKey("api-key"));
            }
            if (applicationId.isEmpty() && authKey.isEmpty() && authSecret.isEmpty() && login.isEmpty() && password.isEmpty()) {
                throw s.invalid("api-key", "is required, unless application-id, auth-key, auth-secret, login and"
                        + " password are given");
            }
            b.applicationId(s.require("application-id"));
            b.authKey(authKey.orElseThrow(() -> s.invalid("auth-key", "is required for session authentication")));
            b.authSecret(authSecret.orElseThrow(() -> s.invalid("auth-secret", "is required for session authentication")));
            b.login(s.require("login"));
            b.password(password.orElseThrow(() -> s.invalid("password", "is required for session authentication")));
        }
        try {
            return b.build();
        } catch (InvalidConfigurationException e) {
            throw new InvalidConfigurationException("Account '" + s.account() + "': " + e.getMessage(),
                    ErrorDetails.of(s.account(), QuickbloxConfig.PROVIDER_ID, Operation.CONFIGURE), e);
        }
    }

    @Override
    public ChatProvider create(ProviderConfig config, ProviderContext context) {
        if (!(config instanceof QuickbloxConfig q)) {
            throw new InvalidConfigurationException("The quickblox provider needs a QuickbloxConfig, not "
                    + (config == null ? "null" : config.getClass().getSimpleName()) + ".",
                    ErrorDetails.of(context.account(), QuickbloxConfig.PROVIDER_ID, Operation.CONFIGURE));
        }
        return new QuickbloxChatProvider(q, context);
    }

    private static Optional<Long> longValue(ProviderSettings s, String key) {
        return s.get(key).map(v -> {
            try {
                long n = Long.parseLong(v);
                if (n <= 0) {
                    throw s.invalid(key, "must be a positive QuickBlox user id, not " + n);
                }
                return n;
            } catch (NumberFormatException e) {
                throw s.invalid(key, "is not a QuickBlox user id (a whole number): '" + v + "'");
            }
        });
    }
}
