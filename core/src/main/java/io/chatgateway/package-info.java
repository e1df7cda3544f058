/**
 * The public API: {@link io.chatgateway.ChatGateway}, the provider-neutral model (conversations,
 * messages, references, statuses), queries and pages, the resilience policy and the
 * {@link io.chatgateway.ChatGatewayException} hierarchy.
 */
@NullMarked
package io.chatgateway;

import org.jspecify.annotations.NullMarked;
