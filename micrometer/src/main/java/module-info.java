/**
 * chat-gateway metrics on Micrometer: {@link io.chatgateway.micrometer.ChatGatewayMetrics}.
 */
module io.chatgateway.micrometer {
    requires transitive io.chatgateway.core;
    requires transitive micrometer.core;

    exports io.chatgateway.micrometer;
}
