/**
 * SMSBAT ChatHub adapter: {@link io.chatgateway.smsbat.SmsbatChatProviderFactory} (found with
 * {@link java.util.ServiceLoader}, provider id {@code smsbat}) and its typed configuration
 * {@link io.chatgateway.smsbat.SmsbatConfig}; typed chat-list filters {@link io.chatgateway.smsbat.SmsbatChatFilter}.
 */
@NullMarked
package io.chatgateway.smsbat;

import org.jspecify.annotations.NullMarked;
