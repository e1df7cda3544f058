package io.chatgateway.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.fake.GatedTime;
import io.chatgateway.inbox.InboxHandler;
import io.chatgateway.outbox.Outbox;
import io.chatgateway.outbox.OutboxStatus;
import io.chatgateway.store.InboxStore;
import io.chatgateway.store.OutboxStore;
import io.chatgateway.store.StoreUnavailableException;
import io.chatgateway.testkit.navixy.NavixySimulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Stores, outbox and inbox handler beans of the starter, with {@link ApplicationContextRunner}. */
class InboxOutboxAutoConfigurationTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static NavixySimulator simulator;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ChatGatewayAutoConfiguration.class));

    @BeforeAll
    static void start() {
        simulator = new NavixySimulator(0);
        simulator.seedDemoData();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    private static String[] fleet(NavixySimulator sim) {
        return new String[] {"chatgateway.account.fleet.provider=navixy",
                "chatgateway.account.fleet.base-url=" + sim.baseUri(),
                "chatgateway.account.fleet.hash=" + NavixySimulator.DEMO_API_KEY};
    }

    private static String h2() {
        return "jdbc:h2:mem:starter-" + DATABASES.incrementAndGet();
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    @Test
    void should_keep_the_stores_in_memory_without_a_database() {
        runner.withPropertyValues(fleet(simulator)).run(context -> {
            assertThat(context).hasSingleBean(InboxStore.class).hasSingleBean(OutboxStore.class)
                    .hasSingleBean(Outbox.class);
            assertThat(context.getBean(OutboxStore.class).getClass().getSimpleName()).startsWith("InMemory");
            assertThat(context.getBean(Stores.class).idempotency()).isNull();
        });
    }

    @Test
    void should_put_the_stores_and_the_idempotency_store_on_an_h2_url() {
        runner.withPropertyValues(fleet(simulator)).withPropertyValues("chatgateway.store.url=" + h2()).run(context -> {
            assertThat(context.getBean(InboxStore.class).getClass().getSimpleName()).startsWith("Jdbc");
            assertThat(context.getBean(OutboxStore.class).getClass().getSimpleName()).startsWith("Jdbc");
            assertThat(context.getBean(Stores.class).idempotency().getClass().getSimpleName()).startsWith("Jdbc");
        });
    }

    @Test
    void should_close_the_pool_it_made_on_an_h2_url_when_the_context_closes() {
        OutboxStore[] kept = new OutboxStore[1];
        runner.withPropertyValues(fleet(simulator)).withPropertyValues("chatgateway.store.url=" + h2()).run(context -> {
            kept[0] = context.getBean(OutboxStore.class);
            assertThat(kept[0].list(null, 1)).isEmpty();
        });
        assertThatThrownBy(() -> kept[0].list(null, 1)).isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void should_leave_the_applications_data_source_open_when_the_context_closes() throws Exception {
        DataSource h2 = io.chatgateway.store.jdbc.JdbcStores.h2(h2()).dataSource();
        runner.withPropertyValues(fleet(simulator)).withBean(DataSource.class, () -> h2)
                .run(context -> assertThat(context.getBean(OutboxStore.class).list(null, 1)).isEmpty());
        try (java.sql.Connection c = h2.getConnection()) {
            assertThat(c.isValid(1)).isTrue();
        }
    }

    @Test
    void should_put_the_stores_on_the_applications_data_source_unless_memory_is_asked_for() {
        DataSource h2 = io.chatgateway.store.jdbc.JdbcStores.h2(h2()).dataSource(); // an H2 connection pool
        ApplicationContextRunner withDataSource = runner.withPropertyValues(fleet(simulator))
                .withBean(DataSource.class, () -> h2);
        withDataSource.run(context -> assertThat(context.getBean(OutboxStore.class).getClass().getSimpleName())
                .startsWith("Jdbc"));
        withDataSource.withPropertyValues("chatgateway.store.type=memory").run(context ->
                assertThat(context.getBean(OutboxStore.class).getClass().getSimpleName()).startsWith("InMemory"));
    }

    @Test
    void should_back_off_for_the_applications_own_store_beans() {
        OutboxStore own = OutboxStore.inMemory();
        runner.withPropertyValues(fleet(simulator)).withBean("myOutboxStore", OutboxStore.class, () -> own)
                .run(context -> assertThat(context.getBean(OutboxStore.class)).isSameAs(own));
    }

    @Test
    void should_fail_the_start_naming_an_unknown_or_malformed_starter_key() {
        runner.withPropertyValues(fleet(simulator)).withPropertyValues("chatgateway.store.urll=jdbc:h2:mem:x")
                .run(context -> assertThat(rootCause(context.getStartupFailure()))
                        .isInstanceOf(InvalidConfigurationException.class)
                        .hasMessage("Unknown property chatgateway.store.urll; the keys of chatgateway.store.* are type, url."));
        runner.withPropertyValues(fleet(simulator)).withPropertyValues("chatgateway.outbox.pollInterval=soon")
                .run(context -> assertThat(rootCause(context.getStartupFailure()))
                        .isInstanceOf(InvalidConfigurationException.class)
                        .hasMessage("Property chatgateway.outbox.poll-interval is a duration such as 5s, 500ms or PT1M."));
        runner.withPropertyValues(fleet(simulator)).withPropertyValues("chatgateway.store.type=jdbc")
                .run(context -> assertThat(rootCause(context.getStartupFailure()))
                        .hasMessageContaining("neither chatgateway.store.url nor a DataSource bean"));
        runner.withPropertyValues(fleet(simulator))
                .withPropertyValues("chatgateway.store.url=jdbc:postgresql://db/app?password=s3cr3t")
                .run(context -> assertThat(rootCause(context.getStartupFailure()))
                        .isInstanceOf(InvalidConfigurationException.class)
                        .hasMessageContaining("takes an H2 URL").hasMessageNotContaining("s3cr3t"));
    }

    @Test
    void should_start_the_outbox_worker_with_the_context_and_send_what_is_submitted() throws Exception {
        runner.withPropertyValues(fleet(simulator)).withPropertyValues("chatgateway.outbox.poll-interval=20ms",
                "chatgateway.outbox.worker-id=app-1").run(context -> {
                    Outbox outbox = context.getBean(Outbox.class);
                    ConversationRef to = new ConversationRef("fleet", simulator.demoConversation());
                    outbox.submit(to, OutgoingMessage.text("From the outbox bean.").withIdempotencyKey("starter-1"));
                    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos(); // safety net, not a wait
                    while (outbox.entry("fleet", "starter-1").orElseThrow().status() != OutboxStatus.SENT
                            && System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                    assertThat(outbox.entry("fleet", "starter-1").orElseThrow().status()).isEqualTo(OutboxStatus.SENT);
                });
        runner.withPropertyValues(fleet(simulator)).withPropertyValues("chatgateway.outbox.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(Outbox.class).hasNotFailed());
    }

    @Test
    void should_run_an_inbox_per_handler_bean_and_commit_what_it_handled_on_shutdown() throws Exception {
        GatedTime time = new GatedTime();
        try (NavixySimulator sim = new NavixySimulator(0, time, NavixySimulator.DEFAULT_ZONE)) {
            sim.seedDemoData();
            String url = h2();
            List<String> first = new CopyOnWriteArrayList<>();
            List<String> second = new CopyOnWriteArrayList<>();
            ApplicationContextRunner app = runner.withPropertyValues(fleet(sim)).withPropertyValues(
                    "chatgateway.store.url=" + url, "chatgateway.outbox.enabled=false",
                    "chatgateway.inbox.poll-interval=5s")
                    .withBean(ChatGatewayCustomizer.class, () -> b -> b.clock(time).sleeper(time));
            app.withBean("fleetEvents", InboxHandler.class, () -> e -> {
                if (e.message() != null) {
                    first.add(e.message().text());
                }
            }).run(context -> {
                assertThat(context).hasNotFailed();
                ChatGatewayLifecycle lifecycle = context.getBean(ChatGatewayLifecycle.class);
                assertThat(lifecycle.isRunning()).isTrue();
                assertThat(lifecycle.inboxes()).singleElement().satisfies(s -> assertThat(s.isRunning()).isTrue());
                time.awaitSleepers(1); // the first poll (the baseline) is done
                time.advance(Duration.ofSeconds(1));
                sim.addInbound(sim.demoConversation(), "one");
                time.advance(Duration.ofSeconds(10)); // a quiet inbox polls at its longest interval, twice 5 s
                time.awaitSleepers(1);
                assertThat(first).containsExactly("one");
            });
            // the context closed: the inbox stopped and committed; a restart on the same store goes on from there
            time.advance(Duration.ofSeconds(1));
            sim.addInbound(sim.demoConversation(), "two");
            app.withBean("fleetEvents", InboxHandler.class, () -> e -> {
                if (e.message() != null) {
                    second.add(e.message().text());
                }
            }).run(context -> {
                time.awaitSleepers(1);
                assertThat(second).containsExactly("two");
            });
            assertThat(first).containsExactly("one");
        }
    }
}
