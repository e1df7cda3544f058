package io.chatgateway.internal;

import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.Operation;
import io.chatgateway.spi.ChatProviderFactory;
import io.chatgateway.spi.ProviderConfig;
import io.chatgateway.spi.ProviderSettings;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A provider config still in flat form (from properties); the gateway has the provider's factory read
 * it when it is built, then rejects keys nobody read.
 *
 * @param providerId the declared provider
 * @param settings   the flat settings
 * @param commonKeys the gateway's own keys for every account (already read), for "did you mean" suggestions
 */
public record SettingsConfig(String providerId, ProviderSettings settings, Set<String> commonKeys)
        implements ProviderConfig {

    /** Copies the common keys. */
    public SettingsConfig {
        commonKeys = Set.copyOf(commonKeys);
    }

    @Override
    public URI baseUri() {
        return null;
    }

    /**
     * Has the provider's factory read the settings, then rejects every key it did not read. An unknown key
     * names the nearest known one ({@code … is not known to the navixy provider; did you mean hash?}); when a
     * misspelling makes a required key look missing, the misspelling is reported, not the missing key.
     *
     * @param factory the provider's factory
     * @return the typed config
     * @throws InvalidConfigurationException naming the first unknown key, or the factory's complaint
     */
    ProviderConfig configure(ChatProviderFactory factory) {
        ProviderConfig typed;
        try {
            typed = factory.configure(settings);
        } catch (InvalidConfigurationException e) {
            for (String key : settings.unreadKeys()) {
                Optional<String> meant = NearestName.among(key, settings.readKeys());
                if (meant.isPresent() && !settings.has(meant.get())) {
                    throw unknownKey(factory, key, List.of(), e);
                }
            }
            throw e;
        }
        List<String> unknown = List.copyOf(settings.unreadKeys());
        if (!unknown.isEmpty()) {
            throw unknownKey(factory, unknown.get(0), unknown.subList(1, unknown.size()), null);
        }
        return typed;
    }

    private InvalidConfigurationException unknownKey(ChatProviderFactory factory, String key, List<String> others,
            InvalidConfigurationException cause) {
        Set<String> known = new TreeSet<>(settings.readKeys());
        known.addAll(commonKeys);
        String suggestion = NearestName.didYouMean(key, known);
        String problem = "is not known to the " + factory.metadata().id() + " provider" + suggestion;
        String message = "Property " + settings.fullKey(key) + " " + problem + (suggestion.isEmpty() ? "." : "")
                + (others.isEmpty() ? "" : " Also not known: "
                        + String.join(", ", others.stream().map(settings::fullKey).toList()) + ".");
        return new InvalidConfigurationException(message, problem,
                ErrorDetails.of(settings.account(), settings.providerId(), Operation.CONFIGURE), cause);
    }
}
