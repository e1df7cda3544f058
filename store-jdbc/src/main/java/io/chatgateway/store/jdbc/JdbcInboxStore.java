package io.chatgateway.store.jdbc;

import io.chatgateway.ErrorDetails;
import io.chatgateway.store.Checkpoint;
import io.chatgateway.store.DeadLetterRecord;
import io.chatgateway.store.InboxStore;
import io.chatgateway.store.Lease;
import io.chatgateway.store.LeaseLostException;
import io.chatgateway.store.StoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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

    private static final String UNIQUE_VIOLATION = "23505";

    private final JdbcStores stores;
    private final Clock clock;

    JdbcInboxStore(JdbcStores stores, Clock clock) {
        this.stores = stores;
        this.clock = clock;
    }

    private boolean postgres() {
        return stores.dialect() == JdbcStores.Dialect.POSTGRESQL;
    }

    // ---------------------------------------------------------------- leases

    @Override
    public Optional<Lease> tryAcquire(String name, String account, String owner, Duration ttl) {
        long now = clock.millis();
        long expires = now + ttl.toMillis();
        try (Connection c = stores.connection()) {
            c.setAutoCommit(false);
            try {
                if (insertLease(c, name, account, owner, expires)) {
                    c.commit();
                    return Optional.of(new Lease(name, account, owner, 1, Instant.ofEpochMilli(expires)));
                }
                int updated;
                try (PreparedStatement u = c.prepareStatement("UPDATE chatgw_inbox_lease SET"
                        + " token = CASE WHEN owner = ? AND expires_at > ? THEN token ELSE token + 1 END,"
                        + " owner = ?, expires_at = ? WHERE inbox_name = ? AND account = ? AND (owner = ? OR expires_at <= ?)")) {
                    u.setString(1, owner);
                    u.setLong(2, now);
                    u.setString(3, owner);
                    u.setLong(4, expires);
                    u.setString(5, name);
                    u.setString(6, account);
                    u.setString(7, owner);
                    u.setLong(8, now);
                    updated = u.executeUpdate();
                }
                if (updated == 0) {
                    c.commit();
                    return Optional.empty();
                }
                long token = token(c, name, account, false);
                c.commit();
                return Optional.of(new Lease(name, account, owner, token, Instant.ofEpochMilli(expires)));
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw unavailable("acquire the inbox lease of account '" + account + "'", e);
        }
    }

    private boolean insertLease(Connection c, String name, String account, String owner, long expires) throws SQLException {
        String sql = "INSERT INTO chatgw_inbox_lease (inbox_name, account, owner, token, expires_at) VALUES (?, ?, ?, 1, ?)"
                + (postgres() ? " ON CONFLICT (inbox_name, account) DO NOTHING" : "");
        boolean exists;
        try (PreparedStatement q = c.prepareStatement(
                "SELECT 1 FROM chatgw_inbox_lease WHERE inbox_name = ? AND account = ?")) {
            q.setString(1, name);
            q.setString(2, account);
            try (ResultSet r = q.executeQuery()) {
                exists = r.next();
            }
        }
        if (exists) {
            return false;
        }
        try (PreparedStatement i = c.prepareStatement(sql)) {
            i.setString(1, name);
            i.setString(2, account);
            i.setString(3, owner);
            i.setLong(4, expires);
            return i.executeUpdate() == 1;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /** @return the current token, -1 when there is no lease row; {@code lock} locks the row */
    private static long token(Connection c, String name, String account, boolean lock) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT token FROM chatgw_inbox_lease WHERE inbox_name = ? AND account = ?"
                + (lock ? " FOR UPDATE" : ""))) {
            q.setString(1, name);
            q.setString(2, account);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getLong(1) : -1;
            }
        }
    }

    @Override
    public Lease renew(Lease lease, Duration ttl) {
        long expires = clock.millis() + ttl.toMillis();
        try (Connection c = stores.connection();
             PreparedStatement u = c.prepareStatement("UPDATE chatgw_inbox_lease SET expires_at = ?"
                     + " WHERE inbox_name = ? AND account = ? AND owner = ? AND token = ?")) {
            u.setLong(1, expires);
            u.setString(2, lease.name());
            u.setString(3, lease.account());
            u.setString(4, lease.owner());
            u.setLong(5, lease.token());
            if (u.executeUpdate() == 0) {
                throw lost(lease);
            }
            return new Lease(lease.name(), lease.account(), lease.owner(), lease.token(), Instant.ofEpochMilli(expires));
        } catch (SQLException e) {
            throw unavailable("renew the inbox lease of account '" + lease.account() + "'", e);
        }
    }

    @Override
    public void release(Lease lease) {
        try (Connection c = stores.connection();
             PreparedStatement u = c.prepareStatement("UPDATE chatgw_inbox_lease SET expires_at = 0"
                     + " WHERE inbox_name = ? AND account = ? AND owner = ? AND token = ?")) {
            u.setString(1, lease.name());
            u.setString(2, lease.account());
            u.setString(3, lease.owner());
            u.setLong(4, lease.token());
            u.executeUpdate();
        } catch (SQLException e) {
            throw unavailable("release the inbox lease of account '" + lease.account() + "'", e);
        }
    }

    // ---------------------------------------------------------------- checkpoints

    @Override
    public Map<String, Checkpoint> load(String name, String account) {
        Map<String, Checkpoint> result = new HashMap<>();
        try (Connection c = stores.connection();
             PreparedStatement q = c.prepareStatement("SELECT ckey, provider, version, position, updated_at"
                     + " FROM chatgw_inbox_checkpoint WHERE inbox_name = ? AND account = ?")) {
            q.setString(1, name);
            q.setString(2, account);
            q.setFetchSize(1000);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    Checkpoint cp = new Checkpoint(r.getString(1), r.getString(2), r.getInt(3), r.getString(4),
                            Instant.ofEpochMilli(r.getLong(5)));
                    result.put(cp.key(), cp);
                }
            }
            return result;
        } catch (SQLException e) {
            throw unavailable("read the inbox checkpoints of account '" + account + "'", e);
        }
    }

    @Override
    public void commit(Lease lease, Collection<Checkpoint> checkpoints) {
        if (checkpoints.isEmpty()) {
            return;
        }
        String sql = postgres()
                ? "INSERT INTO chatgw_inbox_checkpoint (inbox_name, account, ckey, provider, version, position, updated_at)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (inbox_name, account, ckey) DO UPDATE SET"
                  + " provider = EXCLUDED.provider, version = EXCLUDED.version, position = EXCLUDED.position,"
                  + " updated_at = EXCLUDED.updated_at"
                : "MERGE INTO chatgw_inbox_checkpoint (inbox_name, account, ckey, provider, version, position, updated_at)"
                  + " KEY (inbox_name, account, ckey) VALUES (?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = stores.connection()) {
            c.setAutoCommit(false);
            try {
                long current = token(c, lease.name(), lease.account(), true);
                if (current != -1 && current != lease.token()) {
                    c.rollback();
                    throw lost(lease);
                }
                try (PreparedStatement u = c.prepareStatement(sql)) {
                    for (Checkpoint cp : checkpoints) {
                        u.setString(1, lease.name());
                        u.setString(2, lease.account());
                        u.setString(3, cp.key());
                        u.setString(4, cp.provider());
                        u.setInt(5, cp.version());
                        u.setString(6, cp.position());
                        u.setLong(7, cp.updatedAt().toEpochMilli());
                        u.addBatch();
                    }
                    u.executeBatch();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw unavailable("write inbox checkpoints of account '" + lease.account() + "'", e);
        }
    }

    // ---------------------------------------------------------------- dead letters

    @Override
    public void recordDeadLetter(String name, DeadLetterRecord d) {
        String sql = "INSERT INTO chatgw_inbox_dead_letter (inbox_name, account, event_id, conversation, event_type,"
                + " attempts, error, failed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + (postgres() ? " ON CONFLICT (inbox_name, account, event_id) DO NOTHING" : "");
        try (Connection c = stores.connection(); PreparedStatement i = c.prepareStatement(sql)) {
            i.setString(1, name);
            i.setString(2, d.account());
            i.setString(3, cut(d.eventId(), 512));
            i.setString(4, cut(d.conversation(), 512));
            i.setString(5, d.type());
            i.setInt(6, d.attempts());
            i.setString(7, cut(d.error(), 1000));
            i.setLong(8, d.failedAt().toEpochMilli());
            i.executeUpdate();
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw unavailable("record a dead letter of account '" + d.account() + "'", e);
            }
        }
    }

    @Override
    public List<DeadLetterRecord> deadLetters(String name, String account) {
        List<DeadLetterRecord> result = new ArrayList<>();
        try (Connection c = stores.connection();
             PreparedStatement q = c.prepareStatement("SELECT account, conversation, event_id, event_type, attempts, error,"
                     + " failed_at FROM chatgw_inbox_dead_letter WHERE inbox_name = ? AND account = ?"
                     + " ORDER BY failed_at, event_id")) {
            q.setString(1, name);
            q.setString(2, account);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    result.add(new DeadLetterRecord(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                            r.getInt(5), r.getString(6), Instant.ofEpochMilli(r.getLong(7))));
                }
            }
            return result;
        } catch (SQLException e) {
            throw unavailable("read the dead letters of account '" + account + "'", e);
        }
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static LeaseLostException lost(Lease lease) {
        return new LeaseLostException("The inbox '" + lease.name() + "' lost its lease on account '" + lease.account()
                + "' (token " + lease.token() + "): another instance reads it now.", ErrorDetails.of(lease.account(), null, null));
    }

    private static StoreUnavailableException unavailable(String what, SQLException e) {
        return new StoreUnavailableException("Could not " + what + " in the store: " + e.getMessage(), null, e);
    }

    @Override
    public String toString() {
        return "JdbcInboxStore[" + stores.dialect() + "]";
    }
}
