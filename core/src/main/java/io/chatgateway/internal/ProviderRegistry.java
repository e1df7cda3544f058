package io.chatgateway.internal;

import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.Operation;
import io.chatgateway.spi.ChatProviderFactory;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Finds the adapters: explicit factories, or {@link ServiceLoader} on the class path and module path.
 * Two factories with one id fail loudly; an unknown id names the ids that were found.
 */
public final class ProviderRegistry {

    private final Map<String, ChatProviderFactory> byId;

    private ProviderRegistry(Map<String, ChatProviderFactory> byId) {
        this.byId = byId;
    }

    /**
     * @param explicit    factories to use instead of discovery, or empty
     * @param classLoader loader for discovery, or {@code null} for the thread's context loader
     * @return the registry
     * @throws InvalidConfigurationException on duplicate ids or a broken provider
     */
    public static ProviderRegistry discover(List<ChatProviderFactory> explicit, ClassLoader classLoader) {
        Map<String, ChatProviderFactory> byId = new TreeMap<>();
        try {
            // load() already instantiates the first provider, so a broken one can fail there too
            Iterable<ChatProviderFactory> found = explicit.isEmpty() ? load(classLoader) : explicit;
            for (ChatProviderFactory f : found) {
                String id = f.metadata().id();
                ChatProviderFactory other = byId.putIfAbsent(id, f);
                if (other != null && other.getClass() != f.getClass()) {
                    throw new InvalidConfigurationException("Two chat providers claim the id '" + id + "': "
                            + other.getClass().getName() + " and " + f.getClass().getName()
                            + "; remove one of them from the class path.", ErrorDetails.of(null, id, Operation.CONFIGURE));
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new InvalidConfigurationException("A chat provider on the class path could not be loaded: "
                    + e.getMessage(), ErrorDetails.of(null, null, Operation.CONFIGURE), e);
        }
        return new ProviderRegistry(byId);
    }

    /**
     * Providers visible from the given (or context) class loader — the class path and named modules defined
     * to it — plus, when core itself runs as a named module, those of its module layer (module path or a
     * custom layer). The same factory class found twice counts once.
     */
    private static Iterable<ChatProviderFactory> load(ClassLoader classLoader) {
        ClassLoader loader = classLoader != null ? classLoader
                : Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : ProviderRegistry.class.getClassLoader();
        Map<String, ChatProviderFactory> byClass = new java.util.LinkedHashMap<>();
        ServiceLoader.load(ChatProviderFactory.class, loader).forEach(f -> byClass.putIfAbsent(f.getClass().getName(), f));
        Module core = ProviderRegistry.class.getModule();
        if (core.isNamed() && core.getLayer() != null) {
            ServiceLoader.load(core.getLayer(), ChatProviderFactory.class)
                    .forEach(f -> byClass.putIfAbsent(f.getClass().getName(), f));
        }
        return List.copyOf(byClass.values());
    }

    /**
     * @param id a provider id
     * @return its factory
     * @throws InvalidConfigurationException naming the ids that were found, when none has this id
     */
    public ChatProviderFactory require(String id) {
        ChatProviderFactory f = byId.get(id);
        if (f == null) {
            String hint = io.chatgateway.internal.NearestName.didYouMean(id, byId.keySet());
            throw new InvalidConfigurationException("No chat provider with id '" + id + "' was found"
                    + (hint.isEmpty() ? "; found: " : hint + " Found: ")
                    + (byId.isEmpty() ? "none (add an adapter jar such as chat-gateway-adapter-navixy)"
                    : String.join(", ", byId.keySet())) + ".", ErrorDetails.of(null, id, Operation.CONFIGURE));
        }
        return f;
    }

    /** @return the factories by id, sorted */
    public Map<String, ChatProviderFactory> factories() {
        return java.util.Collections.unmodifiableMap(byId);
    }
}
