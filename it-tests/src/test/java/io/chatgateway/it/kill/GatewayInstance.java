package io.chatgateway.it.kill;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.ReconcileOptions;
import io.chatgateway.outbox.Outbox;
import io.chatgateway.outbox.OutboxOptions;
import io.chatgateway.inbox.Inbox;
import io.chatgateway.inbox.InboxEvent;
import io.chatgateway.inbox.InboxOptions;
import io.chatgateway.inbox.InboxStart;
import io.chatgateway.inbox.InboxSubscription;
import io.chatgateway.store.jdbc.JdbcStores;
import io.chatgateway.testkit.ChildJvm;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * One gateway instance of a kill proof, the same code in the test JVM and in a child JVM ({@link #main}).
 * Settings are {@code kill.*} keys; {@code chatgateway.*} keys configure the gateway. The child prints
 * {@code READY} once it runs; the inbox handler records every call in table {@code handled} of the same
 * database before it returns, so what was handled survives a SIGKILL.
 */
final class GatewayInstance {

    static final String DB = "kill.db";
    static final String OWNER = "kill.owner";
    static final String HANG_ON = "kill.hangOn";
    static final String LEASE_TTL_MS = "kill.leaseTtlMs";
    static final String POLL_MS = "kill.pollMs";
    static final String BATCH = "kill.batch";
    static final String START_MS = "kill.startMs";
    static final String WORKER = "kill.worker";
    static final String ACCOUNT = "kill.account";
    static final String TRACKERS = "kill.trackers";
    static final String SUBMIT = "kill.submit";
    static final String LEASE_MS = "kill.leaseMs";
    static final String DRAIN = "kill.drain";
    static final String START_WORKERS = "kill.startWorkers";

    private GatewayInstance() {
    }

    /** @param args {@code inbox} @throws Exception when the instance cannot start */
    public static void main(String[] args) throws Exception {
        ChildJvm.exitWhenParentDies();
        Map<String, String> settings = new HashMap<>();
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("kill.") || k.startsWith("chatgateway."))
                .forEach(k -> settings.put(k, System.getProperty(k)));
        if (args.length == 1 && args[0].equals("inbox")) {
            inbox(settings);
            System.out.println("READY");
            new CountDownLatch(1).await(); // runs until killed
        } else if (args.length == 1 && args[0].equals("outbox")) {
            boolean drain = Boolean.parseBoolean(settings.get(DRAIN));
            boolean workers = !drain && !"false".equals(settings.get(START_WORKERS));
            try (OutboxInstance instance = outbox(settings, workers)) {
                System.out.println("READY");
                System.out.println("SUBMITTED " + instance.submitAll());
                if (drain) {
                    int finished = instance.outbox().drain(Duration.ofMinutes(5));
                    System.out.println("DONE " + finished);
                    return;
                }
                new CountDownLatch(1).await(); // runs until killed
            }
        } else {
            throw new IllegalArgumentException("usage: GatewayInstance inbox|outbox");
        }
    }

    /** Creates the table the handlers record into (idempotent). */
    static void createHandledTable(String url) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS handled (event_id VARCHAR(512) NOT NULL, event_type VARCHAR(32) NOT NULL,"
                    + " account VARCHAR(64) NOT NULL, text VARCHAR(512), instance VARCHAR(64) NOT NULL, handled_at BIGINT NOT NULL)");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create table handled on " + url, e);
        }
    }

    /**
     * Starts an inbox on every account of the gateway whose handler records each call in {@code handled}, and
     * hangs (never returns) on the event whose message text is {@code kill.hangOn}, after printing
     * {@code HANG <eventId>}.
     *
     * @return the running gateway, inbox and subscription, closed together
     */
    static AutoCloseable inbox(Map<String, String> settings) throws SQLException {
        String url = settings.get(DB);
        String owner = settings.get(OWNER);
        String hangOn = settings.get(HANG_ON);
        ChatGateway gateway = ChatGateway.builder().properties(gatewayProperties(settings)).build();
        // authenticate and load the adapters' code first: on a busy machine a cold first call can outlast the lease
        for (String account : gateway.accounts()) {
            gateway.conversations(io.chatgateway.ConversationQuery.forAccount(account).build()).items();
        }
        Connection record = DriverManager.getConnection(url);
        JdbcStores stores = JdbcStores.url(url);
        Duration poll = Duration.ofMillis(Long.parseLong(settings.get(POLL_MS)));
        Inbox inbox = gateway.inbox(InboxOptions.builder()
                .store(stores.inbox())
                .owner(owner)
                .start(InboxStart.at(Instant.ofEpochMilli(Long.parseLong(settings.get(START_MS)))))
                .pollInterval(poll).minPollInterval(poll).maxPollInterval(poll)
                .leaseTtl(Duration.ofMillis(Long.parseLong(settings.get(LEASE_TTL_MS))))
                .batchSize(Integer.parseInt(settings.get(BATCH)))
                .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                .build());
        InboxSubscription subscription = inbox.start(event -> {
            String text = event.message() != null ? event.message().text() : null;
            if (hangOn != null && hangOn.equals(text)) {
                System.out.println("HANG " + event.eventId());
                new CountDownLatch(1).await(); // mid-batch until the test kills this JVM
            }
            handled(record, event, owner, text);
        });
        return () -> {
            subscription.close();
            inbox.close();
            gateway.close();
            stores.close();
            record.close();
        };
    }

    /**
     * A gateway with a durable idempotency store and an outbox on {@code kill.db}, worker {@code kill.worker},
     * lease {@code kill.leaseMs}; its workers started when {@code start}.
     */
    static OutboxInstance outbox(Map<String, String> settings, boolean start) {
        JdbcStores stores = JdbcStores.url(settings.get(DB));
        ChatGateway gateway = ChatGateway.builder().properties(gatewayProperties(settings))
                .idempotencyStore(stores.idempotency()).build();
        Outbox outbox = gateway.outbox(OutboxOptions.defaults().withStore(stores.outbox())
                .withWorkerId(settings.get(WORKER)).withConcurrency(8).withMaxAttempts(100)
                .withLease(Duration.ofMillis(Long.parseLong(settings.get(LEASE_MS))))
                .withBackoff(Duration.ofMillis(500), Duration.ofSeconds(5)).withPollInterval(Duration.ofMillis(100))
                .withReconcile(ReconcileOptions.DEFAULT.withInterval(Duration.ofMillis(500))));
        if (start) {
            outbox.start();
        }
        return new OutboxInstance(gateway, outbox, stores, settings);
    }

    /** The message with index {@code i} of a run: unique text and key, spread over the trackers. */
    static OutgoingMessage message(int i) {
        return OutgoingMessage.text("order-" + i).withIdempotencyKey("k-" + i);
    }

    /** One outbox instance: submits its share ({@code kill.submit} = {@code from:to:step}, to exclusive). */
    record OutboxInstance(ChatGateway gateway, Outbox outbox, JdbcStores stores, Map<String, String> settings)
            implements AutoCloseable {

        /** @return how many messages were submitted (each durable when counted) */
        int submitAll() {
            String[] range = settings.get(SUBMIT).split(":");
            String[] trackers = settings.get(TRACKERS).split(",");
            String account = settings.get(ACCOUNT);
            int n = 0;
            for (int i = Integer.parseInt(range[0]); i < Integer.parseInt(range[1]); i += Integer.parseInt(range[2])) {
                outbox.submit(new ConversationRef(account, trackers[i % trackers.length]), message(i));
                n++;
            }
            return n;
        }

        @Override
        public void close() {
            outbox.close();
            gateway.close();
            stores.close();
        }
    }

    private static Properties gatewayProperties(Map<String, String> settings) {
        Properties props = new Properties();
        settings.forEach((k, v) -> {
            if (k.startsWith("chatgateway.")) {
                props.setProperty(k, v);
            }
        });
        return props;
    }

    private static void handled(Connection record, InboxEvent event, String owner, String text) throws SQLException {
        synchronized (record) {
            try (PreparedStatement ps = record.prepareStatement("INSERT INTO handled VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, event.eventId());
                ps.setString(2, event.type().name());
                ps.setString(3, event.conversation().account());
                ps.setString(4, text);
                ps.setString(5, owner);
                ps.setLong(6, System.currentTimeMillis());
                ps.executeUpdate();
            }
        }
    }
}
