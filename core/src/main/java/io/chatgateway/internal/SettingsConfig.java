package io.chatgateway.internal;

import io.chatgateway.spi.ProviderConfig;
import io.chatgateway.spi.ProviderSettings;
import java.net.URI;

/**
 * A provider config still in flat form (from properties); the gateway has the provider's factory read
 * it when it is built, then rejects keys nobody read.
 *
 * @param providerId the declared provider
 * @param settings   the flat settings
 */
public record SettingsConfig(String providerId, ProviderSettings settings) implements ProviderConfig {

    @Override
    public URI baseUri() {
        return null;
    }
}
