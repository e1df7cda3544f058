package io.chatgateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import io.chatgateway.ErrorDetails;
import io.chatgateway.Operation;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.ProviderUnavailableException;
import io.chatgateway.ResiliencePolicy;
import io.chatgateway.SendResult;
import io.chatgateway.fake.FakeProvider;
import io.chatgateway.fake.TestTime;
import io.chatgateway.store.OutboxStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** While the provider is down and the account's circuit is open, the outbox waits instead of failing entries. */
class OutboxOpenCircuitTest {

    private static final ErrorDetails D = ErrorDetails.of("acc", FakeProvider.ID, Operation.SEND);

    @Test
    void should_wait_out_an_open_circuit_without_spending_the_entries_attempts() {
        TestTime time = new TestTime();
        FakeProvider fake = FakeProvider.allNative();
        AtomicInteger calls = new AtomicInteger();
        fake.send = (to, m) -> calls.incrementAndGet() <= 2
                ? CompletableFuture.failedFuture(new ProviderUnavailableException("HTTP 503", D))
                : CompletableFuture.completedFuture(new SendResult(to.message("m-" + m.idempotencyKey()), null, null,
                        false));
        ResiliencePolicy policy = ResiliencePolicy.custom().maxAttempts(1).minimumCalls(2).slidingWindowSize(2)
                .failureRateThreshold(50).waitInOpenState(Duration.ofSeconds(30)).build();
        OutboxStore store = OutboxStore.inMemory();
        try (ChatGateway g = ChatGateway.builder().providers(fake.factory())
                .account("acc", new FakeProvider.Config(), policy).clock(time).sleeper(time).build();
             Outbox outbox = g.outbox(OutboxOptions.defaults().withStore(store).withWorkerId("w").withConcurrency(1)
                     .withMaxAttempts(2).withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1)))) {
            ConversationRef to = new ConversationRef("acc", "1");
            List<String> keys = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                keys.add("k" + i);
                outbox.submit(to, OutgoingMessage.text("order " + i).withIdempotencyKey("k" + i));
            }

            outbox.drain(Duration.ofMinutes(10));

            // two sends failed and opened the circuit; every later claim while it was open was refused for free
            assertThat(keys).allSatisfy(k -> assertThat(store.find("acc", k)).hasValueSatisfying(e -> {
                assertThat(e.status()).as(k + ": " + e.error()).isEqualTo(OutboxStatus.SENT);
                assertThat(e.attempts()).isLessThanOrEqualTo(2);
            }));
            assertThat(calls).hasValue(2 + 6);
        }
    }
}
