/**
 * chat-gateway metrics on Micrometer: {@link io.chatgateway.micrometer.ChatGatewayMetrics}.
 */
module io.chatgateway.micrometer {
    requires transitive io.chatgateway.core;
    requires transitive micrometer.core;
    requires io.github.resilience4j.micrometer;
    requires io.github.resilience4j.core;
    requires io.github.resilience4j.circuitbreaker;
    requires io.github.resilience4j.retry;
    requires io.github.resilience4j.ratelimiter;
    requires io.github.resilience4j.bulkhead;

    exports io.chatgateway.micrometer;
}
