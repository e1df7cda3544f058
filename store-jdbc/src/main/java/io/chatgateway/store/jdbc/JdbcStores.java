package io.chatgateway.store.jdbc;

import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.store.StoreUnavailableException;
import java.lang.reflect.InvocationTargetException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.ConnectionPoolDataSource;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The entry point of the JDBC stores: one database (H2 or PostgreSQL) behind a {@link DataSource}.
 *
 * <p>Build it on a JDBC URL ({@link #url(String)}: {@code jdbc:h2:file:…}, {@code jdbc:h2:mem:…} or
 * {@code jdbc:postgresql:…} with the credentials in the URL), whose connections this class pools itself
 * ({@value #DEFAULT_POOL_SIZE} at most), or on the application's own {@code DataSource}
 * ({@link #on(DataSource)}), used as it is. Every store call borrows one connection for one or two statements,
 * so that data source should pool its connections (HikariCP, your container's pool, H2's
 * {@code JdbcConnectionPool}): opening a PostgreSQL connection per call costs tens of milliseconds, and an
 * outbox on an unpooled data source delivers a few messages per second. Each store creates and upgrades its
 * own tables on first use (see {@link #migrate(String)}); nothing is created by the factories.
 *
 * <p>Thread-safe; the stores it builds share its data source. {@link #close()} closes the pool this class
 * made (never the application's data source).
 */
public final class JdbcStores implements AutoCloseable {

    /** Most pooled connections of stores built on a URL ({@link #url(String)}, {@link #h2(String)}). */
    public static final int DEFAULT_POOL_SIZE = 10;
    /** Fewest pooled connections {@link #url(String, int)} accepts. */
    public static final int MIN_POOL_SIZE = 1;
    /** Most pooled connections {@link #url(String, int)} accepts. */
    public static final int MAX_POOL_SIZE = 1000;

    private final DataSource dataSource;
    private final Dialect dialect;
    /** The pool this class made, closed by {@link #close()}; {@code null} on the application's data source. */
    private final JdbcConnectionPool ownPool;
    /**
     * One permit per connection of the pool this class made: store calls wait for a connection here, parked
     * in turn, because H2's pool makes a caller that finds every connection taken poll every millisecond
     * (a sleep and a wake-up per millisecond per waiting thread: an outbox's 64 deliveries on 10 connections
     * spent more CPU polling than working). {@code null} on the application's data source.
     */
    private final Semaphore free;

    private JdbcStores(DataSource dataSource, Dialect dialect, JdbcConnectionPool ownPool) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.ownPool = ownPool;
        this.free = ownPool == null ? null : new Semaphore(ownPool.getMaxConnections(), true);
    }

    /**
     * Stores on a data source the application manages (its pool, its credentials), used as it is: it should
     * pool its connections (see the class comment).
     *
     * @param dataSource an H2 or PostgreSQL data source, preferably pooling
     * @return the stores on that database
     * @throws InvalidConfigurationException when the database is neither H2 nor PostgreSQL
     * @throws StoreUnavailableException     when no connection can be opened to find out which it is
     */
    public static JdbcStores on(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        try (Connection c = dataSource.getConnection()) {
            return new JdbcStores(dataSource, Dialect.of(c.getMetaData().getDatabaseProductName()), null);
        } catch (SQLException e) {
            throw new StoreUnavailableException("Could not open a connection to the store's database to find"
                    + " out which database it is: " + e.getMessage(), null, e);
        }
    }

    /**
     * Stores on a database given by its JDBC URL, with a pool of at most {@value #DEFAULT_POOL_SIZE}
     * connections made by this class (H2's {@code JdbcConnectionPool}; on PostgreSQL over the driver's
     * {@code PGConnectionPoolDataSource}). A connection that failed is replaced on the next call.
     *
     * <p>An H2 file database writes each commit to the file before the commit returns ({@code WRITE_DELAY=0}
     * unless the URL says otherwise). When its last process was killed (no clean close), this call first scans
     * the file for the newest commits, which H2 2.x alone would drop after a kill (its store header can name the
     * chunk before the newest ones); that scan reads the whole file once. A database another process has open
     * is left alone.
     *
     * @param url {@code jdbc:h2:file:…} or {@code jdbc:h2:mem:…} (a memory database lives until the JVM ends),
     *            or {@code jdbc:postgresql://host/db?user=…&password=…} (the PostgreSQL driver must be on the
     *            class path)
     * @return the stores on that database
     * @throws InvalidConfigurationException when the URL is neither H2 nor PostgreSQL, or the PostgreSQL driver
     *                                       is missing
     */
    public static JdbcStores url(String url) {
        return url(url, DEFAULT_POOL_SIZE);
    }

    /**
     * Stores on a database given by its JDBC URL, as {@link #url(String)}, with a pool of at most
     * {@code maxConnections} connections. More connections let more store calls run at once (an outbox delivery
     * borrows one for about one round trip); on PostgreSQL each is a server process, so stay well under the
     * server's {@code max_connections} summed over every instance.
     *
     * @param url            as {@link #url(String)}
     * @param maxConnections most pooled connections, {@value #MIN_POOL_SIZE} to {@value #MAX_POOL_SIZE}
     * @return the stores on that database
     * @throws InvalidConfigurationException when {@code maxConnections} is out of range, or as {@link #url(String)}
     */
    public static JdbcStores url(String url, int maxConnections) {
        Objects.requireNonNull(url, "url");
        if (maxConnections < MIN_POOL_SIZE || maxConnections > MAX_POOL_SIZE) {
            throw new InvalidConfigurationException("A store's connection pool holds " + MIN_POOL_SIZE + " to "
                    + MAX_POOL_SIZE + " connections, not " + maxConnections + ".", null);
        }
        if (url.startsWith("jdbc:h2:")) {
            H2Recovery.recoverIfKilled(url); // H2 2.x alone drops the last commits of a killed process
            return pooled(JdbcConnectionPool.create(h2Effective(url), "sa", ""), Dialect.H2, maxConnections);
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return pooled(JdbcConnectionPool.create(postgresPoolSource(url)), Dialect.POSTGRESQL, maxConnections);
        }
        throw new InvalidConfigurationException("'" + url + "' is neither an H2 (jdbc:h2:file:… or jdbc:h2:mem:…)"
                + " nor a PostgreSQL (jdbc:postgresql:…) JDBC URL.", null);
    }

    /**
     * Stores on an embedded H2 database, as {@link #url(String)}.
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
        return url(url);
    }

    /**
     * A memory database lives until the JVM ends; a file database writes each commit to the file before the
     * commit returns (H2's default {@code WRITE_DELAY} of 500 ms loses the last commits when the process is
     * killed: outbox entries and idempotency keys that were stored, and sends then repeated after a restart).
     * Settings already in the URL win.
     */
    static String h2Effective(String url) {
        if (url.startsWith("jdbc:h2:mem:")) {
            return url.contains("DB_CLOSE_DELAY") ? url : url + ";DB_CLOSE_DELAY=-1";
        }
        boolean remote = url.startsWith("jdbc:h2:tcp:") || url.startsWith("jdbc:h2:ssl:");
        return remote || url.toUpperCase(java.util.Locale.ROOT).contains("WRITE_DELAY") ? url : url + ";WRITE_DELAY=0";
    }

    private static JdbcStores pooled(JdbcConnectionPool pool, Dialect dialect, int maxConnections) {
        pool.setMaxConnections(maxConnections);
        return new JdbcStores(pool, dialect, pool);
    }

    /** The driver's pooled-connection source, found by name: the driver is an optional dependency. */
    private static ConnectionPoolDataSource postgresPoolSource(String url) {
        try {
            Object source = Class.forName("org.postgresql.ds.PGConnectionPoolDataSource").getConstructor().newInstance();
            source.getClass().getMethod("setURL", String.class).invoke(source, url);
            return (ConnectionPoolDataSource) source;
        } catch (ClassNotFoundException e) {
            throw new InvalidConfigurationException("A jdbc:postgresql: store needs the PostgreSQL JDBC driver"
                    + " (org.postgresql:postgresql) on the class path.", null);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException t && t.getCause() != null ? t.getCause() : e;
            throw new InvalidConfigurationException("The PostgreSQL driver refused the store URL: "
                    + cause.getMessage(), null, cause);
        }
    }

    /** @return the data source every store of this instance uses */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * @return a connection of the data source, to be closed by the caller and then announced by {@link #returned()}
     * @throws SQLException when none can be had, also after {@link #close()}
     */
    Connection connection() throws SQLException {
        if (free != null) {
            try {
                if (!free.tryAcquire(ownPool.getLoginTimeout(), TimeUnit.SECONDS)) {
                    throw new SQLException("no pooled connection became free within " + ownPool.getLoginTimeout()
                            + " s (all " + ownPool.getMaxConnections() + " in use)", "08001");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for a pooled connection", "08001", e);
            }
        }
        try {
            return dataSource.getConnection();
        } catch (IllegalStateException e) { // H2's pool after dispose()
            returned();
            throw new SQLException("the stores were closed (" + e.getMessage() + ")", e);
        } catch (SQLException | RuntimeException e) {
            returned();
            throw e;
        }
    }

    /** Called once after each connection of {@link #connection()} was closed (handed back to the pool). */
    void returned() {
        if (free != null) {
            free.release();
        }
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

    /**
     * Closes the connection pool this instance made ({@link #url(String)}, {@link #h2(String)}); the stores
     * built on it fail from then on. Does nothing to a data source passed to {@link #on(DataSource)}.
     */
    @Override
    public void close() {
        if (ownPool != null) {
            ownPool.dispose();
        }
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
