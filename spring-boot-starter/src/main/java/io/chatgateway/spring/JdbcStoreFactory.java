package io.chatgateway.spring;

import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.store.jdbc.JdbcStores;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** The JDBC stores; loaded only when {@code chat-gateway-store-jdbc} is on the class path. */
final class JdbcStoreFactory {

    private JdbcStoreFactory() {}

    static Stores create(@Nullable String url, @Nullable DataSource dataSource) {
        JdbcStores jdbc;
        if (url != null) {
            if (!url.startsWith("jdbc:h2:")) {
                throw new InvalidConfigurationException("Property chatgateway.store.url takes an H2 URL (jdbc:h2:file:…"
                        + " or jdbc:h2:mem:…); for PostgreSQL leave it out and configure the application's DataSource"
                        + " (spring.datasource.*), which the stores then use.", ErrorDetails.NONE);
            }
            jdbc = JdbcStores.h2(url);
        } else if (dataSource != null) {
            jdbc = JdbcStores.on(dataSource);
        } else {
            throw new InvalidConfigurationException("Property chatgateway.store.type is jdbc but there is neither"
                    + " chatgateway.store.url nor a DataSource bean.", ErrorDetails.NONE);
        }
        // JdbcStores.close() releases only a pool it made itself (the H2 URL), never the application's DataSource
        return new Stores(jdbc.inbox(), jdbc.outbox(), jdbc.idempotency(), jdbc);
    }
}
