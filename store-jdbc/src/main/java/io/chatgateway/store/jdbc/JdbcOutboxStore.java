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
import io.chatgateway.store.OutboxStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
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

/**
 * {@link OutboxStore} on table {@code chatgw_outbox}. Claims are one statement per entry that re-checks the
 * entry is still due ({@code UPDATE … WHERE status = 'PENDING' AND next_attempt_at <= now OR status = 'SENDING'
 * AND lease_until <= now}), so two workers never hold one entry; on PostgreSQL the candidates are picked with
 * {@code FOR UPDATE SKIP LOCKED}, so concurrent workers take disjoint batches without waiting. Thread-safe.
 */
final class JdbcOutboxStore implements OutboxStore {

    private static final String COLUMNS = "account, idem_key, conversation, body, attachments, status, attempts,"
            + " created_at, next_attempt_at, lease_owner, lease_until, result_ref, error";
    private static final String DUE = "(status = 'PENDING' AND next_attempt_at <= ?) OR (status = 'SENDING' AND lease_until <= ?)";
    private static final int MAX_ERROR = 4000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcStores stores;

    JdbcOutboxStore(JdbcStores stores) {
        this.stores = stores;
    }

    @Override
    public OutboxEntry add(OutboxEntry entry) {
        try (Connection c = stores.connection()) {
            c.setAutoCommit(true);
            boolean postgres = stores.dialect() == JdbcStores.Dialect.POSTGRESQL;
            try (PreparedStatement i = c.prepareStatement("INSERT INTO chatgw_outbox (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + (postgres ? " ON CONFLICT (account, idem_key) DO NOTHING" : ""))) {
                i.setString(1, entry.account());
                i.setString(2, entry.key());
                i.setString(3, entry.to().toString());
                i.setString(4, entry.message().text());
                Sql.setNullable(i, 5, attachments(entry.message()));
                i.setString(6, entry.status().name());
                i.setInt(7, entry.attempts());
                i.setLong(8, entry.createdAt().toEpochMilli());
                i.setLong(9, entry.nextAttemptAt().toEpochMilli());
                Sql.setNullable(i, 10, entry.leaseOwner());
                Sql.setNullable(i, 11, entry.leaseUntil());
                Sql.setNullable(i, 12, entry.result() == null ? null : entry.result().toString());
                Sql.setNullable(i, 13, clip(entry.error()));
                if (i.executeUpdate() == 1) {
                    return entry;
                }
            } catch (SQLException e) {
                if (!Sql.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
            }
            return find(c, entry.account(), entry.key())
                    .orElseThrow(() -> new SQLException("outbox entry '" + entry.key() + "' vanished after a conflict"));
        } catch (SQLException e) {
            throw Sql.unavailable("add outbox entry '" + entry.key() + "'", e);
        }
    }

    @Override
    public List<OutboxEntry> claim(String worker, Instant now, Duration lease, int max) {
        long at = now.toEpochMilli();
        long until = now.plus(lease).toEpochMilli();
        try (Connection c = stores.connection()) {
            c.setAutoCommit(true);
            if (stores.dialect() == JdbcStores.Dialect.POSTGRESQL) {
                try (PreparedStatement u = c.prepareStatement("UPDATE chatgw_outbox SET status = 'SENDING',"
                        + " lease_owner = ?, lease_until = ?, attempts = attempts + 1 WHERE (account, idem_key) IN"
                        + " (SELECT account, idem_key FROM chatgw_outbox WHERE " + DUE
                        + " ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS)) {
                    u.setString(1, worker);
                    u.setLong(2, until);
                    u.setLong(3, at);
                    u.setLong(4, at);
                    u.setInt(5, max);
                    List<OutboxEntry> claimed = new ArrayList<>();
                    try (ResultSet r = u.executeQuery()) {
                        while (r.next()) {
                            claimed.add(entry(r));
                        }
                    }
                    return claimed;
                }
            }
            List<String[]> candidates = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT account, idem_key FROM chatgw_outbox WHERE " + DUE
                    + " ORDER BY next_attempt_at LIMIT ?")) {
                q.setLong(1, at);
                q.setLong(2, at);
                q.setInt(3, max);
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        candidates.add(new String[] {r.getString(1), r.getString(2)});
                    }
                }
            }
            List<OutboxEntry> claimed = new ArrayList<>();
            try (PreparedStatement u = c.prepareStatement("UPDATE chatgw_outbox SET status = 'SENDING', lease_owner = ?,"
                    + " lease_until = ?, attempts = attempts + 1 WHERE account = ? AND idem_key = ? AND (" + DUE + ")")) {
                for (String[] k : candidates) {
                    u.setString(1, worker);
                    u.setLong(2, until);
                    u.setString(3, k[0]);
                    u.setString(4, k[1]);
                    u.setLong(5, at);
                    u.setLong(6, at);
                    if (u.executeUpdate() == 1) {
                        find(c, k[0], k[1]).ifPresent(claimed::add);
                    }
                }
            }
            return claimed;
        } catch (SQLException e) {
            throw Sql.unavailable("claim outbox entries", e);
        }
    }

    @Override
    public boolean update(OutboxEntry entry, String worker) {
        try (Connection c = stores.connection();
             PreparedStatement u = c.prepareStatement("UPDATE chatgw_outbox SET status = ?, attempts = ?,"
                     + " next_attempt_at = ?, lease_owner = ?, lease_until = ?, result_ref = ?, error = ?"
                     + " WHERE account = ? AND idem_key = ? AND status = 'SENDING' AND lease_owner = ?")) {
            u.setString(1, entry.status().name());
            u.setInt(2, entry.attempts());
            u.setLong(3, entry.nextAttemptAt().toEpochMilli());
            Sql.setNullable(u, 4, entry.leaseOwner());
            Sql.setNullable(u, 5, entry.leaseUntil());
            Sql.setNullable(u, 6, entry.result() == null ? null : entry.result().toString());
            Sql.setNullable(u, 7, clip(entry.error()));
            u.setString(8, entry.account());
            u.setString(9, entry.key());
            u.setString(10, worker);
            return u.executeUpdate() == 1;
        } catch (SQLException e) {
            throw Sql.unavailable("record outbox entry '" + entry.key() + "'", e);
        }
    }

    @Override
    public Optional<OutboxEntry> find(String account, String key) {
        try (Connection c = stores.connection()) {
            return find(c, account, key);
        } catch (SQLException e) {
            throw Sql.unavailable("read outbox entry '" + key + "'", e);
        }
    }

    private static Optional<OutboxEntry> find(Connection c, String account, String key) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS
                + " FROM chatgw_outbox WHERE account = ? AND idem_key = ?")) {
            q.setString(1, account);
            q.setString(2, key);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Optional.of(entry(r)) : Optional.empty();
            }
        }
    }

    @Override
    public List<OutboxEntry> list(OutboxStatus status, int limit) {
        try (Connection c = stores.connection();
             PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS + " FROM chatgw_outbox"
                     + (status == null ? "" : " WHERE status = ?") + " ORDER BY created_at, account, idem_key LIMIT ?")) {
            int i = 1;
            if (status != null) {
                q.setString(i++, status.name());
            }
            q.setInt(i, limit);
            List<OutboxEntry> out = new ArrayList<>();
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    out.add(entry(r));
                }
            }
            return out;
        } catch (SQLException e) {
            throw Sql.unavailable("list outbox entries", e);
        }
    }

    @Override
    public Map<String, Long> pendingCounts() {
        try (Connection c = stores.connection();
             PreparedStatement q = c.prepareStatement("SELECT account, COUNT(*) FROM chatgw_outbox"
                     + " WHERE status IN ('PENDING', 'SENDING') GROUP BY account")) {
            Map<String, Long> counts = new HashMap<>();
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    counts.put(r.getString(1), r.getLong(2));
                }
            }
            return counts;
        } catch (SQLException e) {
            throw Sql.unavailable("count waiting outbox entries", e);
        }
    }

    private static OutboxEntry entry(ResultSet r) throws SQLException {
        ConversationRef to = ConversationRef.parse(r.getString("conversation"));
        OutgoingMessage message = new OutgoingMessage(r.getString("body"), attachments(r.getString("attachments")),
                r.getString("idem_key"));
        long leaseUntil = r.getLong("lease_until");
        Instant lease = r.wasNull() ? null : Instant.ofEpochMilli(leaseUntil);
        String ref = r.getString("result_ref");
        return new OutboxEntry(to, message, OutboxStatus.valueOf(r.getString("status")), r.getInt("attempts"),
                Instant.ofEpochMilli(r.getLong("created_at")), Instant.ofEpochMilli(r.getLong("next_attempt_at")),
                r.getString("lease_owner"), lease, ref == null ? null : MessageRef.parse(ref), r.getString("error"));
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

    private static String clip(String text) {
        return text == null || text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR);
    }




    @Override
    public String toString() {
        return "JdbcOutboxStore[" + stores.dialect() + "]";
    }
}
