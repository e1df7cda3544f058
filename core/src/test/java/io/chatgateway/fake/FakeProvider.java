package io.chatgateway.fake;

import io.chatgateway.BroadcastResult;
import io.chatgateway.Capability;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationRef;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.MessageRef;
import io.chatgateway.Operation;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.QueryPlan;
import io.chatgateway.SendResult;
import io.chatgateway.spi.ChatProvider;
import io.chatgateway.spi.ChatProviderFactory;
import io.chatgateway.spi.PageSlice;
import io.chatgateway.spi.ProviderConfig;
import io.chatgateway.spi.ProviderContext;
import io.chatgateway.spi.ProviderMetadata;
import io.chatgateway.spi.ProviderSettings;
import java.net.URI;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An in-memory adapter without HTTP whose behaviour each test scripts through the public fields, and which
 * counts every call. Not registered with ServiceLoader: tests hand its {@link #factory()} to the builder.
 */
public final class FakeProvider implements ChatProvider {

    /** Provider id. */
    public static final String ID = "fake";

    /** A config for the fake provider. */
    public record Config() implements ProviderConfig {
        @Override
        public String providerId() {
            return ID;
        }

        @Override
        public URI baseUri() {
            return URI.create("http://fake.invalid");
        }
    }

    /** Every call of any method that reached the provider (passed the per-request resilience). */
    public final AtomicInteger calls = new AtomicInteger();
    /** Every time the gateway ran adapter code at all, before any per-request resilience. */
    public final AtomicInteger adapterCalls = new AtomicInteger();
    /** Conversations listing. */
    public volatile BiFunction<ConversationQuery, String, CompletableFuture<PageSlice<Conversation>>> conversations =
            (q, c) -> CompletableFuture.completedFuture(PageSlice.last(List.of()));
    /** Messages listing. */
    public volatile BiFunction<MessageQuery, String, CompletableFuture<PageSlice<Message>>> messages =
            (q, c) -> CompletableFuture.completedFuture(PageSlice.last(List.of()));
    /** Send. */
    public volatile BiFunction<ConversationRef, OutgoingMessage, CompletableFuture<SendResult>> send =
            (to, m) -> CompletableFuture.completedFuture(new SendResult(to.message("s" + System.nanoTime()), null, null, false));
    /** Native broadcast. */
    public volatile BiFunction<List<ConversationRef>, OutgoingMessage, CompletableFuture<List<BroadcastResult.RecipientOutcome>>> broadcast =
            (rs, m) -> CompletableFuture.completedFuture(rs.stream().map(r -> BroadcastResult.RecipientOutcome.sent(r, r.message("b"))).toList());
    /** Unread counts. */
    public volatile Supplier<CompletableFuture<Map<ConversationRef, Long>>> unread =
            () -> CompletableFuture.completedFuture(Map.of());
    /** Message plan, or null for the default. */
    public volatile Function<MessageQuery, QueryPlan> messagePlan;

    private final ProviderMetadata metadata;
    /** Each call is one provider request, run under the account's per-request resilience. */
    private volatile ProviderContext context;

    /** @param metadata what the factory announces */
    public FakeProvider(ProviderMetadata metadata) {
        this.metadata = metadata;
    }

    /** @return a fake with every capability native and generous limits */
    public static FakeProvider allNative() {
        return with(Map.of(), 100, 20_000, 300);
    }

    /**
     * @param overrides     support levels differing from NATIVE
     * @param maxPage       largest page
     * @param maxText       longest text
     * @param maxBroadcast  recipients per native broadcast
     * @return the fake
     */
    public static FakeProvider with(Map<Capability, Capability.Support> overrides, int maxPage, int maxText, int maxBroadcast) {
        Map<Capability, Capability.Support> caps = new EnumMap<>(Capability.class);
        for (Capability c : Capability.values()) {
            caps.put(c, overrides.getOrDefault(c, Capability.Support.NATIVE));
        }
        return new FakeProvider(new ProviderMetadata(ID, "Fake", null, caps, maxText, maxPage, maxBroadcast, 100_000));
    }

    /** @return a factory creating this very instance */
    public ChatProviderFactory factory() {
        FakeProvider self = this;
        return new ChatProviderFactory() {
            @Override
            public ProviderMetadata metadata() {
                return metadata;
            }

            @Override
            public ProviderConfig configure(ProviderSettings settings) {
                return new Config();
            }

            @Override
            public ChatProvider create(ProviderConfig config, ProviderContext context) {
                self.context = context;
                return self;
            }
        };
    }

    @Override
    public CompletableFuture<PageSlice<Conversation>> conversations(ConversationQuery query, String cursor) {
        return request(Operation.CONVERSATIONS, () -> {
            calls.incrementAndGet();
            return conversations.apply(query, cursor);
        });
    }

    @Override
    public CompletableFuture<PageSlice<Message>> messages(MessageQuery query, String cursor) {
        return request(Operation.MESSAGES, () -> {
            calls.incrementAndGet();
            return messages.apply(query, cursor);
        });
    }

    @Override
    public QueryPlan plan(MessageQuery query) {
        return messagePlan == null ? ChatProvider.super.plan(query) : messagePlan.apply(query);
    }

    @Override
    public CompletableFuture<Optional<Message>> message(MessageRef ref) {
        return request(Operation.MESSAGE, () -> {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture(Optional.empty());
        });
    }

    @Override
    public CompletableFuture<SendResult> send(ConversationRef to, OutgoingMessage message) {
        return request(Operation.SEND, () -> {
            calls.incrementAndGet();
            return send.apply(to, message);
        });
    }

    @Override
    public CompletableFuture<List<BroadcastResult.RecipientOutcome>> broadcast(List<ConversationRef> recipients, OutgoingMessage message) {
        return request(Operation.BROADCAST, () -> {
            calls.incrementAndGet();
            return broadcast.apply(recipients, message);
        });
    }

    @Override
    public CompletableFuture<Void> markRead(List<MessageRef> refs) {
        return request(Operation.MARK_READ, () -> {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        });
    }

    @Override
    public CompletableFuture<Void> markAllRead(List<ConversationRef> conversations) {
        return request(Operation.MARK_ALL_READ, () -> {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        });
    }

    @Override
    public CompletableFuture<Map<ConversationRef, Long>> unreadCounts() {
        return request(Operation.UNREAD_COUNTS, () -> {
            calls.incrementAndGet();
            return unread.get();
        });
    }

    @Override
    public CompletableFuture<Map<ConversationRef, Instant>> lastActivity(List<ConversationRef> conversations) {
        return request(Operation.LAST_ACTIVITY, () -> {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture(Map.of());
        });
    }

    @Override
    public CompletableFuture<Void> setStatus(ConversationRef conversation, Conversation.Status status) {
        return request(Operation.SET_STATUS, () -> {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        });
    }

    @Override
    public CompletableFuture<Void> deleteConversation(ConversationRef conversation) {
        return request(Operation.DELETE_CONVERSATION, () -> {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        });
    }

    private <T> CompletableFuture<T> request(Operation operation, Supplier<CompletableFuture<T>> request) {
        adapterCalls.incrementAndGet();
        ProviderContext c = context;
        return c == null ? request.get() : c.request(operation, request);
    }
}
