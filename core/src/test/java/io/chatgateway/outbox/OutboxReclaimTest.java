package io.chatgateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.SendResult;
import io.chatgateway.fake.FakeProvider;
import io.chatgateway.fake.TestTime;
import io.chatgateway.store.OutboxStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An entry whose lease runs out while its worker still delivers it is claimed again, but not delivered twice. */
class OutboxReclaimTest {

    @Test
    void should_not_start_a_second_delivery_of_an_entry_claimed_again_while_this_worker_still_delivers_it()
            throws Exception {
        TestTime time = new TestTime();
        FakeProvider fake = FakeProvider.allNative();
        AtomicInteger sends = new AtomicInteger();
        CompletableFuture<SendResult> answer = new CompletableFuture<>();
        fake.send = (to, m) -> {
            sends.incrementAndGet();
            return answer;
        };
        OutboxStore store = OutboxStore.inMemory();
        List<OutboxEntry> outcomes = new CopyOnWriteArrayList<>();
        try (ChatGateway g = ChatGateway.builder().providers(fake.factory()).account("acc", new FakeProvider.Config())
                .clock(time).sleeper(time).build();
             Outbox outbox = g.outbox(OutboxOptions.defaults().withStore(store).withWorkerId("w").withConcurrency(4)
                     .withLease(Duration.ofSeconds(5)).withListener(outcomes::add))) {
            ConversationRef to = new ConversationRef("acc", "1");
            outbox.submit(to, OutgoingMessage.text("order 1").withIdempotencyKey("k1"));
            CompletableFuture<Integer> drained = CompletableFuture.supplyAsync(() -> outbox.drain(Duration.ofDays(1)));
            try {
                awaitUntil(() -> sends.get() == 1);
                // the send hangs past the lease, twice: the worker's next claims take the entry again
                for (int attempts = 2; attempts <= 3; attempts++) {
                    time.advance(Duration.ofSeconds(6));
                    int expected = attempts;
                    awaitUntil(() -> store.find("acc", "k1").orElseThrow().attempts() >= expected);
                }
            } finally {
                answer.complete(new SendResult(to.message("m-1"), null, null, false));
            }
            drained.get(20, TimeUnit.SECONDS);

            assertThat(sends).as("sends").hasValue(1);
            assertThat(outcomes).as("outcomes reported").hasSize(1);
            assertThat(store.find("acc", "k1")).hasValueSatisfying(e -> {
                assertThat(e.status()).isEqualTo(OutboxStatus.SENT);
                assertThat(e.sent()).isPresent();
            });
        }
    }

    /** Waits (really, at most 20 s) for a worker thread to get somewhere; no backoff or interval is waited out. */
    private static void awaitUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition reached within 20 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
