/**
 * The QuickBlox adapter's public surface: {@link io.chatgateway.quickblox.QuickbloxChatProviderFactory} (found
 * with {@link java.util.ServiceLoader}, provider id {@code quickblox}) and its typed configuration
 * {@link io.chatgateway.quickblox.QuickbloxConfig}.
 */
@NullMarked
package io.chatgateway.quickblox;

import org.jspecify.annotations.NullMarked;
