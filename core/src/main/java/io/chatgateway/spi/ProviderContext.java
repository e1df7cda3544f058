package io.chatgateway.spi;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.Operation;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The gateway's shared plumbing, handed to an adapter for one account.
 *
 * <p>Adapters do all HTTP through {@link #http(ErrorDecoder)} and all JSON through {@link #json()}, and
 * contain no retry loops: every HTTP request runs under the account's resilience policy (rate-limiter permit,
 * circuit breaker, retry of that request alone), and every adapter call under its bulkhead. An adapter that
 * reaches its provider without HTTP wraps each provider request in {@link #request}.
 * Implementations are thread-safe.
 */
public interface ProviderContext {

    /** @return the account name the application registered */
    String account();

    /** @return the provider id */
    String providerId();

    /**
     * @param decoder turns this provider's error answers into typed exceptions
     * @return an HTTP client for this account: timeouts, size cap, no redirects, typed transport errors
     */
    ProviderHttp http(ErrorDecoder decoder);

    /**
     * Runs one provider request under the account's per-request resilience: a rate-limiter permit, the circuit
     * breaker, and retries of retryable failures of this request alone. {@link ProviderHttp#exchange} does this
     * for every HTTP request; call it only for requests that do not go through {@link #http(ErrorDecoder)}.
     *
     * @param operation the gateway operation the request serves
     * @param request   one attempt of the request
     * @param <T>       result type
     * @return the result of the first successful attempt, or the last typed failure
     */
    <T> CompletableFuture<T> request(Operation operation, Supplier<CompletableFuture<T>> request);

    /** @return the hardened, shared JSON mapper (unknown fields ignored, read constraints set) */
    ObjectMapper json();

    /** @return the gateway's clock; use it for every notion of "now" */
    Clock clock();

    /** @return an executor for the adapter's own asynchronous work */
    Executor executor();

    /** @return a logger named after the provider and account; never log secrets or bodies */
    Logger logger();
}
