/**
 * Micrometer metrics of a {@link io.chatgateway.ChatGateway}: {@link io.chatgateway.micrometer.ChatGatewayMetrics}
 * is a {@link io.chatgateway.events.GatewayListener} that records timers, counters and gauges in a
 * {@link io.micrometer.core.instrument.MeterRegistry}.
 */
package io.chatgateway.micrometer;
