/**
 * SMSBAT ChatHub adapter: {@link io.chatgateway.smsbat.SmsbatChatProviderFactory} (found with
 * {@link java.util.ServiceLoader}, provider id {@code smsbat}) and its typed configuration
 * {@link io.chatgateway.smsbat.SmsbatConfig}.
 */
@NullMarked
package io.chatgateway.smsbat;

import org.jspecify.annotations.NullMarked;
