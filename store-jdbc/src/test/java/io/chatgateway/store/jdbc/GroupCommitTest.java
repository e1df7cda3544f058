package io.chatgateway.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.store.StoreUnavailableException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Writes arriving during a commit share the next one; each writer gets its own result; a failure is all-or-nothing. */
class GroupCommitTest {

    @Test
    void should_give_every_writer_its_own_result_and_commit_concurrent_writes_together() throws Exception {
        OutboxStatementsTest.Counting counting = new OutboxStatementsTest.Counting();
        try (JdbcStores pooled = TestDatabases.h2(); JdbcStores stores = JdbcStores.on(counting.wrap(pooled.dataSource()))) {
            Sql.call(stores, "create", c -> Sql.update(c, "CREATE TABLE t (id INT PRIMARY KEY)"));
            GroupCommit group = new GroupCommit(stores);
            long transactionsBefore = counting.snapshot()[2];
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < 800; i++) {
                    int id = i;
                    results.add(pool.submit(() -> group.write("insert " + id,
                            c -> Sql.update(c, "INSERT INTO t (id) VALUES (?)", id) == 1 && id % 2 == 0)));
                }
                for (int i = 0; i < 800; i++) {
                    assertThat(results.get(i).get()).as("result of write " + i).isEqualTo(i % 2 == 0);
                }
            } finally {
                pool.shutdownNow();
            }
            long transactions = counting.snapshot()[2] - transactionsBefore;
            assertThat(rows(stores)).isEqualTo(800);
            System.out.println("GroupCommitTest: 800 writes from 16 threads in " + transactions + " transactions");
            assertThat(transactions).as("commits shared by concurrent writes").isLessThan(800);
        }
    }

    @Test
    void should_fail_a_group_whole_and_write_nothing_of_it() {
        try (JdbcStores stores = TestDatabases.h2()) {
            Sql.call(stores, "create", c -> Sql.update(c, "CREATE TABLE t (id INT PRIMARY KEY)"));
            GroupCommit group = new GroupCommit(stores);
            assertThatThrownBy(() -> group.write("insert twice", c -> {
                Sql.update(c, "INSERT INTO t (id) VALUES (1)");
                throw new SQLException("refused");
            })).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("insert twice");
            assertThat(rows(stores)).as("rolled back").isZero();
            assertThat(group.write("insert", c -> Sql.update(c, "INSERT INTO t (id) VALUES (2)") == 1))
                    .as("the next group writes").isTrue();
        }
    }

    private static int rows(JdbcStores stores) {
        List<Integer> counts = Sql.call(stores, "count", c -> Sql.query(c, "SELECT COUNT(*) FROM t", r -> r.getInt(1)));
        return counts.get(0);
    }
}
