package io.chatgateway.spi;

import java.util.concurrent.CompletableFuture;

/**
 * An account's HTTP client, made by {@link ProviderContext#http(ErrorDecoder)}: connect and request
 * timeouts, no redirects, a response size cap, credentials kept out of logs.
 *
 * <p>Transport failures become typed exceptions: connection refused is a retryable
 * {@link io.chatgateway.ProviderUnavailableException} (nothing reached the provider); a timeout, reset or
 * truncated answer is a {@link io.chatgateway.ProviderUnavailableException} for reads and a
 * {@link io.chatgateway.DeliveryUncertainException} for calls that deliver a message. Thread-safe.
 */
public interface ProviderHttp {

    /**
     * @param call the request
     * @return the answer, after the error decoder found no error in it; otherwise the future fails with
     *         the decoder's exception
     */
    CompletableFuture<HttpAnswer> exchange(HttpCall call);
}
