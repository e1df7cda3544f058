/**
 * Navixy tracker chat adapter: the {@link io.chatgateway.navixy.NavixyChatProviderFactory} service and the
 * typed {@link io.chatgateway.navixy.NavixyConfig}.
 */
@NullMarked
package io.chatgateway.navixy;

import org.jspecify.annotations.NullMarked;
