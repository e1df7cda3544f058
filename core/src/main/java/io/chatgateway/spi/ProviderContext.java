package io.chatgateway.spi;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.concurrent.Executor;
import org.slf4j.Logger;

/**
 * The gateway's shared plumbing, handed to an adapter for one account.
 *
 * <p>Adapters do all HTTP through {@link #http(ErrorDecoder)} and all JSON through {@link #json()}, and
 * contain no retry loops: the gateway wraps every adapter call in the account's resilience policy.
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

    /** @return the hardened, shared JSON mapper (unknown fields ignored, read constraints set) */
    ObjectMapper json();

    /** @return the gateway's clock; use it for every notion of "now" */
    Clock clock();

    /** @return an executor for the adapter's own asynchronous work */
    Executor executor();

    /** @return a logger named after the provider and account; never log secrets or bodies */
    Logger logger();
}
