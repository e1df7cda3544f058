package io.chatgateway.spring;

import io.chatgateway.ChatGateway;
import io.chatgateway.micrometer.ChatGatewayMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer metrics of the gateway when the application has a {@link MeterRegistry} bean (Actuator's, or
 * its own): a {@link ChatGatewayMetrics} listener bean, which the gateway bean registers, bound to the gateway
 * for its health and circuit-state gauges. See {@link ChatGatewayMetrics} for the meters.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, ChatGatewayMetrics.class})
@ConditionalOnBean(MeterRegistry.class)
public class ChatGatewayMetricsAutoConfiguration {

    /** Created by Spring. */
    public ChatGatewayMetricsAutoConfiguration() {
    }

    /**
     * @param registry the application's registry
     * @return the listener recording the gateway's events
     */
    @Bean
    @ConditionalOnMissingBean
    public ChatGatewayMetrics chatGatewayMetrics(MeterRegistry registry) {
        return ChatGatewayMetrics.of(registry);
    }

    /**
     * @param metrics  the metrics
     * @param gateways the gateway bean, if there is one
     * @return binds the health and circuit-state gauges once every singleton exists
     */
    @Bean
    public SmartInitializingSingleton chatGatewayMetricsBinder(ChatGatewayMetrics metrics,
                                                               ObjectProvider<ChatGateway> gateways) {
        return () -> gateways.ifAvailable(metrics::bindTo);
    }
}
