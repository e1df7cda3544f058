package io.chatgateway.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A killed process leaves an H2 file as it was after its last write: a copy of the file of a running database,
 * taken between two commits, is exactly that (every write H2 made is in it, nothing was closed). H2 2.x alone
 * opens such a file at an older chunk when the newest chunks were stored away from where H2 predicted them (free
 * space reused): returned commits are gone. {@link JdbcStores#url(String)} recovers them first.
 */
class H2RecoveryTest {

    /** Free space is reused after a second, not H2's default 45 s: chunks then land where H2 did not predict. */
    private static final String REUSE_SOON = ";RETENTION_TIME=1000";

    @Test
    void should_keep_every_returned_commit_of_an_h2_file_left_by_a_killed_process(@TempDir Path dir) throws Exception {
        List<String> lost = new ArrayList<>();
        int checked = 0;
        try (JdbcStores live = JdbcStores.url("jdbc:h2:file:" + dir.resolve("live") + REUSE_SOON);
             Connection c = live.dataSource().getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY, payload VARCHAR(100000))");
            }
            SplittableRandom random = new SplittableRandom(15);
            int rows = 0;
            long until = System.nanoTime() + 6_000_000_000L; // space is reused from the second second on
            while (System.nanoTime() < until || checked < 10) {
                for (int i = 0; i < 10; i++) { // commits of very different sizes, old rows rewritten: dead space
                    try (PreparedStatement p = c.prepareStatement("MERGE INTO t KEY (id) VALUES (?, ?)")) {
                        boolean rewrite = rows > 20 && random.nextInt(3) == 0;
                        p.setInt(1, rewrite ? random.nextInt(rows) : rows);
                        p.setString(2, "x".repeat(1 + random.nextInt(random.nextBoolean() ? 300 : 30_000)));
                        p.executeUpdate();
                        rows += rewrite ? 0 : 1;
                    }
                }
                Path copy = dir.resolve("killed-" + checked + ".mv.db");
                Files.copy(dir.resolve("live.mv.db"), copy); // the file as a SIGKILL now would leave it
                int found = count("jdbc:h2:file:" + dir.resolve("killed-" + checked));
                if (found != rows) {
                    lost.add("copy " + checked + ": " + found + " of " + rows + " rows");
                }
                Files.delete(copy);
                checked++;
            }
        }
        assertThat(lost).as("rows whose commit had returned, missing after the kill (of " + checked + " kills)").isEmpty();
    }

    @Test
    void should_leave_an_h2_file_alone_that_was_closed_cleanly_or_is_open(@TempDir Path dir) throws SQLException {
        String url = "jdbc:h2:file:" + dir.resolve("db");
        try (JdbcStores stores = JdbcStores.url(url); Connection c = stores.dataSource().getConnection();
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
            s.execute("INSERT INTO t VALUES (1)");
            assertThat(H2Recovery.recoverIfKilled(url)).as("open in this process").isFalse();
            assertThat(count(url)).isEqualTo(1);
        }
        assertThat(H2Recovery.closedCleanly(dir.resolve("db.mv.db"))).isTrue();
        assertThat(H2Recovery.recoverIfKilled(url)).as("closed cleanly").isFalse();
        assertThat(H2Recovery.recoverIfKilled("jdbc:h2:mem:h2recovery")).isFalse();
        assertThat(H2Recovery.recoverIfKilled("jdbc:h2:file:" + dir.resolve("absent"))).isFalse();
    }

    private static int count(String url) throws SQLException {
        try (JdbcStores stores = JdbcStores.url(url); Connection c = stores.dataSource().getConnection();
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM t")) {
            r.next();
            return r.getInt(1);
        }
    }
}
