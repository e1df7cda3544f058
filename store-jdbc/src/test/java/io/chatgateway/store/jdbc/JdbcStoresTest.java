package io.chatgateway.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.store.IdempotencyStore;
import io.chatgateway.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stores on a URL pool their connections; stores on a data source use it as it is. */
class JdbcStoresTest {

    @Test
    void should_reuse_one_pooled_connection_for_sequential_calls_on_a_postgresql_url() throws SQLException {
        String url = TestDatabases.freshPostgresUrl();
        String database = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
        try (JdbcStores stores = JdbcStores.url(url)) {
            IdempotencyStore store = stores.idempotency();
            for (int i = 0; i < 50; i++) {
                assertThat(store.find("acc", "k" + i)).isEmpty();
            }
            assertThat(stores.dialect()).isEqualTo(JdbcStores.Dialect.POSTGRESQL);
            assertThat(backends(database)).as("server connections of the store's database").isEqualTo(1);
        }
        long deadline = System.nanoTime() + 10_000_000_000L; // the server notices the closed sockets on its own time
        while (backends(database) > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(backends(database)).as("server connections after close").isZero();
    }

    @Test
    void should_pool_as_many_connections_as_asked_and_refuse_a_pool_size_out_of_range() {
        try (JdbcStores stores = JdbcStores.url("jdbc:h2:mem:pool-size-test", 3)) {
            assertThat(((org.h2.jdbcx.JdbcConnectionPool) stores.dataSource()).getMaxConnections()).isEqualTo(3);
        }
        try (JdbcStores stores = JdbcStores.url("jdbc:h2:mem:pool-size-default")) {
            assertThat(((org.h2.jdbcx.JdbcConnectionPool) stores.dataSource()).getMaxConnections())
                    .isEqualTo(JdbcStores.DEFAULT_POOL_SIZE);
        }
        assertThatThrownBy(() -> JdbcStores.url("jdbc:h2:mem:x", 0)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("1 to 1000");
    }

    @Test
    void should_park_a_call_that_finds_every_pooled_connection_taken_until_one_is_handed_back() throws Exception {
        // H2's pool would make the second call poll every millisecond (Thread.sleep(1)): no blocker, awake 1000x/s
        try (JdbcStores stores = JdbcStores.url("jdbc:h2:mem:pool-wait-test", 1)) {
            java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch handBack = new java.util.concurrent.CountDownLatch(1);
            Thread holder = new Thread(() -> Sql.call(stores, "hold the only connection", c -> {
                holding.countDown();
                try {
                    handBack.await();
                } catch (InterruptedException e) {
                    throw new SQLException(e);
                }
                return null;
            }));
            holder.start();
            holding.await();
            java.util.concurrent.atomic.AtomicInteger answer = new java.util.concurrent.atomic.AtomicInteger();
            Thread waiter = new Thread(() -> answer.set(Sql.<Integer>call(stores, "wait for it",
                    c -> Sql.query(c, "SELECT 7", r -> r.getInt(1)).get(0))));
            waiter.start();
            long giveUp = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
            while (java.util.concurrent.locks.LockSupport.getBlocker(waiter) == null) {
                assertThat(waiter.isAlive()).as("the second call waits while the connection is taken").isTrue();
                assertThat(System.nanoTime()).as("the second call parks (not polls)").isLessThan(giveUp);
                Thread.onSpinWait();
            }
            assertThat(waiter.getState()).isIn(Thread.State.WAITING, Thread.State.TIMED_WAITING);
            handBack.countDown();
            holder.join();
            waiter.join();
            assertThat(answer.get()).isEqualTo(7);
            // every permit came back: as many calls at once as connections, again
            java.util.List<Integer> one = Sql.call(stores, "read", c -> Sql.query(c, "SELECT 1", r -> r.getInt(1)));
            assertThat(one).containsExactly(1);
        }
    }

    @Test
    void should_refuse_a_url_of_another_database_before_connecting() {
        assertThatThrownBy(() -> JdbcStores.url("jdbc:mysql://localhost/chatgw"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("jdbc:mysql://localhost/chatgw").hasMessageContaining("jdbc:postgresql:");
    }

    @Test
    void should_fail_typed_after_close_and_leave_an_applications_data_source_open() throws SQLException {
        JdbcStores own = TestDatabases.h2();
        IdempotencyStore store = own.idempotency();
        own.close();
        assertThatThrownBy(() -> store.find("acc", "k")).isInstanceOf(StoreUnavailableException.class);

        JdbcStores onTheirs = JdbcStores.on(TestDatabases.freshPostgresDatabase());
        onTheirs.close();
        assertThat(onTheirs.idempotency().find("acc", "k")).isEmpty();
    }

    @Test
    void should_write_each_h2_file_commit_through_so_a_killed_process_keeps_it(@TempDir Path dir) throws SQLException {
        try (JdbcStores stores = JdbcStores.url("jdbc:h2:file:" + dir.resolve("db"))) {
            assertThat(writeDelay(stores)).as("ms between a commit and its write to the file").isEqualTo("0");
        }
        try (JdbcStores stores = JdbcStores.h2("jdbc:h2:file:" + dir.resolve("other") + ";WRITE_DELAY=200")) {
            assertThat(writeDelay(stores)).as("the URL's own setting wins").isEqualTo("200");
        }
        assertThat(JdbcStores.h2Effective("jdbc:h2:mem:x")).isEqualTo("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1");
        assertThat(JdbcStores.h2Effective("jdbc:h2:tcp://host/x")).isEqualTo("jdbc:h2:tcp://host/x");
    }

    private static String writeDelay(JdbcStores stores) throws SQLException {
        try (Connection c = stores.dataSource().getConnection();
             PreparedStatement q = c.prepareStatement(
                     "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'");
             ResultSet rs = q.executeQuery()) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    /** @return the server's client connections to {@code database} (pg_stat_activity) */
    private static int backends(String database) throws SQLException {
        try (Connection c = TestDatabases.server().getPostgresDatabase().getConnection();
             PreparedStatement q = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ?")) {
            q.setString(1, database);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }
}
