package io.chatgateway.testprovider;

import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.ErrorDetails;
import io.chatgateway.Secret;
import io.chatgateway.spi.ProviderConfig;
import java.net.URI;

/**
 * Typed config of the loopback provider.
 *
 * @param baseUri the server, e.g. {@code http://127.0.0.1:4711}
 * @param token   the bearer token
 */
public record LoopbackConfig(URI baseUri, Secret token) implements ProviderConfig {

    /** Provider id. */
    public static final String ID = "loopback";

    /** @throws InvalidConfigurationException when a field is missing */
    public LoopbackConfig {
        if (baseUri == null || token == null) {
            throw new InvalidConfigurationException("A loopback config needs a base URI and a token.", ErrorDetails.NONE);
        }
    }

    @Override
    public String providerId() {
        return ID;
    }
}
