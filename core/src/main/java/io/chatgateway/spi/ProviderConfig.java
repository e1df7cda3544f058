package io.chatgateway.spi;

import java.net.URI;

/**
 * An account's provider configuration. Each adapter has a typed, immutable implementation
 * (e.g. {@code NavixyConfig}) whose {@code toString()} redacts every secret.
 */
public interface ProviderConfig {

    /** @return the id of the provider this config is for, e.g. {@code navixy} */
    String providerId();

    /** @return the provider's base URI for this account */
    URI baseUri();
}
