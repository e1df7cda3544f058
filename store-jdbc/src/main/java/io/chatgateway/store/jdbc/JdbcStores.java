package io.chatgateway.store.jdbc;

import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The entry point of the JDBC stores: one database (H2 or PostgreSQL) behind a {@link DataSource}.
 *
 * <p>Build it on the application's own {@code DataSource} ({@link #on(DataSource)}: PostgreSQL shared by
 * several instances, or any H2 data source) or on an H2 URL ({@link #h2(String)}: {@code jdbc:h2:mem:…} or
 * {@code jdbc:h2:file:…}, the zero-set-up default for one JVM). Each store creates and upgrades its own
 * tables on first use (see {@link #migrate(String)}); nothing is created by this constructor.
 *
 * <p>Thread-safe; the stores it builds share its data source.
 */
public final class JdbcStores {

    private final DataSource dataSource;
    private final Dialect dialect;

    private JdbcStores(DataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /**
     * Stores on a data source the application manages (its pool, its credentials).
     *
     * @param dataSource an H2 or PostgreSQL data source
     * @return the stores on that database
     * @throws InvalidConfigurationException when the database is neither H2 nor PostgreSQL
     * @throws StoreUnavailableException     when no connection can be opened to find out which it is
     */
    public static JdbcStores on(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        try (Connection c = dataSource.getConnection()) {
            return new JdbcStores(dataSource, Dialect.of(c.getMetaData().getDatabaseProductName()));
        } catch (SQLException e) {
            throw new StoreUnavailableException("Could not open a connection to the store's database to find"
                    + " out which database it is: " + e.getMessage(), null, e);
        }
    }

    /**
     * Stores on an embedded H2 database, pooled by H2's own connection pool.
     *
     * @param url an H2 JDBC URL, e.g. {@code jdbc:h2:file:/var/lib/app/chatgw} or {@code jdbc:h2:mem:chatgw}
     * @return the stores on that database
     * @throws InvalidConfigurationException when {@code url} is not an H2 URL
     */
    public static JdbcStores h2(String url) {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:h2:")) {
            throw new InvalidConfigurationException("'" + url + "' is not an H2 JDBC URL (jdbc:h2:file:… or"
                    + " jdbc:h2:mem:…); pass another database as a DataSource to JdbcStores.on(…).", null);
        }
        String effective = url.startsWith("jdbc:h2:mem:") && !url.contains("DB_CLOSE_DELAY")
                ? url + ";DB_CLOSE_DELAY=-1" : url;
        return new JdbcStores(JdbcConnectionPool.create(effective, "sa", ""), Dialect.H2);
    }

    /** @return the data source every store of this instance uses */
    public DataSource dataSource() {
        return dataSource;
    }

    /** @return which SQL dialect the database speaks */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * Creates or upgrades one component's tables to the newest version this library ships. Safe to call
     * from several instances at once (the version row is locked while scripts run) and cheap when the
     * schema is current.
     *
     * @param component the component's name, e.g. {@code inbox} or {@code sends}; its scripts are
     *                  {@code sql/<dialect>/<component>-V<n>.sql} in this jar
     * @throws StoreUnavailableException     when the database cannot be reached
     * @throws InvalidConfigurationException when the database holds a newer schema than this library knows
     */
    public void migrate(String component) {
        SchemaMigrator.migrate(dataSource, dialect, component);
    }

    /**
     * The idempotency store on this database (table {@code chatgw_idempotency}, component {@code sends}),
     * created or upgraded on this call. Hand it to {@code ChatGateway.builder().idempotencyStore(…)}: every
     * gateway on the same database then sends a keyed message once, across restarts and instances.
     *
     * @return the store; thread-safe
     * @throws StoreUnavailableException when the database cannot be reached
     */
    public io.chatgateway.store.IdempotencyStore idempotency() {
        migrate("sends");
        return new JdbcIdempotencyStore(this);
    }

    /**
     * The inbox store on this database (tables {@code chatgw_inbox_*}, component {@code inbox}), created or
     * upgraded on this call, on the system clock. Hand it to {@code InboxOptions.builder().store(…)}: every
     * gateway on the same database then shares checkpoints, and leases give each account to one instance.
     *
     * @return the store; thread-safe
     * @throws StoreUnavailableException when the database cannot be reached
     */
    public io.chatgateway.store.InboxStore inbox() {
        return inbox(java.time.Clock.systemUTC());
    }

    /**
     * @param clock decides lease expiry (instances sharing the database should have synchronized clocks)
     * @return the inbox store on this database, as {@link #inbox()}
     * @throws StoreUnavailableException when the database cannot be reached
     */
    public io.chatgateway.store.InboxStore inbox(java.time.Clock clock) {
        Objects.requireNonNull(clock, "clock");
        migrate("inbox");
        return new JdbcInboxStore(this, clock);
    }

    /**
     * The outbox store on this database (table {@code chatgw_outbox}, component {@code sends}), created or
     * upgraded on this call. Hand it to {@code OutboxOptions.withStore(…)}, together with {@link #idempotency()}
     * on the gateway, for delivery exactly once across restarts and instances.
     *
     * @return the store; thread-safe
     * @throws StoreUnavailableException when the database cannot be reached
     */
    public io.chatgateway.store.OutboxStore outbox() {
        migrate("sends");
        return new JdbcOutboxStore(this);
    }

    /** The SQL dialects the stores speak. */
    public enum Dialect {
        /** H2 2.x. */
        H2,
        /** PostgreSQL 12 or newer. */
        POSTGRESQL;

        static Dialect of(String productName) {
            String p = productName == null ? "" : productName.toLowerCase(java.util.Locale.ROOT);
            if (p.contains("h2")) {
                return H2;
            }
            if (p.contains("postgres")) {
                return POSTGRESQL;
            }
            throw new InvalidConfigurationException("The chat-gateway JDBC stores run on H2 or PostgreSQL, not on '"
                    + productName + "'.", null);
        }

        /** @return the folder name of this dialect's scripts */
        String folder() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
