package io.chatgateway.spi;

import io.chatgateway.Capability;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a provider is and what it can do.
 *
 * @param id                     provider id, lower case, e.g. {@code navixy}
 * @param displayName            human-readable name
 * @param defaultBaseUri         base URI used when an account gives none, or {@code null} when it must be given
 * @param capabilities           support level of every {@link Capability}; missing ones are {@code UNSUPPORTED}
 * @param maxTextLength          longest message text in characters (code points)
 * @param maxPageSize            largest page the provider serves in one call
 * @param maxBroadcastRecipients recipients per native broadcast call (the gateway chunks larger ones)
 * @param defaultRatePerSecond   the provider's published request rate limit
 */
public record ProviderMetadata(String id, String displayName, @Nullable URI defaultBaseUri, Map<Capability, Capability.Support> capabilities,
                               int maxTextLength, int maxPageSize, int maxBroadcastRecipients, int defaultRatePerSecond) {

    /** Validates and completes the capability map. */
    public ProviderMetadata {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[a-z0-9][a-z0-9-]{0,31}")) {
            throw new IllegalArgumentException("Provider id '" + id + "' must be lower-case letters, digits or '-'.");
        }
        Objects.requireNonNull(displayName, "displayName");
        EnumMap<Capability, Capability.Support> all = new EnumMap<>(Capability.class);
        for (Capability c : Capability.values()) {
            all.put(c, capabilities == null ? Capability.Support.UNSUPPORTED : capabilities.getOrDefault(c, Capability.Support.UNSUPPORTED));
        }
        capabilities = java.util.Collections.unmodifiableMap(all);
        if (maxTextLength < 1 || maxPageSize < 1 || maxBroadcastRecipients < 1 || defaultRatePerSecond < 1) {
            throw new IllegalArgumentException("Provider '" + id + "' limits must be positive.");
        }
    }

    /**
     * @param capability a capability
     * @return how this provider supports it
     */
    public Capability.Support support(Capability capability) {
        return capabilities.getOrDefault(capability, Capability.Support.UNSUPPORTED);
    }
}
