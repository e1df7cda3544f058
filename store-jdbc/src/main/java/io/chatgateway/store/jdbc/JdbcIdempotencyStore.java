package io.chatgateway.store.jdbc;

import io.chatgateway.DeliveryStatus;
import io.chatgateway.MessageRef;
import io.chatgateway.SendResult;
import io.chatgateway.store.IdempotencyRecord;
import io.chatgateway.store.IdempotencyStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link IdempotencyStore} on table {@code chatgw_idempotency}: the primary key (account, key) makes a
 * reservation atomic across every process sharing the database. Thread-safe (one connection per call).
 */
final class JdbcIdempotencyStore implements IdempotencyStore {

    private static final String COLUMNS = "account, idem_key, fingerprint, state, owner_token, reserved_at, expires_at,"
            + " message_ref, delivery, accepted_at, reconciliation";

    private final JdbcStores stores;

    JdbcIdempotencyStore(JdbcStores stores) {
        this.stores = stores;
    }

    @Override
    public IdempotencyRecord reserve(IdempotencyRecord reservation) {
        if (reservation.state() != IdempotencyRecord.State.PENDING) {
            throw new IllegalArgumentException("Only a PENDING record reserves a key, not " + reservation.state());
        }
        try (Connection c = stores.connection()) {
            c.setAutoCommit(true);
            boolean postgres = stores.dialect() == JdbcStores.Dialect.POSTGRESQL;
            for (int attempt = 0; attempt < 5; attempt++) {
                if (!postgres) {
                    try (PreparedStatement d = c.prepareStatement(
                            "DELETE FROM chatgw_idempotency WHERE account = ? AND idem_key = ? AND expires_at <= ?")) {
                        d.setString(1, reservation.account());
                        d.setString(2, reservation.key());
                        d.setLong(3, reservation.reservedAt().toEpochMilli());
                        d.executeUpdate();
                    }
                }
                if (insert(c, reservation)) {
                    return reservation;
                }
                Optional<IdempotencyRecord> held = find(c, reservation.account(), reservation.key());
                if (held.isPresent()) {
                    return held.get();
                }
                // the holder was released between our insert and our read: try again
            }
            throw new SQLException("the key was taken and freed five times in a row");
        } catch (SQLException e) {
            throw Sql.unavailable("reserve idempotency key '" + reservation.key() + "'", e);
        }
    }

    private boolean insert(Connection c, IdempotencyRecord r) throws SQLException {
        boolean postgres = stores.dialect() == JdbcStores.Dialect.POSTGRESQL;
        // PostgreSQL takes over an expired holder in the same statement (one round trip per reservation)
        String sql = "INSERT INTO chatgw_idempotency (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + (postgres ? " ON CONFLICT (account, idem_key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint,"
                + " state = EXCLUDED.state, owner_token = EXCLUDED.owner_token, reserved_at = EXCLUDED.reserved_at,"
                + " expires_at = EXCLUDED.expires_at, message_ref = EXCLUDED.message_ref, delivery = EXCLUDED.delivery,"
                + " accepted_at = EXCLUDED.accepted_at, reconciliation = EXCLUDED.reconciliation"
                + " WHERE chatgw_idempotency.expires_at <= EXCLUDED.reserved_at" : "");
        try (PreparedStatement i = c.prepareStatement(sql)) {
            i.setString(1, r.account());
            i.setString(2, r.key());
            i.setString(3, r.fingerprint());
            i.setString(4, r.state().name());
            i.setString(5, r.owner());
            i.setLong(6, r.reservedAt().toEpochMilli());
            i.setLong(7, r.expiresAt().toEpochMilli());
            setOutcome(i, 8, r);
            return i.executeUpdate() == 1;
        } catch (SQLException e) {
            if (Sql.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /** Sets message_ref, delivery, accepted_at, reconciliation from {@code from} on. */
    private static void setOutcome(PreparedStatement s, int from, IdempotencyRecord r) throws SQLException {
        Sql.setNullable(s, from, r.message() == null ? null : r.message().toString());
        Sql.setNullable(s, from + 1, r.delivery() == null ? null : r.delivery().name());
        Sql.setNullable(s, from + 2, r.acceptedAt() == null ? null : r.acceptedAt().toString());
        s.setString(from + 3, r.reconciliation().name());
    }


    @Override
    public boolean complete(IdempotencyRecord outcome) {
        try (Connection c = stores.connection();
             PreparedStatement u = c.prepareStatement("UPDATE chatgw_idempotency SET state = ?, expires_at = ?,"
                     + " message_ref = ?, delivery = ?, accepted_at = ?, reconciliation = ?"
                     + " WHERE account = ? AND idem_key = ? AND owner_token = ?")) {
            u.setString(1, outcome.state().name());
            u.setLong(2, outcome.expiresAt().toEpochMilli());
            setOutcome(u, 3, outcome);
            u.setString(7, outcome.account());
            u.setString(8, outcome.key());
            u.setString(9, outcome.owner());
            return u.executeUpdate() == 1;
        } catch (SQLException e) {
            throw Sql.unavailable("record the outcome of idempotency key '" + outcome.key() + "'", e);
        }
    }

    @Override
    public boolean release(IdempotencyRecord reservation) {
        try (Connection c = stores.connection();
             PreparedStatement d = c.prepareStatement("DELETE FROM chatgw_idempotency"
                     + " WHERE account = ? AND idem_key = ? AND owner_token = ? AND state = 'PENDING'")) {
            d.setString(1, reservation.account());
            d.setString(2, reservation.key());
            d.setString(3, reservation.owner());
            return d.executeUpdate() == 1;
        } catch (SQLException e) {
            throw Sql.unavailable("free idempotency key '" + reservation.key() + "'", e);
        }
    }

    @Override
    public Optional<IdempotencyRecord> find(String account, String key) {
        try (Connection c = stores.connection()) {
            return find(c, account, key);
        } catch (SQLException e) {
            throw Sql.unavailable("read idempotency key '" + key + "'", e);
        }
    }

    private static Optional<IdempotencyRecord> find(Connection c, String account, String key) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS
                + " FROM chatgw_idempotency WHERE account = ? AND idem_key = ?")) {
            q.setString(1, account);
            q.setString(2, key);
            try (ResultSet r = q.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                String ref = r.getString(8);
                String delivery = r.getString(9);
                String accepted = r.getString(10);
                return Optional.of(new IdempotencyRecord(r.getString(1), r.getString(2), r.getString(3),
                        IdempotencyRecord.State.valueOf(r.getString(4)), r.getString(5),
                        Instant.ofEpochMilli(r.getLong(6)), Instant.ofEpochMilli(r.getLong(7)),
                        ref == null ? null : MessageRef.parse(ref),
                        delivery == null ? null : DeliveryStatus.valueOf(delivery),
                        accepted == null ? null : Instant.parse(accepted),
                        SendResult.Reconciliation.valueOf(r.getString(11))));
            }
        }
    }

    @Override
    public int purgeExpired(Instant now) {
        try (Connection c = stores.connection();
             PreparedStatement d = c.prepareStatement("DELETE FROM chatgw_idempotency WHERE expires_at <= ?")) {
            d.setLong(1, now.toEpochMilli());
            return d.executeUpdate();
        } catch (SQLException e) {
            throw Sql.unavailable("purge expired idempotency records", e);
        }
    }


    @Override
    public String toString() {
        return "JdbcIdempotencyStore[" + stores.dialect() + "]";
    }
}
