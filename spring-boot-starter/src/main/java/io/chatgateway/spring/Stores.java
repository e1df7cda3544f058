package io.chatgateway.spring;

import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.store.IdempotencyStore;
import io.chatgateway.store.InboxStore;
import io.chatgateway.store.OutboxStore;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * The stores the starter wires: in memory, or on one database through {@code chat-gateway-store-jdbc} (its
 * {@code chatgateway.store.url}, an H2 URL, or the application's {@code DataSource}).
 *
 * @param inbox       checkpoints, leases and dead letters of the inboxes
 * @param outbox      outbox entries
 * @param idempotency the gateway's idempotency store on the same database, or {@code null} for the gateway's
 *                    default (in memory)
 * @param resources   what {@link #close()} releases (the connection pool the stores made on an H2 URL); nothing for
 *                    memory stores or the application's own {@code DataSource}, which the application closes
 */
record Stores(InboxStore inbox, OutboxStore outbox, @Nullable IdempotencyStore idempotency, AutoCloseable resources)
        implements AutoCloseable {

    /** Stores that hold nothing to release. */
    Stores(InboxStore inbox, OutboxStore outbox, @Nullable IdempotencyStore idempotency) {
        this(inbox, outbox, idempotency, () -> { });
    }

    static final String JDBC_STORES = "io.chatgateway.store.jdbc.JdbcStores";

    /**
     * @param settings   the starter's settings
     * @param dataSource the application's data source, or {@code null}
     * @return the stores
     * @throws InvalidConfigurationException when JDBC is asked for and cannot be had
     */
    static Stores create(StarterSettings settings, @Nullable DataSource dataSource) {
        if (settings.storeType(dataSource != null) == StarterSettings.StoreType.MEMORY) {
            return new Stores(InboxStore.inMemory(), OutboxStore.inMemory(), null);
        }
        if (!ClassUtils.isPresent(JDBC_STORES, Stores.class.getClassLoader())) {
            throw new InvalidConfigurationException("Property chatgateway.store.type is jdbc (or a URL or DataSource"
                    + " is set) but chat-gateway-store-jdbc is not on the class path; add that dependency.",
                    ErrorDetails.NONE);
        }
        return JdbcStoreFactory.create(settings.storeUrl(), dataSource);
    }

    /** Releases the connection pool the starter made (called by the context on shutdown, after the gateway). */
    @Override
    public void close() throws Exception {
        resources.close();
    }
}
