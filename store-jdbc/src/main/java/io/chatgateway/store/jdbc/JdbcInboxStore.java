package io.chatgateway.store.jdbc;

import io.chatgateway.ErrorDetails;
import io.chatgateway.store.Checkpoint;
import io.chatgateway.store.DeadLetterRecord;
import io.chatgateway.store.InboxStore;
import io.chatgateway.store.Lease;
import io.chatgateway.store.LeaseLostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link InboxStore} on tables {@code chatgw_inbox_lease}, {@code chatgw_inbox_checkpoint} and
 * {@code chatgw_inbox_dead_letter}. Leases are rows whose token only grows; a checkpoint commit locks the
 * lease row and writes only while its token is the caller's. Thread-safe (one connection per call).
 */
final class JdbcInboxStore implements InboxStore {

    private static final String LEASES = "chatgw_inbox_lease";

    private final JdbcStores stores;
    private final Clock clock;

    JdbcInboxStore(JdbcStores stores, Clock clock) {
        this.stores = stores;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- leases

    @Override
    public Optional<Lease> tryAcquire(String name, String account, String owner, Duration ttl) {
        long now = clock.millis();
        long expires = now + ttl.toMillis();
        return Sql.inTransaction(stores, "acquire the inbox lease of account '" + account + "'", c -> {
            if (token(c, name, account, false) == -1 && Sql.insert(c, stores.dialect(), LEASES,
                    "inbox_name, account, owner, token, expires_at", "inbox_name, account", "DO NOTHING",
                    name, account, owner, 1L, expires)) {
                return Optional.of(new Lease(name, account, owner, 1, Instant.ofEpochMilli(expires)));
            }
            // the holder keeps its token on renewal; a new holder (or one whose lease ran out) gets the next one
            int updated = Sql.update(c, "UPDATE " + LEASES + " SET"
                    + " token = CASE WHEN owner = ? AND expires_at > ? THEN token ELSE token + 1 END,"
                    + " owner = ?, expires_at = ? WHERE inbox_name = ? AND account = ? AND (owner = ? OR expires_at <= ?)",
                    owner, now, owner, expires, name, account, owner, now);
            return updated == 0 ? Optional.<Lease>empty()
                    : Optional.of(new Lease(name, account, owner, token(c, name, account, false), Instant.ofEpochMilli(expires)));
        });
    }

    /** @return the current token, -1 when there is no lease row; {@code lock} locks the row */
    private static long token(Connection c, String name, String account, boolean lock) throws SQLException {
        return Sql.queryOne(c, "SELECT token FROM " + LEASES + " WHERE inbox_name = ? AND account = ?"
                + (lock ? " FOR UPDATE" : ""), r -> r.getLong(1), name, account).orElse(-1L);
    }

    @Override
    public Lease renew(Lease lease, Duration ttl) {
        long expires = clock.millis() + ttl.toMillis();
        return Sql.call(stores, "renew the inbox lease of account '" + lease.account() + "'", c -> {
            if (Sql.update(c, "UPDATE " + LEASES + " SET expires_at = ? WHERE inbox_name = ? AND account = ? AND owner = ?"
                    + " AND token = ?", expires, lease.name(), lease.account(), lease.owner(), lease.token()) == 0) {
                throw lost(lease);
            }
            return new Lease(lease.name(), lease.account(), lease.owner(), lease.token(), Instant.ofEpochMilli(expires));
        });
    }

    @Override
    public void release(Lease lease) {
        Sql.call(stores, "release the inbox lease of account '" + lease.account() + "'", c -> Sql.update(c,
                "UPDATE " + LEASES + " SET expires_at = 0 WHERE inbox_name = ? AND account = ? AND owner = ? AND token = ?",
                lease.name(), lease.account(), lease.owner(), lease.token()));
    }

    // ---------------------------------------------------------------- checkpoints

    @Override
    public Map<String, Checkpoint> load(String name, String account) {
        return Sql.call(stores, "read the inbox checkpoints of account '" + account + "'", c -> {
            Map<String, Checkpoint> result = new HashMap<>();
            for (Checkpoint cp : Sql.query(c, "SELECT ckey, provider, version, position, updated_at"
                    + " FROM chatgw_inbox_checkpoint WHERE inbox_name = ? AND account = ?",
                    r -> new Checkpoint(r.getString(1), r.getString(2), r.getInt(3), r.getString(4),
                            Sql.instant(r, "updated_at")), name, account)) {
                result.put(cp.key(), cp);
            }
            return result;
        });
    }

    @Override
    public void commit(Lease lease, Collection<Checkpoint> checkpoints) {
        if (checkpoints.isEmpty()) {
            return;
        }
        String sql = stores.dialect() == JdbcStores.Dialect.POSTGRESQL
                ? "INSERT INTO chatgw_inbox_checkpoint (inbox_name, account, ckey, provider, version, position, updated_at)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (inbox_name, account, ckey) DO UPDATE SET"
                  + " provider = EXCLUDED.provider, version = EXCLUDED.version, position = EXCLUDED.position,"
                  + " updated_at = EXCLUDED.updated_at"
                : "MERGE INTO chatgw_inbox_checkpoint (inbox_name, account, ckey, provider, version, position, updated_at)"
                  + " KEY (inbox_name, account, ckey) VALUES (?, ?, ?, ?, ?, ?, ?)";
        Sql.inTransaction(stores, "write inbox checkpoints of account '" + lease.account() + "'", c -> {
            long current = token(c, lease.name(), lease.account(), true); // fencing: the lease row stays locked
            if (current != -1 && current != lease.token()) {
                throw lost(lease);
            }
            List<Object[]> rows = new ArrayList<>();
            for (Checkpoint cp : checkpoints) {
                rows.add(new Object[] {lease.name(), lease.account(), cp.key(), cp.provider(), cp.version(),
                        cp.position(), cp.updatedAt()});
            }
            Sql.batch(c, sql, rows);
            return null;
        });
    }

    // ---------------------------------------------------------------- dead letters

    @Override
    public void recordDeadLetter(String name, DeadLetterRecord d) {
        Sql.call(stores, "record a dead letter of account '" + d.account() + "'", c -> Sql.insert(c, stores.dialect(),
                "chatgw_inbox_dead_letter", "inbox_name, account, event_id, conversation, event_type, attempts, error,"
                        + " failed_at", "inbox_name, account, event_id", "DO NOTHING", name, d.account(),
                Sql.clip(d.eventId(), 512), Sql.clip(d.conversation(), 512), d.type(), d.attempts(),
                Sql.clip(d.error(), 1000), d.failedAt()));
    }

    @Override
    public List<DeadLetterRecord> deadLetters(String name, String account) {
        return Sql.call(stores, "read the dead letters of account '" + account + "'", c -> Sql.query(c,
                "SELECT account, conversation, event_id, event_type, attempts, error, failed_at"
                        + " FROM chatgw_inbox_dead_letter WHERE inbox_name = ? AND account = ? ORDER BY failed_at, event_id",
                r -> new DeadLetterRecord(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getInt(5),
                        r.getString(6), Sql.instant(r, "failed_at")), name, account));
    }

    private static LeaseLostException lost(Lease lease) {
        return new LeaseLostException("The inbox '" + lease.name() + "' lost its lease on account '" + lease.account()
                + "' (token " + lease.token() + "): another instance reads it now.", ErrorDetails.of(lease.account(), null, null));
    }

    @Override
    public String toString() {
        return "JdbcInboxStore[" + stores.dialect() + "]";
    }
}
