package io.chatgateway.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatgateway.ConversationRef;
import io.chatgateway.MessageKind;
import io.chatgateway.MessageRef;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.outbox.OutboxEntry;
import io.chatgateway.outbox.OutboxStatus;
import io.chatgateway.store.IdempotencyRecord;
import io.chatgateway.store.IdempotencyStore;
import io.chatgateway.store.OutboxStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link OutboxStore} on table {@code chatgw_outbox}. Claims are one statement per entry that re-checks the
 * entry is still due ({@code UPDATE … WHERE status = 'PENDING' AND next_attempt_at <= now OR status = 'SENDING'
 * AND lease_until <= now}), so two workers never hold one entry; on PostgreSQL the candidates are picked with
 * {@code FOR UPDATE SKIP LOCKED}, so concurrent workers take disjoint batches without waiting. With the
 * {@link JdbcIdempotencyStore} of the same database, a batch is claimed with its keys reserved in one
 * transaction, and a delivery's outcome is written with its key's in one statement (PostgreSQL) or transaction
 * (H2): about one round trip per delivery. Thread-safe.
 */
final class JdbcOutboxStore implements OutboxStore {

    private static final String TABLE = "chatgw_outbox";
    private static final String KEY = "account, idem_key";
    private static final String COLUMNS = KEY + ", conversation, body, attachments, status, attempts,"
            + " created_at, next_attempt_at, lease_owner, lease_until, result_ref, error";
    private static final String DUE_PENDING = "status = 'PENDING' AND next_attempt_at <= ?";
    private static final String DUE_SENDING = "status = 'SENDING' AND lease_until <= ?";
    private static final String DUE = "(" + DUE_PENDING + ") OR (" + DUE_SENDING + ")";
    private static final int MAX_ERROR = 4000;
    /** Records an entry's new state if the worker still holds it ({@link #updateParams} binds it). */
    private static final String UPDATE = "UPDATE " + TABLE + " SET status = ?, attempts = ?, next_attempt_at = ?,"
            + " lease_owner = ?, lease_until = ?, result_ref = ?, error = ? WHERE account = ? AND idem_key = ?"
            + " AND status = 'SENDING' AND lease_owner = ?";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcStores stores;
    /** The H2 writes of deliveries' outcomes (with their keys'), grouped per commit. */
    private final GroupCommit outcomes;

    JdbcOutboxStore(JdbcStores stores) {
        this.stores = stores;
        this.outcomes = new GroupCommit(stores);
    }

    @Override
    public OutboxEntry add(OutboxEntry e) {
        return Sql.call(stores, "add outbox entry '" + e.key() + "'", c -> {
            if (Sql.insert(c, stores.dialect(), TABLE, COLUMNS, KEY, "DO NOTHING", e.account(), e.key(),
                    e.to().toString(), e.message().text(), attachments(e.message()), e.status().name(), e.attempts(),
                    e.createdAt(), e.nextAttemptAt(), e.leaseOwner(), e.leaseUntil(), ref(e), Sql.clip(e.error(), MAX_ERROR))) {
                return e;
            }
            return find(c, e.account(), e.key())
                    .orElseThrow(() -> new SQLException("outbox entry '" + e.key() + "' vanished after a conflict"));
        });
    }

    /**
     * With the idempotency store of this database: the claim and the reservation of the claimed entries' keys in
     * one transaction — on PostgreSQL the claim, one multi-row reservation and the commit (three round trips per
     * batch, plus a read of the holders of keys already taken); on H2 one commit per batch instead of two per
     * entry. Else as the default (no key reserved here).
     */
    @Override
    public List<Claimed> claim(String worker, Instant now, Duration lease, int max, IdempotencyStore keys,
                               Function<OutboxEntry, IdempotencyRecord> reservation) {
        if (!(keys instanceof JdbcIdempotencyStore k) || !k.sameDatabase(stores)) {
            return OutboxStore.super.claim(worker, now, lease, max, keys, reservation);
        }
        Instant until = now.plus(lease);
        boolean postgres = stores.dialect() == JdbcStores.Dialect.POSTGRESQL;
        return Sql.inTransaction(stores, "claim outbox entries and reserve their keys", c -> {
            List<OutboxEntry> claimed = postgres ? claimPostgres(c, worker, now, until, max) : claimH2(c, worker, now, until, max);
            List<IdempotencyRecord> mine = new ArrayList<>(claimed.size());
            for (OutboxEntry e : claimed) {
                mine.add(reservation.apply(e));
            }
            Map<String, IdempotencyRecord> held;
            if (postgres) {
                held = JdbcIdempotencyStore.reserveAll(c, mine);
            } else {
                held = new HashMap<>();
                for (IdempotencyRecord r : mine) {
                    held.put(JdbcIdempotencyStore.slot(r.account(), r.key()), JdbcIdempotencyStore.reserve(c, stores.dialect(), r));
                }
            }
            List<Claimed> out = new ArrayList<>(claimed.size());
            for (OutboxEntry e : claimed) {
                out.add(new Claimed(e, held.get(JdbcIdempotencyStore.slot(e.account(), e.key()))));
            }
            return out;
        });
    }

    private static List<OutboxEntry> claimPostgres(Connection c, String worker, Instant now, Instant until, int max)
            throws SQLException {
        // one index range per status (status, next_attempt_at), each read only as far as the limit: an OR of the
        // two would read and sort every due entry of the backlog on each claim
        return Sql.query(c, "WITH p AS (SELECT account, idem_key, next_attempt_at FROM " + TABLE + " WHERE " + DUE_PENDING
                + " ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED), s AS (SELECT account, idem_key,"
                + " next_attempt_at FROM " + TABLE + " WHERE " + DUE_SENDING + " ORDER BY next_attempt_at LIMIT ?"
                + " FOR UPDATE SKIP LOCKED), d AS (SELECT account, idem_key FROM (SELECT * FROM p UNION ALL SELECT * FROM s) u"
                + " ORDER BY next_attempt_at LIMIT ?) UPDATE " + TABLE + " SET status = 'SENDING', lease_owner = ?,"
                + " lease_until = ?, attempts = attempts + 1 WHERE (account, idem_key) IN (SELECT account, idem_key FROM d)"
                + " RETURNING " + COLUMNS, JdbcOutboxStore::entry, now, max, now, max, max, worker, until);
    }

    @Override
    public List<OutboxEntry> claim(String worker, Instant now, Duration lease, int max) {
        Instant until = now.plus(lease);
        return Sql.call(stores, "claim outbox entries", c -> {
            return stores.dialect() == JdbcStores.Dialect.POSTGRESQL ? claimPostgres(c, worker, now, until, max)
                    : claimH2(c, worker, now, until, max);
        });
    }

    private static List<OutboxEntry> claimH2(Connection c, String worker, Instant now, Instant until, int max)
            throws SQLException {
        // entries of dead workers first (few: at most the workers' concurrency), then the oldest PENDING ones, each
        // by its own index range (status, next_attempt_at) read only as far as the limit
        List<OutboxEntry> candidates = new ArrayList<>(Sql.query(c, "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE "
                + DUE_SENDING + " ORDER BY next_attempt_at LIMIT ?", JdbcOutboxStore::entry, now, max));
        if (candidates.size() < max) {
            candidates.addAll(Sql.query(c, "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE " + DUE_PENDING
                    + " ORDER BY next_attempt_at LIMIT ?", JdbcOutboxStore::entry, now, max - candidates.size()));
        }
        List<OutboxEntry> claimed = new ArrayList<>();
        for (OutboxEntry e : candidates) {
            // re-checks "still due" and "unchanged since read" (every claim adds an attempt, every return to
            // PENDING moves next_attempt_at): of two workers racing for one entry only one updates it, and
            // the entry claimed is the one read, so it needs no second read
            if (Sql.update(c, "UPDATE " + TABLE + " SET status = 'SENDING', lease_owner = ?, lease_until = ?,"
                    + " attempts = attempts + 1 WHERE account = ? AND idem_key = ? AND attempts = ?"
                    + " AND next_attempt_at = ? AND (" + DUE + ")",
                    worker, until, e.account(), e.key(), e.attempts(), e.nextAttemptAt(), now, now) == 1) {
                claimed.add(e.claimedBy(worker, until));
            }
        }
        return claimed;
    }

    @Override
    public boolean update(OutboxEntry e, String worker) {
        return Sql.call(stores, "record outbox entry '" + e.key() + "'", c -> Sql.update(c, UPDATE, updateParams(e, worker)) == 1);
    }

    /**
     * One round trip on PostgreSQL (the key's outcome in a {@code WITH} clause of the entry's update), one
     * transaction on H2, when {@code keys} is the idempotency store of this database; else as the default.
     */
    @Override
    public boolean update(OutboxEntry e, String worker, IdempotencyStore keys, IdempotencyRecord keyOutcome) {
        if (!(keys instanceof JdbcIdempotencyStore k) || !k.sameDatabase(stores)) {
            return OutboxStore.super.update(e, worker, keys, keyOutcome);
        }
        String what = "record outbox entry '" + e.key() + "' and the outcome of its key";
        Object[] key = JdbcIdempotencyStore.completeParams(keyOutcome);
        Object[] entry = updateParams(e, worker);
        if (stores.dialect() == JdbcStores.Dialect.POSTGRESQL) {
            Object[] both = java.util.Arrays.copyOf(key, key.length + entry.length);
            System.arraycopy(entry, 0, both, key.length, entry.length);
            // a data-modifying WITH runs once and to completion whether or not the main statement reads it
            return Sql.call(stores, what, c -> Sql.update(c, "WITH k AS (" + JdbcIdempotencyStore.COMPLETE + ") " + UPDATE,
                    both) == 1);
        }
        // H2: outcomes recorded at the same time share one transaction (a commit is H2's cost of a small write)
        return outcomes.write(what, c -> {
            Sql.update(c, JdbcIdempotencyStore.COMPLETE, key);
            return Sql.update(c, UPDATE, entry) == 1;
        });
    }

    private static Object[] updateParams(OutboxEntry e, String worker) {
        return new Object[] {e.status().name(), e.attempts(), e.nextAttemptAt(), e.leaseOwner(), e.leaseUntil(), ref(e),
                Sql.clip(e.error(), MAX_ERROR), e.account(), e.key(), worker};
    }

    @Override
    public Optional<OutboxEntry> find(String account, String key) {
        return Sql.call(stores, "read outbox entry '" + key + "'", c -> find(c, account, key));
    }

    private static Optional<OutboxEntry> find(Connection c, String account, String key) throws SQLException {
        return Sql.queryOne(c, "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE account = ? AND idem_key = ?",
                JdbcOutboxStore::entry, account, key);
    }

    @Override
    public List<OutboxEntry> list(OutboxStatus status, int limit) {
        return Sql.call(stores, "list outbox entries", c -> status == null
                ? Sql.query(c, "SELECT " + COLUMNS + " FROM " + TABLE + " ORDER BY created_at, account, idem_key LIMIT ?",
                        JdbcOutboxStore::entry, limit)
                : Sql.query(c, "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE status = ?"
                        + " ORDER BY created_at, account, idem_key LIMIT ?", JdbcOutboxStore::entry, status.name(), limit));
    }

    @Override
    public Map<String, Long> pendingCounts() {
        return Sql.call(stores, "count waiting outbox entries", c -> {
            Map<String, Long> counts = new HashMap<>();
            Sql.query(c, "SELECT account, COUNT(*) FROM " + TABLE + " WHERE status IN ('PENDING', 'SENDING')"
                    + " GROUP BY account", r -> counts.put(r.getString(1), r.getLong(2)));
            return counts;
        });
    }

    private static String ref(OutboxEntry e) {
        return e.result() == null ? null : e.result().toString();
    }

    private static OutboxEntry entry(ResultSet r) throws SQLException {
        ConversationRef to = ConversationRef.parse(r.getString("conversation"));
        OutgoingMessage message = new OutgoingMessage(r.getString("body"), attachments(r.getString("attachments")),
                r.getString("idem_key"));
        String ref = r.getString("result_ref");
        return new OutboxEntry(to, message, OutboxStatus.valueOf(r.getString("status")), r.getInt("attempts"),
                Sql.instant(r, "created_at"), Sql.instant(r, "next_attempt_at"), r.getString("lease_owner"),
                Sql.instant(r, "lease_until"), ref == null ? null : MessageRef.parse(ref), r.getString("error"));
    }

    private static String attachments(OutgoingMessage message) {
        if (message.attachments().isEmpty()) {
            return null;
        }
        ArrayNode all = JSON.createArrayNode();
        for (OutgoingMessage.Attachment a : message.attachments()) {
            ObjectNode o = all.addObject();
            o.put("name", a.name());
            o.put("contentType", a.contentType());
            o.put("kind", a.kind().name());
            o.put("data", Base64.getEncoder().encodeToString(a.data()));
        }
        return all.toString();
    }

    private static List<OutgoingMessage.Attachment> attachments(String json) throws SQLException {
        if (json == null) {
            return List.of();
        }
        try {
            List<OutgoingMessage.Attachment> out = new ArrayList<>();
            for (JsonNode o : JSON.readTree(json)) {
                out.add(new OutgoingMessage.Attachment(o.path("name").asText(), o.path("contentType").asText(),
                        MessageKind.valueOf(o.path("kind").asText()), Base64.getDecoder().decode(o.path("data").asText())));
            }
            return out;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new SQLException("unreadable attachments column", e);
        }
    }

    @Override
    public String toString() {
        return "JdbcOutboxStore[" + stores.dialect() + "]";
    }
}
