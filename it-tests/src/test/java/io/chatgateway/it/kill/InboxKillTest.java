package io.chatgateway.it.kill;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatgateway.store.InboxStore;
import io.chatgateway.store.jdbc.JdbcStores;
import io.chatgateway.store.jdbc.TestDatabases;
import io.chatgateway.testkit.ChildJvm;
import io.chatgateway.testkit.ProviderSimulator;
import io.chatgateway.testkit.ProviderSimulatorFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #14's multi-instance proof: two gateway instances on one PostgreSQL read the same four accounts
 * (two Navixy, one SMSBAT, one QuickBlox simulator in this JVM); instance B runs in a child JVM and is killed
 * with SIGKILL while it is in the middle of a batch. Every event is handled by exactly one instance, except
 * the events of the batch B was killed in, which A hands to its handler again after taking over.
 */
class InboxKillTest {

    private static final Duration LEASE_TTL = Duration.ofSeconds(4);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int BATCH = 10;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String HANG = "p2-nav1-13";
    private static final List<String> ACCOUNTS = List.of("nav1", "nav2", "sms", "qb");
    private static final Set<String> OF_A = Set.of("nav2", "qb");
    private static final Set<String> OF_B = Set.of("nav1", "sms");

    private static final Map<String, ProviderSimulator> SIMULATORS = new LinkedHashMap<>();

    @BeforeAll
    static void startSimulators() {
        Map<String, ProviderSimulatorFactory> factories = new HashMap<>();
        ServiceLoader.load(ProviderSimulatorFactory.class).forEach(f -> factories.put(f.providerId(), f));
        Map<String, String> provider = Map.of("nav1", "navixy", "nav2", "navixy", "sms", "smsbat", "qb", "quickblox");
        for (String account : ACCOUNTS) {
            ProviderSimulator sim = factories.get(provider.get(account)).start(0);
            sim.seedDemoData();
            SIMULATORS.put(account, sim);
        }
    }

    @AfterAll
    static void stopSimulators() {
        SIMULATORS.values().forEach(ProviderSimulator::close);
    }

    @Test
    void should_hand_each_event_to_one_instance_and_let_the_other_take_over_a_killed_instance_within_the_lease_ttl()
            throws Exception {
        String url = TestDatabases.freshPostgresUrl();
        GatewayInstance.createHandledTable(url);
        Map<String, String> settings = new HashMap<>();
        settings.put(GatewayInstance.DB, url);
        settings.put(GatewayInstance.LEASE_TTL_MS, Long.toString(LEASE_TTL.toMillis()));
        settings.put(GatewayInstance.POLL_MS, Long.toString(POLL.toMillis()));
        settings.put(GatewayInstance.BATCH, Integer.toString(BATCH));
        settings.put(GatewayInstance.START_MS, Long.toString(Instant.now().toEpochMilli()));
        SIMULATORS.forEach((account, sim) -> settings.putAll(sim.accountProperties(account)));

        // which instance reads which account is made deterministic: A's two accounts are leased under A's name
        // before B starts (A's inbox then renews them as their owner), so B can only take the other two
        try (JdbcStores stores = JdbcStores.url(url)) {
            InboxStore store = stores.inbox();
            for (String account : OF_A) {
                assertThat(store.tryAcquire("default", account, "instance-a", Duration.ofSeconds(60))).isPresent();
            }
        }
        List<String> texts = new ArrayList<>();
        ChildJvm b = ChildJvm.builder(GatewayInstance.class).name("inbox-b").systemProperties(settings)
                .systemProperty(GatewayInstance.OWNER, "instance-b").systemProperty(GatewayInstance.HANG_ON, HANG)
                .args("inbox").start();
        try (b) {
            b.awaitLine("READY", Duration.ofSeconds(60));
            Await.until("B holds nav1 and sms", WAIT, () -> OF_B.stream().allMatch(a -> "instance-b".equals(leaseOwner(url, a))));
            Map<String, String> ofA = new HashMap<>(settings);
            ofA.put(GatewayInstance.OWNER, "instance-a");
            try (AutoCloseable a = GatewayInstance.inbox(ofA)) {
                // phase 1: both instances run; each event is handled once, by the owner of its account
                for (String account : ACCOUNTS) {
                    texts.addAll(add(account, "p1-" + account + "-", 5));
                }
                awaitHandled(url, texts);
                Map<String, List<Row>> phase1 = byText(rows(url));
                for (String account : ACCOUNTS) {
                    for (int i = 0; i < 5; i++) {
                        assertThat(phase1.get("p1-" + account + "-" + i)).singleElement()
                                .satisfies(r -> assertThat(r.instance())
                                        .isEqualTo(OF_A.contains(account) ? "instance-a" : "instance-b"));
                    }
                }

                // phase 2: a backlog of 25 in nav1 (batches of 10); B hangs on the 14th, mid-batch, and is killed
                texts.addAll(add("nav1", "p2-nav1-", 25));
                for (String account : List.of("sms", "nav2", "qb")) {
                    texts.addAll(add(account, "p2-" + account + "-", 5));
                }
                b.awaitLine("HANG", WAIT);
                long killedAt = System.currentTimeMillis();
                assertThat(b.kill()).as("SIGKILL").isEqualTo(137);
                awaitHandled(url, texts);
                long takeover = rows(url).stream()
                        .filter(r -> r.instance().equals("instance-a") && OF_B.contains(r.account()) && r.at() >= killedAt)
                        .mapToLong(Row::at).min().orElseThrow() - killedAt;
                System.out.println("InboxKillTest: instance A handled B's first event " + takeover
                        + " ms after the SIGKILL (lease TTL " + LEASE_TTL.toMillis() + " ms, poll " + POLL.toMillis() + " ms)");
                assertThat(takeover).as("failover within the lease TTL (plus one retry and one poll)")
                        .isLessThanOrEqualTo(LEASE_TTL.plus(LEASE_TTL.dividedBy(3)).plus(POLL).plusSeconds(1).toMillis());

                // phase 3: A alone reads all four accounts
                for (String account : ACCOUNTS) {
                    texts.addAll(add(account, "p3-" + account + "-", 3));
                }
                awaitHandled(url, texts);
            }
            assertEveryEventHandledOnceExceptTheKilledBatch(url, texts);
        } catch (AssertionError | RuntimeException e) {
            b.lines().forEach(line -> System.out.println("[inbox-b] " + line));
            rows(url).forEach(r -> System.out.println("[handled] " + r));
            throw e;
        }
    }

    private static void assertEveryEventHandledOnceExceptTheKilledBatch(String url, List<String> texts) {
        List<Row> all = rows(url);
        Map<String, List<Row>> byEvent = all.stream().collect(Collectors.groupingBy(Row::eventId));
        Map<String, List<Row>> twice = byEvent.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        // every other event exactly once; nothing lost: every message arrived as exactly one MESSAGE_RECEIVED event id
        Map<String, List<Row>> received = byText(all);
        assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(texts);
        received.forEach((text, rs) -> assertThat(rs.stream().map(Row::eventId).distinct()).as(text).hasSize(1));
        // duplicates: only what B handled of the batches it was killed in (one per conversation, here up to two:
        // nav1's, where it hung, and possibly sms's), each event once by B and then once by A
        assertThat(twice).as("events handled twice").isNotEmpty();
        twice.forEach((id, rs) -> {
            assertThat(rs).extracting(Row::instance).as(id).containsExactly("instance-b", "instance-a");
            assertThat(rs.get(0).account()).as(id).isIn(OF_B);
        });
        Map<String, Long> perConversation = twice.keySet().stream()
                .collect(Collectors.groupingBy(id -> id.replaceAll("[/@].*", ""), Collectors.counting()));
        assertThat(perConversation.values()).as("duplicates per conversation").allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(BATCH));
        assertThat(twice.values()).as("B was killed in the middle of nav1's batch")
                .anySatisfy(rs -> assertThat(rs.get(0).text()).startsWith("p2-nav1-"));
        assertThat(received.get(HANG)).as("the event B hung on was handled by A only").singleElement()
                .satisfies(r -> assertThat(r.instance()).isEqualTo("instance-a"));
        System.out.println("InboxKillTest: " + all.size() + " handler calls for " + byEvent.size() + " events, "
                + twice.size() + " handled twice (B's unfinished batches: " + perConversation + ")");
    }

    private static List<String> add(String account, String prefix, int n) {
        ProviderSimulator sim = SIMULATORS.get(account);
        List<String> added = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sim.addInbound(sim.demoConversation(), prefix + i);
            added.add(prefix + i);
        }
        return added;
    }

    record Row(String eventId, String type, String account, String text, String instance, long at) {
    }

    private static List<Row> rows(String url) {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement("SELECT event_id, event_type, account, text, instance, handled_at"
                     + " FROM handled ORDER BY handled_at");
             ResultSet rs = ps.executeQuery()) {
            List<Row> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getLong(6)));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return MESSAGE_RECEIVED handler calls by message text */
    private static Map<String, List<Row>> byText(List<Row> rows) {
        return rows.stream().filter(r -> r.type().equals("MESSAGE_RECEIVED") && r.text() != null)
                .collect(Collectors.groupingBy(Row::text));
    }

    private static String leaseOwner(String url, String account) {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement("SELECT owner, expires_at FROM chatgw_inbox_lease WHERE account = ?")) {
            ps.setString(1, account);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(2) > System.currentTimeMillis() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            return null; // the table is created by the first instance
        }
    }

    private static void awaitHandled(String url, List<String> texts) {
        Await.until(texts.size() + " messages handled", WAIT, () -> byText(rows(url)).keySet().containsAll(texts));
    }
}
