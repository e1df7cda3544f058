package io.chatgateway.internal;

import io.chatgateway.Operation;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.ErrorDetails;
import io.chatgateway.spi.ErrorDecoder;
import io.chatgateway.spi.ProviderContext;
import io.chatgateway.spi.ProviderHttp;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The plumbing handed to one account's adapter. */
final class DefaultProviderContext implements ProviderContext {

    private final String account;
    private final String providerId;
    private final HttpClient client;
    private final ObjectMapper mapper;
    private final Duration requestTimeout;
    private final long maxBytes;
    private final Clock clock;
    private final Executor executor;
    private final ClientWork work;
    private final Logger logger;
    private final java.util.List<io.chatgateway.Secret> accountSecrets;
    private final ResilientCaller resilience;

    DefaultProviderContext(String account, String providerId, HttpClient client, ObjectMapper mapper,
                           Duration requestTimeout, long maxBytes, Clock clock, Executor executor, ClientWork work,
                           java.util.List<io.chatgateway.Secret> accountSecrets, ResilientCaller resilience) {
        this.account = account;
        this.providerId = providerId;
        this.client = client;
        this.mapper = mapper;
        this.requestTimeout = requestTimeout;
        this.maxBytes = maxBytes;
        this.clock = clock;
        this.executor = executor;
        this.work = work;
        this.accountSecrets = java.util.List.copyOf(accountSecrets);
        this.resilience = resilience;
        this.logger = LoggerFactory.getLogger("io.chatgateway.provider." + providerId);
    }

    @Override
    public String account() {
        return account;
    }

    @Override
    public String providerId() {
        return providerId;
    }

    @Override
    public ProviderHttp http(ErrorDecoder decoder) {
        return new JdkProviderHttp(client, mapper, decoder, ErrorDetails.of(account, providerId, null),
                requestTimeout, maxBytes, clock, logger, accountSecrets,
                JdkProviderHttp.needsBlockingSends() ? executor : null, work, resilience);
    }

    @Override
    public <T> CompletableFuture<T> request(Operation operation, Supplier<CompletableFuture<T>> request) {
        return resilience.request(operation, request);
    }

    @Override
    public ObjectMapper json() {
        return mapper;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Executor executor() {
        return executor;
    }

    @Override
    public Logger logger() {
        return logger;
    }
}
