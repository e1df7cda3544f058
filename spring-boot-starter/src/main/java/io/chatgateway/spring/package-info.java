/**
 * Spring Boot auto-configuration of chat-gateway: {@link io.chatgateway.spring.ChatGatewayAutoConfiguration}
 * builds a {@link io.chatgateway.ChatGateway} bean from {@code chatgateway.account.<name>.*} properties, with its
 * stores ({@code chatgateway.store.*}), an outbox bean and an inbox per {@link io.chatgateway.inbox.InboxHandler}
 * bean;
 * {@link io.chatgateway.spring.ChatGatewayHealthAutoConfiguration} adds the {@code chatGateway} Actuator health
 * contributor and {@link io.chatgateway.spring.ChatGatewayMetricsAutoConfiguration} its Micrometer metrics.
 */
package io.chatgateway.spring;
