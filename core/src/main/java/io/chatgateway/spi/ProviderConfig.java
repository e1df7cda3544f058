package io.chatgateway.spi;

import io.chatgateway.Secret;
import java.net.URI;
import java.util.List;

/**
 * An account's provider configuration. Each adapter has a typed, immutable implementation
 * (e.g. {@code NavixyConfig}) whose {@code toString()} redacts every secret.
 */
public interface ProviderConfig {

    /** @return the id of the provider this config is for, e.g. {@code navixy} */
    String providerId();

    /** @return the provider's base URI for this account */
    URI baseUri();

    /**
     * Every credential this configuration holds. The gateway redacts all of them from every error message
     * and quoted answer of the account, even where a call did not carry them.
     *
     * @return the credentials, possibly empty
     */
    default List<Secret> secrets() {
        return List.of();
    }
}
