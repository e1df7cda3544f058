package io.chatgateway.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatgateway.ConversationRef;
import io.chatgateway.MessageKind;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.outbox.OutboxEntry;
import io.chatgateway.outbox.OutboxStatus;
import io.chatgateway.store.IdempotencyRecord;
import io.chatgateway.store.IdempotencyStore;
import io.chatgateway.store.OutboxStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One contract for every {@link OutboxStore}: core's in-memory default, H2 and PostgreSQL. */
class OutboxStoreContractTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final ConversationRef TO = new ConversationRef("acc", "c1");
    private static final Duration LEASE = Duration.ofSeconds(30);

    static Stream<OutboxStore> stores() {
        return Stream.of(OutboxStore.inMemory(), TestDatabases.h2().outbox(), TestDatabases.postgres().outbox());
    }

    private static OutboxEntry entry(String key, Instant at) {
        return OutboxEntry.submitted(TO, OutgoingMessage.text("text of " + key).withIdempotencyKey(key), at);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void should_keep_the_first_entry_of_a_key_with_its_message_exactly(OutboxStore store) {
        OutgoingMessage.Attachment photo = new OutgoingMessage.Attachment("a.png", "image/png", MessageKind.PHOTO, new byte[] {1, 2, 3});
        OutboxEntry first = OutboxEntry.submitted(TO, OutgoingMessage.text("with photo").withAttachment(photo)
                .withIdempotencyKey("k1"), T0);
        assertThat(store.add(first)).isEqualTo(first);
        OutboxEntry again = store.add(entry("k1", T0.plusSeconds(5)));
        assertThat(again.message()).isEqualTo(first.message());
        assertThat(store.find("acc", "k1")).hasValue(first);
        assertThat(store.find("acc", "nope")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void should_claim_due_entries_once_and_again_only_after_the_lease(OutboxStore store) {
        store.add(entry("due", T0));
        store.add(entry("later", T0.plusSeconds(60)));
        List<OutboxEntry> claimed = store.claim("w1", T0, LEASE, 10);
        assertThat(claimed).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo("due");
            assertThat(e.status()).isEqualTo(OutboxStatus.SENDING);
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(e.leaseOwner()).isEqualTo("w1");
            assertThat(e.leaseUntil()).isEqualTo(T0.plus(LEASE));
        });
        assertThat(store.claim("w2", T0.plusSeconds(29), LEASE, 10)).isEmpty();
        List<OutboxEntry> reclaimed = store.claim("w2", T0.plusSeconds(61), LEASE, 10);
        assertThat(reclaimed).extracting(OutboxEntry::key).containsExactlyInAnyOrder("due", "later");
        assertThat(reclaimed).filteredOn(e -> e.key().equals("due")).singleElement()
                .satisfies(e -> assertThat(e.attempts()).isEqualTo(2));
        assertThat(store.update(claimed.get(0).finished(OutboxStatus.SENT, TO.message("m1"), null), "w1"))
                .as("the first worker lost its lease").isFalse();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void should_record_outcomes_of_the_holder_and_list_by_status(OutboxStore store) {
        store.add(entry("a", T0));
        store.add(entry("b", T0.plusMillis(1)));
        store.add(entry("c", T0.plusMillis(2)));
        List<OutboxEntry> claimed = store.claim("w", T0.plusSeconds(1), LEASE, 2);
        assertThat(claimed).extracting(OutboxEntry::key).containsExactly("a", "b");
        assertThat(store.update(claimed.get(0).finished(OutboxStatus.SENT, TO.message("m/1"), null), "w")).isTrue();
        assertThat(store.update(claimed.get(1).retryAt(T0.plusSeconds(9), "busy"), "w")).isTrue();
        assertThat(store.update(claimed.get(1).finished(OutboxStatus.FAILED, null, "x"), "w"))
                .as("no longer SENDING").isFalse();
        assertThat(store.find("acc", "a").orElseThrow().sent()).hasValue(TO.message("m/1"));
        OutboxEntry b = store.find("acc", "b").orElseThrow();
        assertThat(b.status()).isEqualTo(OutboxStatus.PENDING);
        assertThat(b.error()).isEqualTo("busy");
        assertThat(b.nextAttemptAt()).isEqualTo(T0.plusSeconds(9));
        assertThat(store.list(OutboxStatus.PENDING, 10)).extracting(OutboxEntry::key).containsExactly("b", "c");
        assertThat(store.list(null, 10)).extracting(OutboxEntry::key).containsExactly("a", "b", "c");
        assertThat(store.list(null, 1)).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void should_never_give_one_entry_to_two_concurrent_workers(OutboxStore store) throws Exception {
        for (int i = 0; i < 200; i++) {
            store.add(entry("k" + i, T0));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String worker = "w" + w;
                workers.add(pool.submit((Callable<List<String>>) () -> {
                    List<String> mine = new ArrayList<>();
                    List<OutboxEntry> got;
                    while (!(got = store.claim(worker, T0, LEASE, 7)).isEmpty()) {
                        got.forEach(e -> mine.add(e.key()));
                    }
                    return mine;
                }));
            }
            List<String> all = new ArrayList<>();
            for (Future<List<String>> f : workers) {
                all.addAll(f.get());
            }
            Set<String> distinct = new HashSet<>(all);
            assertThat(all).hasSize(200);
            assertThat(distinct).hasSize(200);
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void should_count_pending_and_sending_entries_per_account(OutboxStore store) {
        store.add(entry("a", T0));
        store.add(entry("b", T0));
        store.add(entry("c", T0.plusSeconds(60)));
        store.add(OutboxEntry.submitted(new ConversationRef("other", "c9"), OutgoingMessage.text("x")
                .withIdempotencyKey("d"), T0));
        List<OutboxEntry> claimed = store.claim("w1", T0, LEASE, 10);
        OutboxEntry sent = claimed.stream().filter(e -> e.key().equals("a")).findFirst().orElseThrow();
        store.update(sent.finished(OutboxStatus.SENT, TO.message("m1"), null), "w1");
        // acc: b SENDING, c PENDING (a is SENT); other: d SENDING
        assertThat(store.pendingCounts()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("acc", 2L, "other", 1L));
    }

    static Stream<Arguments> storePairs() {
        JdbcStores h2 = TestDatabases.h2();
        JdbcStores pg = TestDatabases.postgres();
        return Stream.of(Arguments.of(OutboxStore.inMemory(), IdempotencyStore.inMemory()),
                Arguments.of(h2.outbox(), h2.idempotency()), Arguments.of(pg.outbox(), pg.idempotency()));
    }

    @ParameterizedTest
    @MethodSource("storePairs")
    void should_claim_with_the_keys_reserved_or_left_to_the_sender(OutboxStore store, IdempotencyStore keys) {
        store.add(entry("free", T0));
        store.add(entry("held", T0));
        store.add(entry("expired", T0));
        store.add(entry("later", T0.plusSeconds(60)));
        Instant day = T0.plus(Duration.ofDays(1));
        keys.reserve(IdempotencyRecord.reservation("acc", "held", "fp-other", "someone", T0.minusSeconds(5), day));
        keys.reserve(IdempotencyRecord.reservation("acc", "expired", "fp-old", "gone", T0.minusSeconds(9), T0));
        Map<String, IdempotencyRecord> made = new HashMap<>();
        List<OutboxStore.Claimed> claimed = store.claim("w1", T0, LEASE, 10, keys, e -> {
            IdempotencyRecord r = IdempotencyRecord.reservation(e.account(), e.key(), "fp", "w1-" + e.key(), T0, day);
            made.put(e.key(), r);
            return r;
        });
        assertThat(claimed).extracting(c -> c.entry().key()).containsExactlyInAnyOrder("free", "held", "expired");
        assertThat(claimed).allSatisfy(c -> {
            assertThat(c.entry().status()).isEqualTo(OutboxStatus.SENDING);
            assertThat(c.entry().leaseOwner()).isEqualTo("w1");
            assertThat(c.entry().attempts()).isEqualTo(1);
        });
        if (store.toString().startsWith("JdbcOutboxStore")) {
            assertThat(claimed).as("the JDBC store reserves with the claim").allSatisfy(c -> assertThat(c.key()).isNotNull());
        }
        for (OutboxStore.Claimed c : claimed) {
            String key = c.entry().key();
            if (c.key() == null) { // left to the sender: nothing reserved for this claim
                assertThat(keys.find("acc", key).map(IdempotencyRecord::owner)).isNotEqualTo(java.util.Optional.of("w1-" + key));
            } else if (key.equals("held")) {
                assertThat(c.key().owner()).isEqualTo("someone");
            } else {
                assertThat(c.key().owner()).isEqualTo(made.get(key).owner());
                assertThat(keys.find("acc", key).orElseThrow().owner()).as("stored").isEqualTo("w1-" + key);
            }
        }
        assertThat(store.claim("w2", T0.plusSeconds(1), LEASE, 10, keys, e -> made.get(e.key()))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("storePairs")
    void should_never_give_one_entry_or_key_to_two_concurrent_workers_claiming_with_keys(OutboxStore store,
                                                                                         IdempotencyStore keys) throws Exception {
        for (int i = 0; i < 200; i++) {
            store.add(entry("k" + i, T0));
        }
        Instant day = T0.plus(Duration.ofDays(1));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String worker = "w" + w;
                workers.add(pool.submit((Callable<List<String>>) () -> {
                    List<String> mine = new ArrayList<>();
                    for (int round = 0; round < 1000; round++) {
                        List<OutboxStore.Claimed> got;
                        try {
                            got = store.claim(worker, T0, LEASE, 7, keys, e -> IdempotencyRecord.reservation(e.account(),
                                    e.key(), "fp", worker + "-" + e.key(), T0, day));
                        } catch (io.chatgateway.store.StoreUnavailableException conflict) {
                            continue; // the outbox tries again too (a lock conflict or deadlock between claimers)
                        }
                        if (got.isEmpty()) {
                            break;
                        }
                        for (OutboxStore.Claimed c : got) {
                            mine.add(c.entry().key());
                            if (c.key() != null) {
                                assertThat(c.key().owner()).isEqualTo(worker + "-" + c.entry().key());
                            }
                        }
                    }
                    return mine;
                }));
            }
            List<String> all = new ArrayList<>();
            for (Future<List<String>> f : workers) {
                all.addAll(f.get());
            }
            assertThat(all).hasSize(200);
            assertThat(new HashSet<>(all)).hasSize(200);
        } finally {
            pool.shutdownNow();
        }
    }
}
