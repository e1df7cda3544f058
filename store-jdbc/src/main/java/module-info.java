/**
 * chat-gateway durable stores on plain JDBC (H2 and PostgreSQL).
 */
module io.chatgateway.store.jdbc {
    requires static org.jspecify; // nullness annotations only: not needed at run time
    requires transitive io.chatgateway.core;
    requires transitive java.sql;
    requires com.h2database;

    exports io.chatgateway.store.jdbc;
}
