/**
 * chat-gateway core: the provider-neutral API ({@code io.chatgateway}) and the adapter SPI
 * ({@code io.chatgateway.spi}). Adapters are found with {@link java.util.ServiceLoader}.
 */
module io.chatgateway.core {
    requires static org.jspecify; // nullness annotations only: not needed at run time
    requires transitive com.fasterxml.jackson.databind;
    requires transitive org.slf4j;
    requires transitive java.net.http;
    requires io.github.resilience4j.core;
    requires io.github.resilience4j.retry;
    requires io.github.resilience4j.circuitbreaker;
    requires io.github.resilience4j.ratelimiter;
    requires io.github.resilience4j.bulkhead;

    exports io.chatgateway;
    exports io.chatgateway.spi;
    exports io.chatgateway.events;
    exports io.chatgateway.store;
    exports io.chatgateway.inbox;
    exports io.chatgateway.outbox;
    exports io.chatgateway.internal to io.chatgateway.micrometer; // resilience4j instances for its binders

    uses io.chatgateway.spi.ChatProviderFactory;
}
