package com.example.memorychat;

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
import java.util.Map;

/**
 * The memory adapter's factory, found by {@link java.util.ServiceLoader} through
 * {@code META-INF/services/io.chatgateway.spi.ChatProviderFactory}. Stateless and thread-safe.
 */
public final class MemoryChatProviderFactory implements ChatProviderFactory {

    /** The provider id accounts name. */
    public static final String PROVIDER_ID = "memory";
    /** Largest page the adapter serves. */
    public static final int MAX_PAGE_SIZE = 50;

    private static final ProviderMetadata METADATA = new ProviderMetadata(PROVIDER_ID, "In-memory chat", null,
            Map.of(Capability.LIST_CONVERSATIONS, Capability.Support.NATIVE,
                    Capability.LIST_MESSAGES, Capability.Support.NATIVE,
                    Capability.GET_MESSAGE, Capability.Support.NATIVE,
                    Capability.SEND, Capability.Support.NATIVE,
                    // no native broadcast: the gateway fans a broadcast out as single sends
                    Capability.BROADCAST, Capability.Support.EMULATED,
                    Capability.MARK_READ, Capability.Support.NATIVE,
                    Capability.MARK_ALL_READ, Capability.Support.NATIVE,
                    Capability.UNREAD_COUNTS, Capability.Support.NATIVE),
            4096, MAX_PAGE_SIZE, 1, 1000);

    /** Used by {@link java.util.ServiceLoader}. */
    public MemoryChatProviderFactory() {
    }

    @Override
    public ProviderMetadata metadata() {
        return METADATA;
    }

    @Override
    public ProviderConfig configure(ProviderSettings settings) {
        return new MemoryConfig(settings.require("store"));
    }

    @Override
    public ChatProvider create(ProviderConfig config, ProviderContext context) {
        if (!(config instanceof MemoryConfig memory)) {
            throw new InvalidConfigurationException("The memory provider needs a MemoryConfig, not "
                    + (config == null ? "null" : config.getClass().getSimpleName()) + ".",
                    ErrorDetails.of(context.account(), PROVIDER_ID, Operation.CONFIGURE));
        }
        return new MemoryChatProvider(MemoryStore.named(memory.store()), context);
    }
}
