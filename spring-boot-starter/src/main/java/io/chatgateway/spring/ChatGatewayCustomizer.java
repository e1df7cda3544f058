package io.chatgateway.spring;

import io.chatgateway.ChatGateway;

/**
 * Adjusts the {@link ChatGateway.Builder} the auto-configuration uses, after the accounts of the
 * {@code chatgateway.account.<name>.*} properties and the listener beans are on it: declare beans of this type
 * to set a default resilience policy, a clock and sleeper, an HTTP client, an idempotency store, more
 * accounts, and so on. Applied in bean order.
 */
@FunctionalInterface
public interface ChatGatewayCustomizer {

    /**
     * @param builder the builder the gateway bean is built with
     */
    void customize(ChatGateway.Builder builder);
}
