package io.chatgateway.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.ResiliencePolicy;
import io.chatgateway.SendResult;
import io.chatgateway.fake.FakeProvider;
import io.chatgateway.fake.TestTime;
import io.chatgateway.outbox.Outbox;
import io.chatgateway.outbox.OutboxOptions;
import io.chatgateway.outbox.OutboxStatus;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The store work an outbox delivery costs, counted at the JDBC boundary (statements prepared, connections
 * borrowed, commits): the outbox's throughput on a database is bound by its round trips per delivery, which
 * a loaded machine cannot hide the way it hides wall-clock gains.
 */
class OutboxStatementsTest {

    private static final ConversationRef TO = new ConversationRef("acc", "c1");
    private static final int ENTRIES = 400;

    /** Counts what goes through a data source. */
    static final class Counting {
        final AtomicLong statements = new AtomicLong();
        final AtomicLong connections = new AtomicLong();
        /** Statements run in auto-commit mode plus explicit commits: each is a transaction (a log write when it writes). */
        final AtomicLong transactions = new AtomicLong();

        DataSource wrap(DataSource target) {
            return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                    forward(target, (m, result) -> {
                        if (m.equals("getConnection")) {
                            connections.incrementAndGet();
                            Connection c = (Connection) result;
                            return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                                    forward(c, (cm, r) -> {
                                        if (cm.equals("prepareStatement") || cm.equals("createStatement")) {
                                            statements.incrementAndGet();
                                            if (c.getAutoCommit()) {
                                                transactions.incrementAndGet(); // a statement that commits itself
                                            }
                                        } else if (cm.equals("commit")) {
                                            transactions.incrementAndGet();
                                        }
                                        return r;
                                    }));
                        }
                        return result;
                    }));
        }

        private interface After {
            Object on(String method, Object result) throws Exception;
        }

        private static InvocationHandler forward(Object target, After after) {
            return (proxy, method, args) -> {
                try {
                    return after.on(method.getName(), method.invoke(target, args));
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            };
        }

        long[] snapshot() {
            return new long[] {statements.get(), connections.get(), transactions.get()};
        }
    }

    static Stream<Arguments> cases() {
        // an instant provider (claims of whole batches), and one answering after 20 ms as in OutboxBenchmark
        // (claims of the slots freed meanwhile)
        return Stream.of(Arguments.of("H2", 0), Arguments.of("PostgreSQL", 0), Arguments.of("H2", 20),
                Arguments.of("PostgreSQL", 20));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void should_write_the_outcome_of_a_delivery_and_of_its_key_in_one_round_trip(String database, int latencyMillis) {
        JdbcStores pooled = database.equals("H2") ? TestDatabases.h2() : TestDatabases.postgres();
        Counting counting = new Counting();
        TestTime time = new TestTime();
        FakeProvider p = FakeProvider.allNative();
        AtomicInteger sent = new AtomicInteger();
        java.util.concurrent.Executor later = CompletableFuture.delayedExecutor(latencyMillis, TimeUnit.MILLISECONDS);
        p.send = (to, m) -> {
            SendResult r = new SendResult(to.message("m" + sent.incrementAndGet()), null, null, false);
            return latencyMillis == 0 ? CompletableFuture.completedFuture(r) : CompletableFuture.supplyAsync(() -> r, later);
        };
        try (pooled; JdbcStores stores = JdbcStores.on(counting.wrap(pooled.dataSource()));
             ChatGateway g = ChatGateway.builder().providers(p.factory()).account("acc", new FakeProvider.Config())
                     .idempotencyStore(stores.idempotency()).clock(time).sleeper(time)
                     .defaultPolicy(ResiliencePolicy.custom().maxAttempts(1).build()).build();
             Outbox outbox = g.outbox(OutboxOptions.defaults().withStore(stores.outbox()).withWorkerId("w")
                     .withConcurrency(64).withLease(Duration.ofHours(1)))) {
            for (int i = 0; i < ENTRIES; i++) {
                outbox.submit(TO, OutgoingMessage.text("order " + i).withIdempotencyKey("o-" + i));
            }
            long[] before = counting.snapshot();
            assertThat(outbox.drain(Duration.ofMinutes(5))).isEqualTo(ENTRIES);
            long[] after = counting.snapshot();
            assertThat(outbox.entries(OutboxStatus.SENT, 10_000)).hasSize(ENTRIES);
            double statements = (after[0] - before[0]) / (double) ENTRIES;
            double connections = (after[1] - before[1]) / (double) ENTRIES;
            double transactions = (after[2] - before[2]) / (double) ENTRIES;
            System.out.printf(java.util.Locale.ROOT, "OutboxStatementsTest %s, provider %d ms: per delivered entry %.2f"
                    + " statements, %.2f connections borrowed, %.2f transactions (%d entries)%n", database, latencyMillis,
                    statements, connections, transactions, ENTRIES);
            assertThat(sent.get()).isEqualTo(ENTRIES);
            // before the key was reserved with the claim and its outcome written with the entry's: H2 6.05 statements,
            // 3.05 connections and 6.05 transactions per delivery; PostgreSQL 3.07, 3.07 and 3.07 (claim share,
            // key reservation, key outcome, entry outcome)
            double claims = latencyMillis == 0 ? 0 : 0.5; // smaller batches: the slots free as answers come
            assertThat(statements).as("statements per delivery").isLessThan((database.equals("H2") ? 4.5 : 1.5) + claims);
            assertThat(connections).as("connections borrowed per delivery").isLessThan(1.5 + claims);
            assertThat(transactions).as("transactions per delivery").isLessThan(1.5 + claims);
        }
    }
}
