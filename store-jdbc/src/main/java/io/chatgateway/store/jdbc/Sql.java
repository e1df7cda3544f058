package io.chatgateway.store.jdbc;

import io.chatgateway.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one home of the stores' JDBC plumbing: borrowing a connection (auto-commit, or one transaction), binding
 * parameters, reading rows, the insert that keeps an existing row, and the one store error. Times are stored as
 * epoch milliseconds.
 */
final class Sql {

    /** SQLSTATE of a unique or primary-key violation, on H2 and PostgreSQL alike. */
    static final String UNIQUE_VIOLATION = "23505";

    private Sql() {
    }

    /** Work on a borrowed connection. */
    @FunctionalInterface
    interface Work<T> {
        /**
         * @param c the connection
         * @return the result
         * @throws SQLException on any database error
         */
        T on(Connection c) throws SQLException;
    }

    /** Maps one row. */
    @FunctionalInterface
    interface Row<T> {
        /**
         * @param r the result set on the row
         * @return the value
         * @throws SQLException on any database error
         */
        T map(ResultSet r) throws SQLException;
    }

    /**
     * Runs {@code work} on a connection in auto-commit mode (each statement commits by itself).
     *
     * @param what what is being done, for the error ("read outbox entry 'k'")
     * @return the work's result
     * @throws StoreUnavailableException when the database fails
     */
    static <T> T call(JdbcStores stores, String what, Work<T> work) {
        Connection borrowed = borrow(stores, what);
        try (Connection c = borrowed) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            return work.on(c);
        } catch (SQLException e) {
            throw unavailable(what, e);
        } finally {
            stores.returned();
        }
    }

    /** @return a connection, to be closed and then announced by {@link JdbcStores#returned()} */
    private static Connection borrow(JdbcStores stores, String what) {
        try {
            return stores.connection();
        } catch (SQLException e) {
            throw unavailable(what, e);
        }
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws (also an
     * unchecked exception, which is rethrown as it is).
     *
     * @param what what is being done, for the error
     * @return the work's result
     * @throws StoreUnavailableException when the database fails
     */
    static <T> T inTransaction(JdbcStores stores, String what, Work<T> work) {
        Connection borrowed = borrow(stores, what);
        try (Connection c = borrowed) {
            c.setAutoCommit(false);
            try {
                T result = work.on(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true); // pools hand the connection on as they got it back
            }
        } catch (SQLException e) {
            throw unavailable(what, e);
        } finally {
            stores.returned();
        }
    }

    /**
     * @param params values: String, Integer, Long, Instant (epoch millis) or {@code null}
     * @return the updated row count
     */
    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            return s.executeUpdate();
        }
    }

    /** Runs {@code sql} once per parameter row, as one batch. */
    static void batch(Connection c, String sql, List<Object[]> rows) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (Object[] row : rows) {
                bind(s, row);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** @return every row, mapped */
    static <T> List<T> query(Connection c, String sql, Row<T> row, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            List<T> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(row.map(r));
                }
            }
            return out;
        }
    }

    /** @return the first row, mapped, if there is one */
    static <T> Optional<T> queryOne(Connection c, String sql, Row<T> row, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(row.map(r)) : Optional.empty();
            }
        }
    }

    /**
     * Inserts a row unless its key is taken: PostgreSQL by {@code ON CONFLICT (key) DO NOTHING} (or the given
     * {@code onConflict} clause), H2 by catching the unique violation.
     *
     * @param table      the table
     * @param columns    its column list, comma-separated
     * @param key        the conflict target (the primary key's columns), comma-separated
     * @param onConflict PostgreSQL's action on a conflict, e.g. {@code DO NOTHING}
     * @return whether a row was written
     */
    static boolean insert(Connection c, JdbcStores.Dialect dialect, String table, String columns, String key,
                          String onConflict, Object... params) throws SQLException {
        String sql = "INSERT INTO " + table + " (" + columns + ") VALUES (" + "?, ".repeat(params.length - 1) + "?)"
                + (dialect == JdbcStores.Dialect.POSTGRESQL ? " ON CONFLICT (" + key + ") " + onConflict : "");
        try {
            return update(c, sql, params) == 1;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    private static void bind(PreparedStatement s, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p == null) {
                s.setNull(i + 1, Types.NULL);
            } else if (p instanceof String text) {
                s.setString(i + 1, text);
            } else if (p instanceof Long n) {
                s.setLong(i + 1, n);
            } else if (p instanceof Integer n) {
                s.setInt(i + 1, n);
            } else if (p instanceof Instant t) {
                s.setLong(i + 1, t.toEpochMilli());
            } else {
                throw new IllegalArgumentException("no binding for " + p.getClass().getName());
            }
        }
    }

    /** @return the instant of an epoch-millisecond column, {@code null} when SQL NULL */
    static Instant instant(ResultSet r, String column) throws SQLException {
        long millis = r.getLong(column);
        return r.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    /** @return {@code text} cut to {@code max} characters ({@code null} stays null) */
    static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    static StoreUnavailableException unavailable(String what, SQLException e) {
        return new StoreUnavailableException("Could not " + what + " in the store: " + e.getMessage(), null, e);
    }
}
