package io.chatgateway.testprovider;

import io.chatgateway.Capability;
import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.Operation;
import io.chatgateway.spi.ChatProvider;
import io.chatgateway.spi.ChatProviderFactory;
import io.chatgateway.spi.ProviderConfig;
import io.chatgateway.spi.ProviderContext;
import io.chatgateway.spi.ProviderMetadata;
import io.chatgateway.spi.ProviderSettings;
import java.util.EnumMap;
import java.util.Map;

/**
 * The in-test provider {@code loopback}, registered in the test scope's {@code META-INF/services}. Everything
 * is native except {@link Capability#SEND_ATTACHMENT}, which is unsupported; native broadcast takes 3
 * recipients per call so that chunking shows.
 */
public final class LoopbackProviderFactory implements ChatProviderFactory {

    /** Most recipients per native broadcast call. */
    public static final int MAX_BROADCAST = 3;
    /** Largest page. */
    public static final int MAX_PAGE = 50;
    /** Longest text. */
    public static final int MAX_TEXT = 2000;

    private static final ProviderMetadata METADATA;

    static {
        Map<Capability, Capability.Support> caps = new EnumMap<>(Capability.class);
        for (Capability c : Capability.values()) {
            caps.put(c, Capability.Support.NATIVE);
        }
        caps.put(Capability.SEND_ATTACHMENT, Capability.Support.UNSUPPORTED);
        METADATA = new ProviderMetadata(LoopbackConfig.ID, "Loopback (test)", null, caps, MAX_TEXT, MAX_PAGE,
                MAX_BROADCAST, 1000);
    }

    @Override
    public ProviderMetadata metadata() {
        return METADATA;
    }

    @Override
    public ProviderConfig configure(ProviderSettings settings) {
        return new LoopbackConfig(
                settings.uri("base-url").orElseThrow(() -> settings.invalid("base-url", "is required")),
                settings.secret("token").orElseThrow(() -> settings.invalid("token", "is required")));
    }

    @Override
    public ChatProvider create(ProviderConfig config, ProviderContext context) {
        if (!(config instanceof LoopbackConfig c)) {
            throw new InvalidConfigurationException("Not a loopback config: " + config.getClass().getSimpleName() + ".",
                    ErrorDetails.of(context.account(), LoopbackConfig.ID, Operation.CONFIGURE));
        }
        return new LoopbackProvider(c, context);
    }
}
