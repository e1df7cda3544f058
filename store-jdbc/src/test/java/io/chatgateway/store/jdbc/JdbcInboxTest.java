package io.chatgateway.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatgateway.ChatGateway;
import io.chatgateway.inbox.Inbox;
import io.chatgateway.inbox.InboxBatch;
import io.chatgateway.inbox.InboxOptions;
import io.chatgateway.fake.FakeChats;
import io.chatgateway.fake.FakeProvider;
import io.chatgateway.fake.TestTime;
import io.chatgateway.store.InboxStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The inbox on the JDBC store: resume after a restart and failover between instances, on H2 and PostgreSQL. */
class JdbcInboxTest {

    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of(Named.of("h2", TestDatabases.h2())), Arguments.of(Named.of("postgresql", TestDatabases.postgres())));
    }

    private static ChatGateway gateway(FakeProvider fake, TestTime time) {
        return ChatGateway.builder().providers(fake.factory()).account("acc", new FakeProvider.Config())
                .clock(time).sleeper(time).build();
    }

    private static List<String> texts(InboxBatch b) {
        return b.events().stream().filter(e -> e.message() != null).map(e -> e.message().text()).toList();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void should_resume_after_a_restart_and_fail_over_without_loss(JdbcStores db) {
        TestTime time = new TestTime();
        InboxStore store = db.inbox(time);
        FakeProvider fake = FakeProvider.allNative();
        FakeChats chats = new FakeChats(fake, "acc", time);
        chats.conversation("1");
        InboxOptions options = InboxOptions.builder().store(store).leaseTtl(Duration.ofSeconds(10)).batchSize(2).build();
        List<String> got = new ArrayList<>();
        try (ChatGateway g1 = gateway(fake, time); Inbox first = g1.inbox(options.toBuilder().owner("one").build())) {
            first.poll(Duration.ZERO);
            time.advance(Duration.ofSeconds(1));
            for (int i = 0; i < 3; i++) {
                chats.inbound("1", "m" + i);
            }
            InboxBatch b = first.poll(Duration.ofSeconds(10));
            got.addAll(texts(b));
            b.commit();
            assertThat(texts(first.poll(Duration.ofSeconds(10)))).containsExactly("m2"); // read, never committed: "crash"
        }
        chats.inbound("1", "while down");
        time.advance(Duration.ofSeconds(11));
        try (ChatGateway g2 = gateway(fake, time); Inbox second = g2.inbox(options.toBuilder().owner("two").build())) {
            for (int i = 0; i < 2; i++) {
                InboxBatch b = second.poll(Duration.ofSeconds(10));
                got.addAll(texts(b));
                b.commit();
            }
        }
        assertThat(got).containsExactly("m0", "m1", "m2", "while down");
    }
}
