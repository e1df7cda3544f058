/**
 * What an adapter implements and uses: {@link io.chatgateway.spi.ChatProviderFactory} (the
 * {@link java.util.ServiceLoader} service), {@link io.chatgateway.spi.ChatProvider} (one account's
 * asynchronous adapter), and the shared plumbing the gateway hands it — HTTP with typed errors
 * ({@link io.chatgateway.spi.ProviderHttp}, {@link io.chatgateway.spi.ErrorDecoder}), tolerant JSON
 * readers and single-flight re-authentication ({@link io.chatgateway.spi.SharedCredential}).
 */
@NullMarked
package io.chatgateway.spi;

import org.jspecify.annotations.NullMarked;
