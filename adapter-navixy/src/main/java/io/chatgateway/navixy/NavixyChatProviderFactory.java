package io.chatgateway.navixy;

import io.chatgateway.Capability;
import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.Operation;
import io.chatgateway.Secret;
import io.chatgateway.navixy.internal.NavixyChatProvider;
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
 * The Navixy tracker chat provider ({@code navixy}), found with {@link java.util.ServiceLoader}.
 *
 * <p>A conversation is a tracker (title = tracker label); messages are the tracker's chat. Properties
 * (after {@code chatgateway.account.<name>.}): {@code base-url}, {@code hash} or {@code login} +
 * {@code password}, {@code time-zone}, {@code iso-datetime} ({@code true}/{@code false}, default true),
 * {@code history-window} (default {@code 7d}).
 */
public final class NavixyChatProviderFactory implements ChatProviderFactory {

    /** Longest message text Navixy accepts. */
    public static final int MAX_TEXT_LENGTH = 20_000;
    /** Largest {@code limit} of {@code tracker/chat/list}. */
    public static final int MAX_PAGE_SIZE = 1024;
    /** Most trackers of one {@code broadcast} or {@code updated/list} call. */
    public static final int MAX_TRACKERS_PER_CALL = 300;
    /** Navixy's published rate limit per user. */
    public static final int RATE_PER_SECOND = 50;

    private static final ProviderMetadata METADATA;

    static {
        Map<Capability, Capability.Support> caps = new EnumMap<>(Capability.class);
        for (Capability c : new Capability[] {Capability.LIST_CONVERSATIONS, Capability.LIST_MESSAGES, Capability.SEND,
                Capability.BROADCAST, Capability.MARK_READ, Capability.MARK_ALL_READ, Capability.UNREAD_COUNTS,
                Capability.LAST_ACTIVITY}) {
            caps.put(c, Capability.Support.NATIVE);
        }
        // GET_MESSAGE: Navixy has no lookup by id, and a scan of a time window could not tell "absent" honestly.
        caps.put(Capability.GET_MESSAGE, Capability.Support.UNSUPPORTED);
        caps.put(Capability.SEND_ATTACHMENT, Capability.Support.UNSUPPORTED);
        caps.put(Capability.SET_STATUS, Capability.Support.UNSUPPORTED);
        caps.put(Capability.DELETE_CONVERSATION, Capability.Support.UNSUPPORTED);
        METADATA = new ProviderMetadata(NavixyConfig.PROVIDER_ID, "Navixy", NavixyConfig.DEFAULT_BASE_URI, caps,
                MAX_TEXT_LENGTH, MAX_PAGE_SIZE, MAX_TRACKERS_PER_CALL, RATE_PER_SECOND);
    }

    /** Used by {@link java.util.ServiceLoader}. */
    public NavixyChatProviderFactory() {
    }

    @Override
    public ProviderMetadata metadata() {
        return METADATA;
    }

    @Override
    public NavixyConfig configure(ProviderSettings settings) {
        NavixyConfig.Builder b = NavixyConfig.builder();
        settings.uri("base-url").ifPresent(b::baseUri);
        Optional<Secret> hash = settings.secret("hash");
        Optional<String> login = settings.get("login");
        Optional<Secret> password = settings.secret("password");
        if (hash.isPresent() && (login.isPresent() || password.isPresent())) {
            throw settings.invalid(login.isPresent() ? "login" : "password",
                    "cannot be combined with " + settings.fullKey("hash") + "; give a hash or a login and password");
        }
        if (hash.isPresent()) {
            b.hash(hash.get());
        } else if (login.isPresent() && password.isPresent()) {
            b.login(login.get(), password.get());
        } else if (login.isPresent()) {
            throw settings.invalid("password", "is required with " + settings.fullKey("login"));
        } else if (password.isPresent()) {
            throw settings.invalid("login", "is required with " + settings.fullKey("password"));
        } else {
            throw settings.invalid("hash", "is required (a session hash or API key), or give login and password");
        }
        settings.zone("time-zone").ifPresent(b::timeZone);
        settings.bool("iso-datetime").ifPresent(b::isoDateTime);
        settings.duration("history-window").ifPresent(d -> {
            if (d.isZero() || d.isNegative()) {
                throw settings.invalid("history-window", "must be positive");
            }
            b.historyWindow(d);
        });
        return b.build();
    }

    @Override
    public ChatProvider create(ProviderConfig config, ProviderContext context) {
        if (!(config instanceof NavixyConfig navixy)) {
            throw new InvalidConfigurationException("The navixy provider needs a NavixyConfig, not "
                    + (config == null ? "null" : config.getClass().getSimpleName()) + ".",
                    ErrorDetails.of(context.account(), NavixyConfig.PROVIDER_ID, Operation.CONFIGURE));
        }
        return new NavixyChatProvider(navixy, context);
    }
}
