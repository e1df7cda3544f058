package io.chatgateway.spi;

import io.chatgateway.InvalidConfigurationException;

/**
 * The service an adapter registers with {@link java.util.ServiceLoader} (in {@code module-info.java}
 * with {@code provides} and in {@code META-INF/services}). One factory per provider id.
 *
 * <p>Implementations must be thread-safe and cheap to construct; no network access before
 * {@link #create}.
 */
public interface ChatProviderFactory {

    /** @return what this provider is and what it can do */
    ProviderMetadata metadata();

    /**
     * Reads a typed configuration from flat settings (the properties format of the docs, without the
     * {@code chatgateway.account.<name>.} prefix). Read every key through {@code settings} so that the
     * gateway can report keys nobody read as unknown.
     *
     * @param settings the account's settings
     * @return the typed configuration
     * @throws InvalidConfigurationException naming the full key when a value is missing or malformed
     */
    ProviderConfig configure(ProviderSettings settings);

    /**
     * Creates the adapter of one account.
     *
     * @param config  the account's configuration; one produced by {@link #configure} or the adapter's
     *                own typed config class
     * @param context the gateway's shared plumbing for this account
     * @return the adapter
     * @throws InvalidConfigurationException when the config is not this provider's
     */
    ChatProvider create(ProviderConfig config, ProviderContext context);
}
