package io.chatgateway.internal;

import io.chatgateway.ChatGateway;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands each account's resilience4j instances to {@code chat-gateway-micrometer}, which binds resilience4j's own
 * Micrometer metrics to them. Not API: this package is exported to that module alone. Each instance is named
 * {@code <provider>:<account>} and tagged {@code account} and {@code provider}.
 */
public final class ResilienceInstances {

    private ResilienceInstances() {}

    /**
     * One account's instances.
     *
     * @param account        account name
     * @param circuitBreaker its circuit breaker
     * @param retry          its retry
     * @param rateLimiter    its rate limiter
     * @param bulkhead       its bulkhead
     */
    public record Account(String account, CircuitBreaker circuitBreaker, Retry retry, RateLimiter rateLimiter,
                          Bulkhead bulkhead) { }

    /**
     * @param gateway a gateway
     * @return its accounts' instances; none for a gateway this library did not build
     */
    public static List<Account> of(ChatGateway gateway) {
        if (!(gateway instanceof DefaultChatGateway g)) {
            return List.of();
        }
        List<Account> out = new ArrayList<>();
        for (String name : g.accounts()) {
            ResilientCaller c = g.runtime(name).caller();
            out.add(new Account(name, c.circuitBreaker(), c.retry(), c.rateLimiter(), c.bulkhead()));
        }
        return out;
    }
}
