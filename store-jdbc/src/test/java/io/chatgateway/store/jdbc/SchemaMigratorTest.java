package io.chatgateway.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.InvalidConfigurationException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaMigratorTest {

    @ParameterizedTest
    @MethodSource("io.chatgateway.store.jdbc.TestDatabases#both")
    void should_apply_every_version_once_even_when_instances_migrate_concurrently(JdbcStores stores) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit((Callable<Void>) () -> {
                    stores.migrate("selftest");
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
        stores.migrate("selftest");
        assertThat(query(stores, "SELECT COUNT(*) FROM chatgw_selftest")).isEqualTo(1);
        assertThat(query(stores, "SELECT version FROM chatgw_schema_version WHERE component = 'selftest'")).isEqualTo(2);
        assertThat(stores.dialect()).isIn(JdbcStores.Dialect.H2, JdbcStores.Dialect.POSTGRESQL);
    }

    @ParameterizedTest
    @MethodSource("io.chatgateway.store.jdbc.TestDatabases#both")
    void should_refuse_a_schema_newer_than_the_library(JdbcStores stores) throws Exception {
        stores.migrate("selftest");
        try (Connection c = stores.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE chatgw_schema_version SET version = 9 WHERE component = 'selftest'");
        }
        assertThatThrownBy(() -> stores.migrate("selftest"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("schema version 9 of 'selftest'");
    }

    private static int query(JdbcStores stores, String sql) throws SQLException {
        try (Connection c = stores.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getInt(1);
        }
    }
}
