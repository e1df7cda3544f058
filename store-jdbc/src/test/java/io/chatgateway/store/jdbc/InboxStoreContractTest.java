package io.chatgateway.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.fake.TestTime;
import io.chatgateway.store.Checkpoint;
import io.chatgateway.store.DeadLetterRecord;
import io.chatgateway.store.InboxStore;
import io.chatgateway.store.Lease;
import io.chatgateway.store.LeaseLostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One contract for every {@link InboxStore}: core's in-memory default, H2 and PostgreSQL. */
class InboxStoreContractTest {

    private static final Duration TTL = Duration.ofSeconds(30);

    static Stream<Arguments> stores() {
        TestTime t1 = new TestTime();
        TestTime t2 = new TestTime();
        TestTime t3 = new TestTime();
        return Stream.of(
                Arguments.of(Named.of("memory", InboxStore.inMemory(t1)), t1),
                Arguments.of(Named.of("h2", TestDatabases.h2().inbox(t2)), t2),
                Arguments.of(Named.of("postgresql", TestDatabases.postgres().inbox(t3)), t3));
    }

    private static Checkpoint cp(String key, String position, TestTime time) {
        return new Checkpoint(key, "navixy", 1, position, time.instant());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void should_give_an_account_to_one_owner_until_the_lease_expires(InboxStore store, TestTime time) {
        Lease a = store.tryAcquire("in", "acc", "a", TTL).orElseThrow();
        assertThat(a.token()).isPositive();
        assertThat(store.tryAcquire("in", "acc", "b", TTL)).isEmpty();
        assertThat(store.tryAcquire("in", "other", "b", TTL)).isPresent();
        Lease again = store.tryAcquire("in", "acc", "a", TTL).orElseThrow();
        assertThat(again.token()).isEqualTo(a.token());

        time.advance(TTL.plusSeconds(1));
        Lease b = store.tryAcquire("in", "acc", "b", TTL).orElseThrow();
        assertThat(b.token()).isGreaterThan(a.token());
        assertThatThrownBy(() -> store.renew(a, TTL)).isInstanceOf(LeaseLostException.class);
        assertThat(store.renew(b, TTL).expiresAt()).isEqualTo(time.instant().plus(TTL));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void should_refuse_a_commit_from_a_former_owner(InboxStore store, TestTime time) {
        Lease a = store.tryAcquire("in", "acc", "a", TTL).orElseThrow();
        store.commit(a, List.of(cp("1", "a1", time)));
        time.advance(TTL.plusSeconds(1));
        Lease b = store.tryAcquire("in", "acc", "b", TTL).orElseThrow();
        assertThatThrownBy(() -> store.commit(a, List.of(cp("1", "stale", time), cp("2", "stale", time))))
                .isInstanceOf(LeaseLostException.class).hasMessageContaining("acc");
        assertThat(store.load("in", "acc")).containsOnlyKeys("1");
        assertThat(store.load("in", "acc").get("1").position()).isEqualTo("a1");
        store.commit(b, List.of(cp("1", "b1", time)));
        assertThat(store.load("in", "acc").get("1").position()).isEqualTo("b1");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void should_let_another_owner_take_over_at_once_after_a_release_with_a_newer_token(InboxStore store, TestTime time) {
        Lease a = store.tryAcquire("in", "acc", "a", TTL).orElseThrow();
        store.release(a);
        Lease b = store.tryAcquire("in", "acc", "b", TTL).orElseThrow();
        assertThat(b.token()).isGreaterThan(a.token());
        assertThatThrownBy(() -> store.commit(a, List.of(cp("1", "x", time)))).isInstanceOf(LeaseLostException.class);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void should_keep_checkpoints_per_inbox_and_account_and_replace_by_key(InboxStore store, TestTime time) {
        Lease a = store.tryAcquire("in", "acc", "a", TTL).orElseThrow();
        String big = "x".repeat(Checkpoint.MAX_POSITION_CHARS);
        store.commit(a, List.of(cp(Checkpoint.ACCOUNT_KEY, "{\"p\":1}", time), cp("c1", "one", time), cp("c2", big, time)));
        store.commit(a, List.of(cp("c1", "two", time)));
        Map<String, Checkpoint> loaded = store.load("in", "acc");
        assertThat(loaded).containsOnlyKeys("", "c1", "c2");
        assertThat(loaded.get("c1")).isEqualTo(cp("c1", "two", time));
        assertThat(loaded.get("c2").position()).hasSize(Checkpoint.MAX_POSITION_CHARS);
        assertThat(store.load("other-inbox", "acc")).isEmpty();
        assertThat(store.load("in", "other")).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void should_record_a_dead_letter_once(InboxStore store, TestTime time) {
        DeadLetterRecord d = new DeadLetterRecord("acc", "acc:1", "acc:1/7@received", "MESSAGE_RECEIVED", 5,
                "java.lang.IllegalStateException: down", time.instant());
        store.recordDeadLetter("in", d);
        store.recordDeadLetter("in", d);
        assertThat(store.deadLetters("in", "acc")).containsExactly(d);
        assertThat(store.deadLetters("in", "other")).isEmpty();
    }
}
