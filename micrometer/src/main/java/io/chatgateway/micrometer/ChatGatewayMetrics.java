package io.chatgateway.micrometer;

import io.chatgateway.events.AccountHealth;
import io.chatgateway.ChatGateway;
import io.chatgateway.events.GatewayEvent;
import io.chatgateway.events.GatewayListener;
import io.chatgateway.internal.ResilienceInstances;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.registry.InMemoryRegistryStore;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Records a {@link ChatGateway}'s events and health in a Micrometer {@link MeterRegistry}.
 *
 * <pre>{@code
 * ChatGatewayMetrics metrics = ChatGatewayMetrics.of(registry);
 * ChatGateway gateway = ChatGateway.builder().properties(props).listener(metrics).build();
 * metrics.bindTo(gateway); // health and circuit-state gauges
 * }</pre>
 *
 * <p>Meters (tags in brackets; every tag value is bounded: account names are configuration, operations, error
 * kinds, HTTP methods and statuses are small fixed sets; no message, conversation or user id is ever a tag):
 * <ul>
 *   <li>{@value #CALLS} timer [account, provider, operation, outcome]: every gateway operation, retries included;</li>
 *   <li>{@value #HTTP_REQUESTS} timer [account, provider, operation, method, status, outcome]: every HTTP exchange
 *       ({@code status} is {@code none} when no answer came);</li>
 *   <li>{@value #RETRIES} counter [account, provider, operation, reason];</li>
 *   <li>{@value #RATE_LIMIT_WAITS} timer [account, provider]: waits for the account's rate limiter;</li>
 *   <li>{@value #REAUTHENTICATIONS} counter [account, provider, outcome];</li>
 *   <li>{@value #CIRCUIT_TRANSITIONS} counter [account, provider, from, to];</li>
 *   <li>{@value #DEAD_LETTERS} counter [account, provider, source];</li>
 *   <li>{@value #SENDS_RECONCILED} counter [account, provider, result]: uncertain sends settled by reading back;</li>
 *   <li>{@value #INBOX_BATCHES} timer and {@value #INBOX_BATCH_EVENTS} summary [account, provider];</li>
 *   <li>{@value #OUTBOX_PENDING} and {@value #INBOX_LAG} (seconds) gauges [account, provider], from the latest
 *       event;</li>
 *   <li>after {@link #bindTo(ChatGateway)}: {@value #HEALTH} [account, provider, status] gauges, 1 for the
 *       current status and 0 for the others, read from {@link ChatGateway#health()} at each scrape; and
 *       resilience4j's own binders on every account's circuit
 *       breaker, retry, rate limiter and bulkhead ({@code resilience4j.circuitbreaker.*} calls, failure rate, slow
 *       calls, not-permitted calls, state; {@code resilience4j.retry.calls}; {@code resilience4j.ratelimiter.*}
 *       available permissions and waiting threads; {@code resilience4j.bulkhead.*} available and maximum
 *       concurrent calls), tagged [name ({@code <provider>:<account>}), account, provider, and their own kind or
 *       state].</li>
 * </ul>
 *
 * <p>Thread-safe. Recording never throws into the gateway (the gateway catches listener failures anyway).
 */
public final class ChatGatewayMetrics implements GatewayListener {

    /** Timer of gateway operations. */
    public static final String CALLS = "chatgateway.calls";
    /** Timer of HTTP exchanges. */
    public static final String HTTP_REQUESTS = "chatgateway.http.requests";
    /** Counter of scheduled retries. */
    public static final String RETRIES = "chatgateway.retries";
    /** Timer of rate-limiter waits. */
    public static final String RATE_LIMIT_WAITS = "chatgateway.ratelimit.waits";
    /** Counter of credential renewals after the provider rejected a credential. */
    public static final String REAUTHENTICATIONS = "chatgateway.reauthentications";
    /** Counter of circuit-breaker state changes. */
    public static final String CIRCUIT_TRANSITIONS = "chatgateway.circuit.transitions";
    /** Gauges of the account health. */
    public static final String HEALTH = "chatgateway.health";
    /** Counter of dead letters. */
    public static final String DEAD_LETTERS = "chatgateway.dead.letters";
    /** Counter of reconciled uncertain sends. */
    public static final String SENDS_RECONCILED = "chatgateway.sends.reconciled";
    /** Gauge of outbox entries waiting. */
    public static final String OUTBOX_PENDING = "chatgateway.outbox.pending";
    /** Gauge of the inbox lag, in seconds. */
    public static final String INBOX_LAG = "chatgateway.inbox.lag";
    /** Timer of handled inbox batches. */
    public static final String INBOX_BATCHES = "chatgateway.inbox.batches";
    /** Summary of events per handled inbox batch. */
    public static final String INBOX_BATCH_EVENTS = "chatgateway.inbox.batch.events";

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> outboxPending = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> inboxLagMillis = new ConcurrentHashMap<>();

    private ChatGatewayMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * @param registry where to record
     * @return a listener to register on {@link ChatGateway.Builder#listener}
     */
    public static ChatGatewayMetrics of(MeterRegistry registry) {
        return new ChatGatewayMetrics(registry);
    }

    /** @return the registry this records in */
    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Registers the {@value #HEALTH} gauges of every account of the gateway, which hold the gateway weakly and
     * read {@code NaN} once it is closed or collected, and resilience4j's own metrics of its circuit breakers,
     * retries, rate limiters and bulkheads (the circuit-breaker state is {@code resilience4j.circuitbreaker.state}).
     *
     * @param gateway the gateway this listener is registered on
     * @return this
     */
    public ChatGatewayMetrics bindTo(ChatGateway gateway) {
        WeakReference<ChatGateway> ref = new WeakReference<>(Objects.requireNonNull(gateway, "gateway"));
        bindResilience4j(gateway);
        for (String account : gateway.accounts()) {
            Tags tags = Tags.of("account", account, "provider", gateway.provider(account));
            for (AccountHealth.Status status : AccountHealth.Status.values()) {
                gauge(HEALTH, "Whether the account is in this health status (1) or not (0).", tags.and("status",
                        name(status)), ref, account, h -> h.status() == status);
            }
        }
        return this;
    }

    /**
     * Binds resilience4j's own metrics of every account's circuit breaker, retry, rate limiter and bulkhead
     * ({@code resilience4j.*}; tags {@code name} = {@code <provider>:<account>}, {@code account}, {@code provider}).
     */
    private void bindResilience4j(ChatGateway gateway) {
        InMemoryRegistryStore<CircuitBreaker> breakers = new InMemoryRegistryStore<>();
        InMemoryRegistryStore<Retry> retries = new InMemoryRegistryStore<>();
        InMemoryRegistryStore<RateLimiter> limiters = new InMemoryRegistryStore<>();
        InMemoryRegistryStore<Bulkhead> bulkheads = new InMemoryRegistryStore<>();
        List<ResilienceInstances.Account> accounts = ResilienceInstances.of(gateway);
        if (accounts.isEmpty()) {
            return;
        }
        for (ResilienceInstances.Account a : accounts) {
            breakers.putIfAbsent(a.circuitBreaker().getName(), a.circuitBreaker());
            retries.putIfAbsent(a.retry().getName(), a.retry());
            limiters.putIfAbsent(a.rateLimiter().getName(), a.rateLimiter());
            bulkheads.putIfAbsent(a.bulkhead().getName(), a.bulkhead());
        }
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(CircuitBreakerRegistry.custom()
                .withRegistryStore(breakers).build()).bindTo(registry);
        TaggedRetryMetrics.ofRetryRegistry(RetryRegistry.custom().withRegistryStore(retries).build()).bindTo(registry);
        TaggedRateLimiterMetrics.ofRateLimiterRegistry(RateLimiterRegistry.custom().withRegistryStore(limiters).build())
                .bindTo(registry);
        TaggedBulkheadMetrics.ofBulkheadRegistry(BulkheadRegistry.custom().withRegistryStore(bulkheads).build())
                .bindTo(registry);
    }

    private void gauge(String name, String description, Tags tags, WeakReference<ChatGateway> ref, String account,
                       Function<AccountHealth, Boolean> test) {
        Gauge.builder(name, ref, r -> {
            ChatGateway g = r.get();
            if (g == null) {
                return Double.NaN;
            }
            try {
                return test.apply(g.health(account)) ? 1 : 0;
            } catch (RuntimeException closed) {
                return Double.NaN;
            }
        }).description(description).tags(tags)
                // the registry holds a gauge's object weakly: keep the WeakReference itself (the gateway stays weak)
                .strongReference(true).register(registry);
    }

    @Override
    public void onEvent(GatewayEvent event) {
        Tags tags = Tags.of("account", event.account(), "provider", event.provider());
        if (event instanceof GatewayEvent.CallFinished e) {
            Timer.builder(CALLS).description("Gateway operations, retries and re-authentication included.")
                    .tags(tags.and("operation", e.operation().id(), "outcome", e.outcome()))
                    .register(registry).record(e.duration());
        } else if (event instanceof GatewayEvent.HttpRequestFinished e) {
            Timer.builder(HTTP_REQUESTS).description("HTTP exchanges with the provider, one per attempt.")
                    .tags(tags.and("operation", e.operation().id(), "method", e.method(),
                            "status", e.status() == 0 ? "none" : Integer.toString(e.status()), "outcome", e.outcome()))
                    .register(registry).record(e.duration());
        } else if (event instanceof GatewayEvent.RetryScheduled e) {
            Counter.builder(RETRIES).description("Provider requests tried again after a retryable failure.")
                    .tags(tags.and("operation", e.operation().id(), "reason", e.reason()))
                    .register(registry).increment();
        } else if (event instanceof GatewayEvent.RateLimitWaited e) {
            Timer.builder(RATE_LIMIT_WAITS).description("Waits for a permit of the account's rate limiter.")
                    .tags(tags).register(registry).record(e.waited());
        } else if (event instanceof GatewayEvent.Reauthenticated e) {
            Counter.builder(REAUTHENTICATIONS).description("Credential renewals after the provider rejected one.")
                    .tags(tags.and("outcome", e.succeeded() ? GatewayEvent.SUCCESS : "failure"))
                    .register(registry).increment();
        } else if (event instanceof GatewayEvent.CircuitStateChanged e) {
            Counter.builder(CIRCUIT_TRANSITIONS).description("Changes of the account's circuit-breaker state.")
                    .tags(tags.and("from", name(e.from()), "to", name(e.to())))
                    .register(registry).increment();
        } else if (event instanceof GatewayEvent.DeadLettered e) {
            Counter.builder(DEAD_LETTERS).description("Inbox events and outbox entries given up on.")
                    .tags(tags.and("source", name(e.source()))).register(registry).increment();
        } else if (event instanceof GatewayEvent.SendReconciled e) {
            Counter.builder(SENDS_RECONCILED).description("Uncertain sends reconciled by reading back.")
                    .tags(tags.and("result", name(e.result()))).register(registry).increment();
        } else if (event instanceof GatewayEvent.OutboxPending e) {
            level(outboxPending, OUTBOX_PENDING, "Outbox entries waiting to be sent.", null, tags, e.account())
                    .set(e.pending());
        } else if (event instanceof GatewayEvent.InboxLag e) {
            level(inboxLagMillis, INBOX_LAG, "How far the inbox is behind the provider.", "seconds", tags, e.account())
                    .set(e.lag().toMillis());
        } else if (event instanceof GatewayEvent.InboxBatchHandled e) {
            Timer.builder(INBOX_BATCHES).description("Inbox batches handled and committed.")
                    .tags(tags).register(registry).record(e.duration());
            DistributionSummary.builder(INBOX_BATCH_EVENTS).description("Events per handled inbox batch.")
                    .tags(tags).register(registry).record(e.events());
        }
    }

    /** A gauge's value holder, registered with the first event of the account. */
    private AtomicLong level(Map<String, AtomicLong> values, String name, String description, String unit, Tags tags,
                             String account) {
        return values.computeIfAbsent(account, a -> {
            AtomicLong value = new AtomicLong();
            Gauge.Builder<AtomicLong> b = Gauge.builder(name, value, v -> "seconds".equals(unit)
                    ? v.get() / 1000.0 : v.get()).description(description).tags(tags);
            if (unit != null) {
                b.baseUnit(unit);
            }
            b.register(registry);
            return value;
        });
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
