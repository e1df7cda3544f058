package io.chatgateway.internal;

import io.chatgateway.Capability;
import io.chatgateway.ErrorDetails;
import io.chatgateway.Operation;
import io.chatgateway.ResiliencePolicy;
import io.chatgateway.UnsupportedCapabilityException;
import io.chatgateway.spi.ChatProvider;
import io.chatgateway.spi.ProviderMetadata;

/**
 * One configured account: its adapter, the provider's metadata and its resilience.
 *
 * @param name     account name
 * @param metadata the provider's metadata
 * @param provider the adapter
 * @param policy   the account's policy
 * @param caller   runs adapter calls under the policy
 */
record AccountRuntime(String name, ProviderMetadata metadata, ChatProvider provider, ResiliencePolicy policy,
                      ResilientCaller caller) {

    ErrorDetails details(Operation operation) {
        return ErrorDetails.of(name, metadata.id(), operation);
    }

    Capability.Support require(Capability capability) {
        Capability.Support s = metadata.support(capability);
        if (s == Capability.Support.UNSUPPORTED) {
            throw new UnsupportedCapabilityException(capability, details(capability.operation()));
        }
        return s;
    }
}
