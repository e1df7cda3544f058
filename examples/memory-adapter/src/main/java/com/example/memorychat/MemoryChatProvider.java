package com.example.memorychat;

import com.example.memorychat.MemoryStore.StoredConversation;
import com.example.memorychat.MemoryStore.StoredMessage;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationRef;
import io.chatgateway.DeliveryStatus;
import io.chatgateway.ErrorDetails;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.MessageRef;
import io.chatgateway.NotFoundException;
import io.chatgateway.Operation;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.Participant;
import io.chatgateway.ProviderUnavailableException;
import io.chatgateway.QueryPlan;
import io.chatgateway.SendResult;
import io.chatgateway.spi.ChatProvider;
import io.chatgateway.spi.Futures;
import io.chatgateway.spi.LocalFilters;
import io.chatgateway.spi.PageCursor;
import io.chatgateway.spi.PageSlice;
import io.chatgateway.spi.ProviderContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The memory adapter for one account. Every provider request goes through {@link ProviderContext#request}, so
 * the account's rate limit, circuit breaker and retries apply to it as to an HTTP request; the adapter itself
 * has no retry loop. Thread-safe (the store is).
 */
final class MemoryChatProvider implements ChatProvider {

    private static final String MESSAGES = "memoryMessages";
    private static final String CONVERSATIONS = "memoryConversations";
    private static final String ME = "me";

    private final MemoryStore store;
    private final ProviderContext context;

    MemoryChatProvider(MemoryStore store, ProviderContext context) {
        this.store = store;
        this.context = context;
    }

    // ---------------------------------------------------------------- reads

    @Override
    public CompletableFuture<PageSlice<Conversation>> conversations(ConversationQuery query, String cursor) {
        return Futures.guard(() -> {
            long after = cursor == null ? 0 : decode(cursor, CONVERSATIONS, Operation.CONVERSATIONS).number(0);
            return request(Operation.CONVERSATIONS, s -> {
                Map<String, Long> unread = s.unreadCounts();
                List<Conversation> all = s.conversations().stream().map(c -> conversation(c, unread)).toList();
                // the gateway applies the query's filters (the default plan says so); the adapter only pages
                return PageSlice.keyset(all, c -> Long.parseLong(c.ref().id()) <= after, c -> true, query.pageSize(),
                        c -> PageCursor.encode(CONVERSATIONS, Long.parseLong(c.ref().id())));
            });
        });
    }

    private Conversation conversation(StoredConversation c, Map<String, Long> unread) {
        String id = Long.toString(c.seq());
        return Conversation.builder(new ConversationRef(context.account(), id), MemoryChatProviderFactory.PROVIDER_ID)
                .title(c.title())
                .status(c.status())
                .unreadCount(unread.getOrDefault(id, 0L))
                .build();
    }

    /** The store holds whole histories in memory: every message filter runs in the adapter, before paging. */
    @Override
    public QueryPlan plan(MessageQuery query) {
        return new QueryPlan(Set.of(), LocalFilters.setIn(query), Set.of(), List.of());
    }

    @Override
    public CompletableFuture<PageSlice<Message>> messages(MessageQuery query, String cursor) {
        return Futures.guard(() -> {
            boolean ascending = query.order() == MessageQuery.Order.ASCENDING;
            long after = 0;
            if (cursor != null) {
                PageCursor c = decode(cursor, MESSAGES, Operation.MESSAGES);
                if (c.flag(0) != ascending) { // a cursor of the other order
                    throw PageCursor.notIssued(details(Operation.MESSAGES));
                }
                after = c.number(1);
            }
            long from = after;
            ConversationRef conversation = query.conversation();
            return request(Operation.MESSAGES, s -> {
                List<Message> ordered = new ArrayList<>(history(s, conversation, Operation.MESSAGES).stream()
                        .map(m -> message(conversation, m)).toList());
                if (!ascending) {
                    Collections.reverse(ordered);
                }
                Predicate<Message> passed = from == 0 ? m -> false
                        : m -> ascending ? seq(m) <= from : seq(m) >= from;
                return PageSlice.keyset(ordered, passed, LocalFilters.messages(query, plan(query).inAdapter()),
                        query.pageSize(), m -> PageCursor.encode(MESSAGES, ascending, seq(m)));
            });
        });
    }

    @Override
    public CompletableFuture<Optional<Message>> message(MessageRef ref) {
        return request(Operation.MESSAGE, s -> s.history(ref.conversation().id()).orElse(List.of()).stream()
                .filter(m -> Long.toString(m.seq()).equals(ref.id()))
                .findFirst()
                .map(m -> message(ref.conversation(), m)));
    }

    private Message message(ConversationRef conversation, StoredMessage m) {
        boolean inbound = m.direction() == Message.Direction.INBOUND;
        return Message.builder(conversation.message(Long.toString(m.seq())), MemoryChatProviderFactory.PROVIDER_ID)
                .direction(m.direction())
                .author(new Participant(m.author(), null, inbound ? Participant.Role.CUSTOMER : Participant.Role.AGENT))
                .text(m.text())
                .sentAt(m.sentAt())
                .delivery(inbound ? DeliveryStatus.UNKNOWN : DeliveryStatus.SENT)
                .readStatus(m.read() ? Message.ReadStatus.READ : Message.ReadStatus.UNREAD)
                .build();
    }

    private static long seq(Message m) {
        return Long.parseLong(m.ref().id());
    }

    // ---------------------------------------------------------------- writes

    @Override
    public CompletableFuture<SendResult> send(ConversationRef to, OutgoingMessage message) {
        return request(Operation.SEND, s -> {
            Instant now = context.clock().instant();
            String id = s.add(to.id(), Message.Direction.OUTBOUND, ME, message.text(), now)
                    .orElseThrow(() -> notFound(to, Operation.SEND));
            return new SendResult(to.message(id), DeliveryStatus.SENT, now, false);
        });
    }

    @Override
    public CompletableFuture<Void> markRead(List<MessageRef> messages) {
        Map<ConversationRef, List<String>> byConversation = new LinkedHashMap<>();
        messages.forEach(m -> byConversation.computeIfAbsent(m.conversation(), c -> new ArrayList<>()).add(m.id()));
        return request(Operation.MARK_READ, s -> {
            byConversation.forEach((c, ids) -> {
                history(s, c, Operation.MARK_READ);
                s.markRead(c.id(), ids);
            });
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> markAllRead(List<ConversationRef> conversations) {
        return request(Operation.MARK_ALL_READ, s -> {
            List<String> ids = conversations.isEmpty()
                    ? s.conversations().stream().map(c -> Long.toString(c.seq())).toList()
                    : conversations.stream().map(c -> {
                        history(s, c, Operation.MARK_ALL_READ);
                        return c.id();
                    }).toList();
            ids.forEach(s::markAllRead);
            return null;
        });
    }

    @Override
    public CompletableFuture<Map<ConversationRef, Long>> unreadCounts() {
        return request(Operation.UNREAD_COUNTS, s -> {
            Map<ConversationRef, Long> counts = new LinkedHashMap<>();
            s.unreadCounts().forEach((id, n) -> counts.put(new ConversationRef(context.account(), id), n));
            return counts;
        });
    }

    // ---------------------------------------------------------------- plumbing

    /**
     * One provider request under the account's per-request resilience. An injected fault fails it before the
     * store changes, as a retryable outage: a retry cannot send twice.
     */
    private <T> CompletableFuture<T> request(Operation operation, Function<MemoryStore, T> work) {
        return context.request(operation, () -> Futures.guard(() -> {
            if (store.arrive()) {
                throw new ProviderUnavailableException("The memory store '" + store.name()
                        + "' is unavailable (an injected fault); nothing was done.", details(operation));
            }
            return CompletableFuture.completedFuture(work.apply(store));
        }));
    }

    private List<StoredMessage> history(MemoryStore s, ConversationRef conversation, Operation operation) {
        return s.history(conversation.id()).orElseThrow(() -> notFound(conversation, operation));
    }

    private NotFoundException notFound(ConversationRef conversation, Operation operation) {
        return new NotFoundException("There is no conversation " + conversation + " in memory store '"
                + store.name() + "'.", details(operation));
    }

    private PageCursor decode(String cursor, String kind, Operation operation) {
        return PageCursor.decode(cursor, kind, MESSAGES.equals(kind) ? 2 : 1, details(operation));
    }

    private ErrorDetails details(Operation operation) {
        return ErrorDetails.of(context.account(), MemoryChatProviderFactory.PROVIDER_ID, operation);
    }
}
