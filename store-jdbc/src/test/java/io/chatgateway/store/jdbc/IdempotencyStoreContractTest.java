package io.chatgateway.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatgateway.ConversationRef;
import io.chatgateway.DeliveryStatus;
import io.chatgateway.SendResult;
import io.chatgateway.store.IdempotencyRecord;
import io.chatgateway.store.IdempotencyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One contract for every {@link IdempotencyStore}: core's in-memory default, H2 and PostgreSQL. */
class IdempotencyStoreContractTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final ConversationRef TO = new ConversationRef("acc", "c1");

    static Stream<IdempotencyStore> stores() {
        return Stream.of(IdempotencyStore.inMemory(), TestDatabases.h2().idempotency(),
                TestDatabases.postgres().idempotency());
    }

    private static IdempotencyRecord reservation(String key, String owner, Instant at) {
        return IdempotencyRecord.reservation("acc", key, "f".repeat(64), owner, at, at.plus(Duration.ofHours(1)));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void should_give_the_key_to_the_first_reservation_and_show_it_to_the_second(IdempotencyStore store) {
        IdempotencyRecord first = reservation("k1", "owner-1", T0);
        assertThat(store.reserve(first)).isEqualTo(first);
        IdempotencyRecord held = store.reserve(reservation("k1", "owner-2", T0.plusSeconds(1)));
        assertThat(held.owner()).isEqualTo("owner-1");
        assertThat(held.state()).isEqualTo(IdempotencyRecord.State.PENDING);
        assertThat(store.reserve(reservation("other", "owner-3", T0)).owner()).isEqualTo("owner-3");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void should_keep_the_provider_ref_of_a_completed_send_exactly(IdempotencyStore store) {
        IdempotencyRecord mine = store.reserve(reservation("k2", "o", T0));
        Instant accepted = Instant.parse("2026-11-20T10:00:00.123456789Z");
        SendResult result = new SendResult(TO.message("m/1:x"), DeliveryStatus.SENT, accepted, false, SendResult.Reconciliation.FOUND);
        assertThat(store.complete(mine.sent(result, T0.plus(Duration.ofDays(1))))).isTrue();
        IdempotencyRecord found = store.find("acc", "k2").orElseThrow();
        assertThat(found.state()).isEqualTo(IdempotencyRecord.State.SENT);
        assertThat(found.result()).hasValue(new SendResult(TO.message("m/1:x"), DeliveryStatus.SENT, accepted, true,
                SendResult.Reconciliation.FOUND));
        assertThat(found.expiresAt()).isEqualTo(T0.plus(Duration.ofDays(1)));
        assertThat(store.reserve(reservation("k2", "late", T0.plusSeconds(5))).state()).isEqualTo(IdempotencyRecord.State.SENT);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void should_let_only_the_owner_complete_or_release(IdempotencyStore store) {
        IdempotencyRecord mine = store.reserve(reservation("k3", "owner", T0));
        IdempotencyRecord stranger = reservation("k3", "stranger", T0);
        assertThat(store.complete(stranger.uncertain(T0.plusSeconds(60)))).isFalse();
        assertThat(store.release(stranger)).isFalse();
        assertThat(store.complete(mine.uncertain(T0.plusSeconds(60)))).isTrue();
        assertThat(store.release(mine)).as("an uncertain outcome keeps the key").isFalse();
        assertThat(store.find("acc", "k3").orElseThrow().state()).isEqualTo(IdempotencyRecord.State.UNCERTAIN);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void should_free_a_released_key(IdempotencyStore store) {
        IdempotencyRecord mine = store.reserve(reservation("k4", "owner", T0));
        assertThat(store.release(mine)).isTrue();
        assertThat(store.find("acc", "k4")).isEmpty();
        assertThat(store.reserve(reservation("k4", "next", T0)).owner()).isEqualTo("next");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void should_replace_an_expired_record_and_purge_expired_ones(IdempotencyStore store) {
        store.reserve(reservation("k5", "old", T0));
        store.reserve(reservation("k6", "old", T0));
        store.reserve(reservation("k7", "young", T0.plus(Duration.ofMinutes(30))));
        Instant later = T0.plus(Duration.ofHours(1));
        assertThat(store.reserve(reservation("k5", "new", later)).owner()).isEqualTo("new");
        assertThat(store.purgeExpired(later)).isEqualTo(1);
        assertThat(store.find("acc", "k6")).isEmpty();
        assertThat(store.find("acc", "k7")).isPresent();
        assertThat(store.find("acc", "k5")).isPresent();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void should_give_a_key_to_exactly_one_of_many_concurrent_reservations(IdempotencyStore store) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<IdempotencyRecord>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String owner = "owner-" + i;
                runs.add(pool.submit((Callable<IdempotencyRecord>) () -> store.reserve(reservation("hot", owner, T0))));
            }
            List<String> owners = new ArrayList<>();
            for (Future<IdempotencyRecord> run : runs) {
                owners.add(run.get().owner());
            }
            assertThat(owners).containsOnly(owners.get(0));
            assertThat(store.find("acc", "hot").orElseThrow().owner()).isEqualTo(owners.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void should_tell_which_listed_messages_a_completed_keyed_send_produced(IdempotencyStore store) {
        String c = "sent" + Long.toString(System.nanoTime(), 36); // refs unique in the shared database
        ConversationRef to = new ConversationRef("acc", c);
        IdempotencyRecord sent = store.reserve(reservation(c + "-1", "o", T0));
        store.complete(sent.sent(new SendResult(to.message("1"), DeliveryStatus.SENT, T0, false), T0.plus(Duration.ofDays(1))));
        store.reserve(reservation(c + "-2", "o", T0)); // still pending: no ref yet
        IdempotencyRecord uncertain = store.reserve(reservation(c + "-3", "o", T0));
        store.complete(uncertain.uncertain(T0.plus(Duration.ofDays(1))));

        assertThat(store.sentAmong(List.of(to.message("1"), to.message("2"), new ConversationRef("other", c).message("1"))))
                .containsExactly(to.message("1"));
        assertThat(store.sentAmong(List.of())).isEmpty();
    }
}
