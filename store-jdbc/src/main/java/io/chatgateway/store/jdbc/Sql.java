package io.chatgateway.store.jdbc;

import io.chatgateway.store.StoreUnavailableException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** Small JDBC helpers the stores share: nullable parameters, the unique-violation state, the one store error. */
final class Sql {

    /** SQLSTATE of a unique or primary-key violation, on H2 and PostgreSQL alike. */
    static final String UNIQUE_VIOLATION = "23505";

    private Sql() {
    }

    static void setNullable(PreparedStatement s, int index, String value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, value);
        }
    }

    /** Instants are stored as epoch milliseconds. */
    static void setNullable(PreparedStatement s, int index, Instant value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, value.toEpochMilli());
        }
    }

    static StoreUnavailableException unavailable(String what, SQLException e) {
        return new StoreUnavailableException("Could not " + what + " in the store: " + e.getMessage(), null, e);
    }
}
