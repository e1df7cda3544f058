package io.chatgateway.store.jdbc;

import io.chatgateway.DeliveryStatus;
import io.chatgateway.MessageRef;
import io.chatgateway.SendResult;
import io.chatgateway.store.IdempotencyRecord;
import io.chatgateway.store.IdempotencyStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link IdempotencyStore} on table {@code chatgw_idempotency}: the primary key (account, key) makes a
 * reservation atomic across every process sharing the database. Thread-safe (one connection per call).
 */
final class JdbcIdempotencyStore implements IdempotencyStore {

    private static final String TABLE = "chatgw_idempotency";
    private static final String KEY = "account, idem_key";
    private static final String COLUMNS = KEY + ", fingerprint, state, owner_token, reserved_at, expires_at,"
            + " message_ref, delivery, accepted_at, reconciliation";
    /** PostgreSQL takes over an expired holder in the reserving statement itself (one round trip). */
    private static final String TAKE_OVER_EXPIRED = "DO UPDATE SET fingerprint = EXCLUDED.fingerprint,"
            + " state = EXCLUDED.state, owner_token = EXCLUDED.owner_token, reserved_at = EXCLUDED.reserved_at,"
            + " expires_at = EXCLUDED.expires_at, message_ref = EXCLUDED.message_ref, delivery = EXCLUDED.delivery,"
            + " accepted_at = EXCLUDED.accepted_at, reconciliation = EXCLUDED.reconciliation"
            + " WHERE " + TABLE + ".expires_at <= EXCLUDED.reserved_at";

    /** Records a reservation's outcome, if its owner still holds it ({@link #completeParams} binds it). */
    static final String COMPLETE = "UPDATE " + TABLE + " SET state = ?, expires_at = ?, message_ref = ?, delivery = ?,"
            + " accepted_at = ?, reconciliation = ? WHERE account = ? AND idem_key = ? AND owner_token = ?";

    private final JdbcStores stores;

    JdbcIdempotencyStore(JdbcStores stores) {
        this.stores = stores;
    }

    /** @return whether this store keeps its records in the database of {@code other} (one transaction spans both) */
    boolean sameDatabase(JdbcStores other) {
        return stores == other || stores.dataSource() == other.dataSource();
    }

    /** @return the parameters of {@link #COMPLETE} for {@code o} */
    static Object[] completeParams(IdempotencyRecord o) {
        return new Object[] {o.state().name(), o.expiresAt(), ref(o), delivery(o), accepted(o), o.reconciliation().name(),
                o.account(), o.key(), o.owner()};
    }

    @Override
    public IdempotencyRecord reserve(IdempotencyRecord r) {
        if (r.state() != IdempotencyRecord.State.PENDING) {
            throw new IllegalArgumentException("Only a PENDING record reserves a key, not " + r.state());
        }
        return Sql.call(stores, "reserve idempotency key '" + r.key() + "'", c -> reserve(c, stores.dialect(), r));
    }

    /** {@link #reserve(IdempotencyRecord)} on the caller's connection (in its transaction, if one is open). */
    static IdempotencyRecord reserve(Connection c, JdbcStores.Dialect dialect, IdempotencyRecord r) throws SQLException {
        if (r.state() != IdempotencyRecord.State.PENDING) {
            throw new IllegalArgumentException("Only a PENDING record reserves a key, not " + r.state());
        }
        boolean postgres = dialect == JdbcStores.Dialect.POSTGRESQL;
        for (int attempt = 0; attempt < 5; attempt++) {
            if (Sql.insert(c, dialect, TABLE, COLUMNS, KEY, TAKE_OVER_EXPIRED, r.account(), r.key(),
                    r.fingerprint(), r.state().name(), r.owner(), r.reservedAt(), r.expiresAt(), ref(r),
                    delivery(r), accepted(r), r.reconciliation().name())) {
                return r;
            }
            Optional<IdempotencyRecord> held = find(c, r.account(), r.key());
            if (held.isPresent() && (postgres || !held.get().expiredAt(r.reservedAt()))) {
                return held.get();
            }
            if (held.isPresent()) {
                // H2 has no conditional upsert: an expired holder is removed, then the insert is tried again
                // (the common case, a free key, costs the insert alone)
                Sql.update(c, "DELETE FROM " + TABLE + " WHERE account = ? AND idem_key = ? AND expires_at <= ?",
                        r.account(), r.key(), r.reservedAt());
            }
            // else the holder was released between our insert and our read: try again
        }
        throw new SQLException("the key was taken and freed five times in a row");
    }

    /**
     * Reserves several keys on PostgreSQL in the caller's transaction: one multi-row insert that takes free and
     * expired keys, then one read of the holders of the others.
     *
     * @param reservations PENDING records of distinct keys
     * @return per reservation (by {@link #slot}), what {@link #reserve} would return; a key freed between the
     *         insert and the read is missing
     */
    static Map<String, IdempotencyRecord> reserveAll(Connection c, List<IdempotencyRecord> reservations) throws SQLException {
        Map<String, IdempotencyRecord> out = new HashMap<>();
        if (reservations.isEmpty()) {
            return out;
        }
        int columns = COLUMNS.split(",").length;
        String row = "(" + "?, ".repeat(columns - 1) + "?)";
        List<Object> params = new ArrayList<>();
        for (IdempotencyRecord r : reservations) {
            if (r.state() != IdempotencyRecord.State.PENDING) {
                throw new IllegalArgumentException("Only a PENDING record reserves a key, not " + r.state());
            }
            params.addAll(java.util.Arrays.asList(r.account(), r.key(), r.fingerprint(), r.state().name(), r.owner(),
                    r.reservedAt(), r.expiresAt(), ref(r), delivery(r), accepted(r), r.reconciliation().name()));
        }
        List<String> taken = Sql.query(c, "INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES "
                + String.join(", ", java.util.Collections.nCopies(reservations.size(), row)) + " ON CONFLICT (" + KEY
                + ") " + TAKE_OVER_EXPIRED + " RETURNING account, idem_key",
                r -> slot(r.getString(1), r.getString(2)), params.toArray());
        List<Object> others = new ArrayList<>();
        for (IdempotencyRecord r : reservations) {
            if (taken.contains(slot(r.account(), r.key()))) {
                out.put(slot(r.account(), r.key()), r);
            } else {
                others.add(r.account());
                others.add(r.key());
            }
        }
        if (!others.isEmpty()) {
            Sql.query(c, "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE (account, idem_key) IN ("
                    + String.join(", ", java.util.Collections.nCopies(others.size() / 2, "(?, ?)")) + ")",
                    r -> out.put(slot(r.getString("account"), r.getString("idem_key")), record(r)), others.toArray());
        }
        return out;
    }

    /** @return the map key of an account's idempotency key */
    static String slot(String account, String key) {
        return account + '\u0000' + key;
    }

    @Override
    public Set<MessageRef> sentAmong(Collection<MessageRef> refs) {
        if (refs.isEmpty()) {
            return Set.of();
        }
        Map<String, List<String>> byAccount = new HashMap<>();
        for (MessageRef ref : refs) {
            byAccount.computeIfAbsent(ref.account(), a -> new ArrayList<>()).add(ref.toString());
        }
        return Sql.call(stores, "look up sent messages", c -> {
            Set<MessageRef> found = new HashSet<>();
            for (Map.Entry<String, List<String>> e : byAccount.entrySet()) {
                List<String> all = e.getValue();
                for (int from = 0; from < all.size(); from += 500) { // index (account, message_ref), sends-V3
                    List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
                    List<Object> params = new ArrayList<>(chunk.size() + 1);
                    params.add(e.getKey());
                    params.addAll(chunk);
                    Sql.query(c, "SELECT message_ref FROM " + TABLE + " WHERE account = ? AND state = 'SENT' AND message_ref IN ("
                            + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + ")",
                            r -> found.add(MessageRef.parse(r.getString(1))), params.toArray());
                }
            }
            return found;
        });
    }

    @Override
    public boolean complete(IdempotencyRecord o) {
        return Sql.call(stores, "record the outcome of idempotency key '" + o.key() + "'",
                c -> Sql.update(c, COMPLETE, completeParams(o)) == 1);
    }

    @Override
    public boolean release(IdempotencyRecord r) {
        return Sql.call(stores, "free idempotency key '" + r.key() + "'", c -> Sql.update(c, "DELETE FROM " + TABLE
                + " WHERE account = ? AND idem_key = ? AND owner_token = ? AND state = 'PENDING'",
                r.account(), r.key(), r.owner()) == 1);
    }

    @Override
    public Optional<IdempotencyRecord> find(String account, String key) {
        return Sql.call(stores, "read idempotency key '" + key + "'", c -> find(c, account, key));
    }

    private static Optional<IdempotencyRecord> find(Connection c, String account, String key) throws SQLException {
        return Sql.queryOne(c, "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE account = ? AND idem_key = ?",
                JdbcIdempotencyStore::record, account, key);
    }

    private static IdempotencyRecord record(ResultSet r) throws SQLException {
        String ref = r.getString("message_ref");
        String delivery = r.getString("delivery");
        String accepted = r.getString("accepted_at");
        return new IdempotencyRecord(r.getString("account"), r.getString("idem_key"), r.getString("fingerprint"),
                IdempotencyRecord.State.valueOf(r.getString("state")), r.getString("owner_token"),
                Sql.instant(r, "reserved_at"), Sql.instant(r, "expires_at"),
                ref == null ? null : MessageRef.parse(ref),
                delivery == null ? null : DeliveryStatus.valueOf(delivery),
                accepted == null ? null : Instant.parse(accepted),
                SendResult.Reconciliation.valueOf(r.getString("reconciliation")));
    }

    private static String ref(IdempotencyRecord r) {
        return r.message() == null ? null : r.message().toString();
    }

    private static String delivery(IdempotencyRecord r) {
        return r.delivery() == null ? null : r.delivery().name();
    }

    /** The provider's instant exactly (ISO-8601), not clipped to milliseconds. */
    private static String accepted(IdempotencyRecord r) {
        return r.acceptedAt() == null ? null : r.acceptedAt().toString();
    }

    @Override
    public int purgeExpired(Instant now) {
        return Sql.call(stores, "purge expired idempotency records",
                c -> Sql.update(c, "DELETE FROM " + TABLE + " WHERE expires_at <= ?", now));
    }

    @Override
    public String toString() {
        return "JdbcIdempotencyStore[" + stores.dialect() + "]";
    }
}
