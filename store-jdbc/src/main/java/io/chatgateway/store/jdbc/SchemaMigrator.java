package io.chatgateway.store.jdbc;

import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.store.StoreUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Applies {@code sql/<dialect>/<component>-V<n>.sql} scripts in order, one version row per component. */
final class SchemaMigrator {

    static final String VERSION_TABLE = "chatgw_schema_version";
    /** Key of the PostgreSQL advisory lock held while migrating ('chatgw' in ASCII). */
    private static final long ADVISORY_LOCK = 0x636861746777L;

    private SchemaMigrator() {
    }

    /** H2 commits DDL at once (releasing the row lock), so its migrations are serialized in the JVM. */
    private static final Object H2_LOCK = new Object();

    static void migrate(DataSource dataSource, JdbcStores.Dialect dialect, String component) {
        if (dialect == JdbcStores.Dialect.H2) {
            synchronized (H2_LOCK) {
                migrateLocked(dataSource, dialect, component);
            }
        } else {
            migrateLocked(dataSource, dialect, component);
        }
    }

    private static void migrateLocked(DataSource dataSource, JdbcStores.Dialect dialect, String component) {
        if (!component.matches("[a-z][a-z0-9_]{0,30}")) {
            throw new IllegalArgumentException("component must be lower-case letters, digits or _: " + component);
        }
        List<String> scripts = scripts(dialect, component);
        try (Connection c = dataSource.getConnection()) {
            boolean postgres = dialect != JdbcStores.Dialect.H2;
            if (postgres) {
                // concurrent CREATE TABLE IF NOT EXISTS races in PostgreSQL's catalog: one migration at a time
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_lock(" + ADVISORY_LOCK + ")");
                }
            }
            try {
                migrateOn(c, component, scripts);
            } finally {
                if (postgres) {
                    try (Statement s = c.createStatement()) {
                        s.execute("SELECT pg_advisory_unlock(" + ADVISORY_LOCK + ")");
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("Could not create or upgrade the '" + component
                    + "' tables of the store: " + e.getMessage(), null, e);
        }
    }

    private static void migrateOn(Connection c, String component, List<String> scripts) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + VERSION_TABLE
                    + " (component VARCHAR(32) PRIMARY KEY, version INT NOT NULL)");
        }
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            insertIfMissing(c, component);
            int current = lockedVersion(c, component);
            if (current > scripts.size()) {
                throw new InvalidConfigurationException("The store's database holds schema version " + current
                        + " of '" + component + "', newer than the " + scripts.size()
                        + " this library knows; upgrade chat-gateway or use another database.", null);
            }
            for (int v = current + 1; v <= scripts.size(); v++) {
                try (Statement s = c.createStatement()) {
                    for (String statement : statements(scripts.get(v - 1))) {
                        s.execute(statement);
                    }
                }
                try (PreparedStatement u = c.prepareStatement(
                        "UPDATE " + VERSION_TABLE + " SET version = ? WHERE component = ?")) {
                    u.setInt(1, v);
                    u.setString(2, component);
                    u.executeUpdate();
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static void insertIfMissing(Connection c, String component) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM " + VERSION_TABLE + " WHERE component = ?")) {
            q.setString(1, component);
            try (ResultSet r = q.executeQuery()) {
                if (r.next()) {
                    return;
                }
            }
        }
        try (PreparedStatement i = c.prepareStatement(
                "INSERT INTO " + VERSION_TABLE + " (component, version) VALUES (?, 0)")) {
            i.setString(1, component);
            i.executeUpdate();
        } catch (SQLException raced) {
            // another instance inserted the row first: its lock below orders the two migrations
            c.rollback();
        }
    }

    private static int lockedVersion(Connection c, String component) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT version FROM " + VERSION_TABLE + " WHERE component = ? FOR UPDATE")) {
            q.setString(1, component);
            try (ResultSet r = q.executeQuery()) {
                if (!r.next()) {
                    throw new SQLException("version row of '" + component + "' vanished");
                }
                return r.getInt(1);
            }
        }
    }

    /** The component's scripts, V1 first; the first missing version ends the list. */
    static List<String> scripts(JdbcStores.Dialect dialect, String component) {
        List<String> scripts = new ArrayList<>();
        for (int v = 1; ; v++) {
            String name = "sql/" + dialect.folder() + "/" + component + "-V" + v + ".sql";
            try (InputStream in = SchemaMigrator.class.getResourceAsStream(name)) {
                if (in == null) {
                    break;
                }
                scripts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException("Could not read " + name + " from the store-jdbc jar", e);
            }
        }
        if (scripts.isEmpty()) {
            throw new IllegalArgumentException("No schema scripts for component '" + component + "' on "
                    + dialect);
        }
        return scripts;
    }

    /** Splits a script on lines that end with {@code ;}; {@code --} comment lines are dropped. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (t.endsWith(";")) {
                String stmt = current.toString().strip();
                out.add(stmt.substring(0, stmt.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }
}
