/**
 * Navixy tracker chat adapter: the {@link io.chatgateway.navixy.NavixyChatProviderFactory} service and the
 * typed {@link io.chatgateway.navixy.NavixyConfig}.
 */
package io.chatgateway.navixy;
