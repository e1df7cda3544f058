/**
 * What the gateway tells operators while it works: register a {@link io.chatgateway.events.GatewayListener}
 * on {@link io.chatgateway.ChatGateway.Builder#listener} to receive {@link io.chatgateway.events.GatewayEvent}s
 * (calls finished, HTTP requests, retries, circuit changes, rate-limit waits, re-authentications, inbox and
 * outbox progress), and use the {@link io.chatgateway.events.MdcKeys} in log patterns. Metrics modules
 * (such as {@code chat-gateway-micrometer}) are listeners.
 */
@NullMarked
package io.chatgateway.events;

import org.jspecify.annotations.NullMarked;
