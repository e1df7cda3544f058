package com.example.memorychat;

import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.spi.ProviderConfig;
import java.net.URI;

/**
 * Typed configuration of a memory account: the name of the {@link MemoryStore} it reads and writes.
 * In properties: {@code chatgateway.account.<name>.provider=memory} and {@code chatgateway.account.<name>.store=<store>}.
 *
 * @param store the store's name
 */
public record MemoryConfig(String store) implements ProviderConfig {

    /** @throws InvalidConfigurationException when the store name is missing or blank */
    public MemoryConfig {
        if (store == null || store.isBlank()) {
            throw new InvalidConfigurationException("A memory account needs a store name.", ErrorDetails.NONE);
        }
    }

    @Override
    public String providerId() {
        return MemoryChatProviderFactory.PROVIDER_ID;
    }

    /** @return {@code memory:<store>}: there is no network address */
    @Override
    public URI baseUri() {
        return URI.create("memory:" + store);
    }
}
