package io.chatgateway.internal;

import io.chatgateway.ResiliencePolicy;
import io.chatgateway.Sleeper;
import io.chatgateway.events.GatewayListener;
import io.chatgateway.spi.ChatProviderFactory;
import io.chatgateway.spi.ProviderConfig;
import io.chatgateway.store.IdempotencyStore;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Everything {@link io.chatgateway.ChatGateway.Builder} collected.
 *
 * @param accounts          the accounts in order
 * @param factories         explicit factories, or empty to discover them
 * @param classLoader       loader for discovery, or {@code null} for the context loader
 * @param defaultPolicy     policy of accounts without one
 * @param clock             the clock
 * @param sleeper           the waiter
 * @param httpClient        a shared client, or {@code null} to make one per account
 * @param maxResponseBytes  response size cap
 * @param idempotencyWindow how long idempotency keys are remembered
 * @param idempotencyStore  where idempotency keys are kept, or {@code null} for this JVM's memory
 * @param listeners         event listeners, in registration order
 */
public record GatewaySettings(List<Account> accounts, List<ChatProviderFactory> factories, ClassLoader classLoader,
                              ResiliencePolicy defaultPolicy, Clock clock, Sleeper sleeper, HttpClient httpClient,
                              long maxResponseBytes, Duration idempotencyWindow,
                              IdempotencyStore idempotencyStore, List<GatewayListener> listeners) {

    /** Largest response body by default: 16 MiB. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 16L * 1024 * 1024;

    /** How long an idempotency key is remembered by default. */
    public static final Duration DEFAULT_IDEMPOTENCY_WINDOW = Duration.ofHours(24);

    /**
     * @param name   account name
     * @param config provider config (typed, or {@link SettingsConfig} still to be read by the factory)
     * @param policy the account's policy, or {@code null} for the default
     */
    public record Account(String name, ProviderConfig config, ResiliencePolicy policy) { }
}
