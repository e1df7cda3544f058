package io.chatgateway.smsbat.internal;

import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationRef;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.MessageRef;
import io.chatgateway.NotFoundException;
import io.chatgateway.Operation;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.ProviderQuery;
import io.chatgateway.QueryPlan;
import io.chatgateway.SendResult;
import io.chatgateway.smsbat.SmsbatChatFilter;
import io.chatgateway.smsbat.SmsbatChatProviderFactory;
import io.chatgateway.smsbat.SmsbatConfig;
import io.chatgateway.spi.ChatProvider;
import io.chatgateway.spi.Futures;
import io.chatgateway.spi.HttpCall;
import io.chatgateway.spi.LocalFilters;
import io.chatgateway.spi.PageSlice;
import io.chatgateway.spi.ProviderContext;
import io.chatgateway.spi.QueryPlans;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * One SMSBAT ChatHub account: the neutral operations on {@code https://chatapi.smsbat.com/api/chat/…}.
 * Made by {@link SmsbatChatProviderFactory}; the only public type of the internal package. Thread-safe.
 */
public final class SmsbatChatProvider implements ChatProvider {

    /** Provider filters a {@link ConversationQuery} may carry, as the query parameter names of the chat list. */
    static final Set<String> PROVIDER_FILTERS = Set.of("source", "tg_user_id", "phone", "organizationId", "operatorId");
    private static final Set<String> NUMERIC_FILTERS = Set.of("source", "tg_user_id", "organizationId", "operatorId");
    private final SmsbatConfig config;
    private final ProviderContext context;
    private final SmsbatApi api;
    private final SmsbatSends sends;
    private final SmsbatReadState readState;
    private final QueryPlans plans = new QueryPlans(SmsbatChatProvider::makePlan);

    /**
     * @param config  the account's configuration
     * @param context the gateway's plumbing
     */
    public SmsbatChatProvider(SmsbatConfig config, ProviderContext context) {
        this.config = config;
        this.context = context;
        this.api = new SmsbatApi(config, context);
        this.sends = new SmsbatSends(api, config);
        this.readState = new SmsbatReadState(api, config);
    }

    @Override
    public QueryPlan plan(ConversationQuery query) {
        validateFilters(query);
        EnumSet<QueryPlan.Filter> provider = EnumSet.noneOf(QueryPlan.Filter.class);
        EnumSet<QueryPlan.Filter> local = EnumSet.noneOf(QueryPlan.Filter.class);
        EnumSet<QueryPlan.Filter> adapter = EnumSet.noneOf(QueryPlan.Filter.class);
        List<String> notes = new ArrayList<>();
        if (query.text() != null) {
            provider.add(QueryPlan.Filter.TEXT);
            notes.add("text is sent as 'search', which SMSBAT matches against the client's name and phone");
        }
        if (SmsbatApi.singleStatus(query) != null) {
            provider.add(QueryPlan.Filter.STATUS);
        } else if (!query.statuses().isEmpty()) {
            local.add(QueryPlan.Filter.STATUS);
            notes.add("SMSBAT filters by one status only; several statuses are filtered locally over all chats");
        }
        if (query.assigneeId() != null) {
            provider.add(QueryPlan.Filter.ASSIGNEE);
        }
        if (SmsbatApi.channelSource(query) != null) {
            provider.add(QueryPlan.Filter.CHANNEL);
            notes.add("the channel is sent as SMSBAT's 'source' (1 Viber bot, 2 Telegram)");
        } else if (!query.channels().isEmpty()) {
            local.add(QueryPlan.Filter.CHANNEL);
            notes.add("SMSBAT documents a 'source' number only for Viber (1) and Telegram (2) and filters one at a"
                    + " time; these channels are filtered locally over all chats");
        }
        if (query.providerQuery() != null) {
            provider.add(QueryPlan.Filter.PROVIDER_QUERY);
            notes.add("SmsbatChatFilter is sent as SMSBAT's phone / tg_user_id / organizationId");
        }
        if (query.activeSince() != null) {
            provider.add(QueryPlan.Filter.SINCE);
            adapter.add(QueryPlan.Filter.SINCE);
        }
        if (query.activeUntil() != null) {
            provider.add(QueryPlan.Filter.UNTIL);
            adapter.add(QueryPlan.Filter.UNTIL);
        }
        if (query.activeSince() != null || query.activeUntil() != null) {
            notes.add("SMSBAT narrows the activity range by whole days ('date' range, both days included, "
                    + config.dateFilterZone() + " dates); the adapter then keeps only chats whose last message"
                    + " falls in the exact range (a chat whose last message time stays unknown is kept as SMSBAT"
                    + " matched it)");
        }
        notes.add("a chat's lastMessageAt comes from its history when SMSBAT's chat list does not say it"
                + " (one extra request per such chat)");
        notes.add("chats are paged with page/per_page until 'total'; chats pushed from one page onto the next are dropped");
        return new QueryPlan(provider, adapter, local, notes);
    }

    /** A typed filter and the same untyped provider filter would be two answers to one question. */
    private void once(ConversationQuery q, String name, Object typed) {
        if (typed != null && q.providerFilters().containsKey(name)) {
            throw new InvalidRequestException("The smsbat provider filter '" + name + "' is also given typed ("
                    + typed + "); give it once.", api.details(Operation.CONVERSATIONS));
        }
    }

    /**
     * Chats whose list item gave no last-message time get it from their history, one chat after another; a
     * chat whose history is not found (deleted meanwhile) keeps an unknown time.
     */
    private CompletableFuture<List<Conversation>> withLastMessageAt(List<Conversation> chats) {
        return Futures.sequence(chats, c -> c.lastMessageAt() != null ? CompletableFuture.completedFuture(c)
                : api.history(c.ref(), c.ref().id(), Operation.CONVERSATIONS).thenApply(all -> all.stream()
                        .map(Message::sentAt).filter(java.util.Objects::nonNull).max(Comparator.naturalOrder())
                        .map(t -> c.toBuilder().lastMessageAt(t).build()).orElse(c))
                        .exceptionally(e -> {
                            if (Futures.unwrap(e) instanceof NotFoundException) {
                                return c;
                            }
                            throw new java.util.concurrent.CompletionException(Futures.unwrap(e));
                        }));
    }

    @Override
    public CompletableFuture<PageSlice<Conversation>> conversations(ConversationQuery query, String cursor) {
        return Futures.guard(() -> {
            validateFilters(query);
            Cursors.ChatCursor at = cursor == null ? new Cursors.ChatCursor(1, Set.of()) : Cursors.decodeChats(cursor, api.details(Operation.CONVERSATIONS));
            int perPage = Math.max(1, Math.min(query.pageSize() == 0 ? 20 : query.pageSize(),
                    SmsbatChatProviderFactory.MAX_PAGE_SIZE));
            return api.chatPage(query, at.page(), perPage, Operation.CONVERSATIONS).thenCompose(page -> {
                List<Conversation> items = new ArrayList<>();
                Set<String> ids = new LinkedHashSet<>();
                for (Conversation c : page.items()) {
                    ids.add(c.ref().id());
                    if (!at.seen().contains(c.ref().id())) {
                        items.add(c);
                    }
                }
                boolean more = !page.items().isEmpty() && (page.total() != null
                        ? (long) at.page() * perPage < page.total()
                        : page.items().size() >= perPage);
                String next = more ? Cursors.encode(new Cursors.ChatCursor(at.page() + 1, ids)) : null;
                Predicate<Conversation> exact = LocalFilters.conversations(query, plan(query).inAdapter());
                return withLastMessageAt(items).thenApply(enriched -> new PageSlice<>(enriched.stream()
                        .filter(c -> c.lastMessageAt() == null || exact.test(c)).toList(), next));
            });
        });
    }

    private void validateFilters(ConversationQuery q) {
        if (q.providerQuery() != null && !(q.providerQuery() instanceof SmsbatChatFilter)) {
            throw new InvalidRequestException("SMSBAT understands SmsbatChatFilter as typed filters, not "
                    + q.providerQuery().getClass().getSimpleName() + ".", api.details(Operation.CONVERSATIONS));
        }
        q.providerQuery(SmsbatChatFilter.class).ifPresent(f -> {
            once(q, "phone", f.phone());
            once(q, "tg_user_id", f.telegramUserId());
            once(q, "organizationId", f.organizationId());
        });
        if (SmsbatApi.channelSource(q) != null) {
            once(q, "source", q.channels());
        }
        for (Map.Entry<String, String> f : q.providerFilters().entrySet()) {
            if (!PROVIDER_FILTERS.contains(f.getKey())) {
                throw new InvalidRequestException("Unknown smsbat provider filter '" + f.getKey() + "'; known: "
                        + String.join(", ", PROVIDER_FILTERS.stream().sorted().toList()) + ".", api.details(Operation.CONVERSATIONS));
            }
            String v = f.getValue() == null ? "" : f.getValue().trim();
            if (v.isEmpty()) {
                throw new InvalidRequestException("The smsbat provider filter '" + f.getKey() + "' needs a value.",
                        api.details(Operation.CONVERSATIONS));
            }
            if (NUMERIC_FILTERS.contains(f.getKey()) && !v.matches("-?\\d{1,18}")) {
                throw new InvalidRequestException("The smsbat provider filter '" + f.getKey()
                        + "' must be a whole number, not '" + SmsbatApi.printable(v) + "'.", api.details(Operation.CONVERSATIONS));
            }
        }
        if (q.assigneeId() != null) {
            if (!q.assigneeId().matches("\\d{1,18}")) {
                throw new InvalidRequestException("An SMSBAT assignee is an operator id (a whole number), not '"
                        + SmsbatApi.printable(q.assigneeId()) + "'.", api.details(Operation.CONVERSATIONS));
            }
            String op = q.providerFilters().get("operatorId");
            if (op != null && !op.trim().equals(q.assigneeId())) {
                throw new InvalidRequestException("assigneeId " + q.assigneeId() + " and provider filter operatorId "
                        + SmsbatApi.printable(op) + " contradict each other.", api.details(Operation.CONVERSATIONS));
            }
        }
    }

    private void refuseTypedFilters(MessageQuery query) {
        ProviderQuery typed = query.providerQuery();
        if (typed != null) {
            throw new InvalidRequestException("SMSBAT has no typed message filters (SmsbatChatFilter filters chats),"
                    + " so a message query cannot carry " + typed.getClass().getSimpleName() + ".",
                    api.details(Operation.MESSAGES));
        }
    }

    @Override
    public QueryPlan plan(MessageQuery query) {
        refuseTypedFilters(query);
        return plans.plan(query);
    }

    /** Every filter a query sets runs here, on the whole history in memory: the plan's {@code inAdapter}. */
    private static Set<QueryPlan.Filter> inAdapter(MessageQuery query) {
        return LocalFilters.setIn(query);
    }

    /** The plan of queries of this shape: it depends only on which filters the query sets (see {@link QueryPlans}). */
    private static QueryPlan makePlan(MessageQuery query) {
        Set<QueryPlan.Filter> local = inAdapter(query);
        List<String> notes = new ArrayList<>();
        notes.add("SMSBAT returns a chat's whole history as one unpaged array; the adapter sorts it by (date, id),"
                + " filters it and pages it with a keyset cursor");
        if (!query.recipientsIn().isEmpty() || !query.recipientsNotIn().isEmpty()) {
            notes.add("a message of the operator, bot or business account is addressed to the chat's client (id: the"
                    + " phone); a client's message names no recipient");
        }
        if (query.updatedSince() != null || query.updatedUntil() != null) {
            notes.add("ChatHub gives messages no update time, so the update-time filters keep no message");
        }
        return new QueryPlan(Set.of(), local, Set.of(), notes);
    }

    @Override
    public CompletableFuture<PageSlice<Message>> messages(MessageQuery query, String cursor) {
        return Futures.guard(() -> {
            refuseTypedFilters(query);
            String chatId = api.chatId(query.conversation(), Operation.MESSAGES);
            Cursors.MessageKey after = cursor == null ? null : Cursors.decodeMessages(cursor, query.order(), api.details(Operation.MESSAGES));
            int size = query.pageSize() == 0 ? 100 : query.pageSize();
            return api.history(query.conversation(), chatId, Operation.MESSAGES).thenApply(all -> {
                boolean asc = query.order() == MessageQuery.Order.ASCENDING;
                List<Message> ordered = all; // this call's own list: reversed in place, not copied
                if (!asc) {
                    java.util.Collections.reverse(ordered);
                }
                Predicate<Message> passed = after == null ? m -> false : m -> {
                    int c = Cursors.KEY_ORDER.compare(SmsbatApi.key(m, query.order()), after);
                    return asc ? c <= 0 : c >= 0;
                };
                Predicate<Message> keep = LocalFilters.anyIn(query) ? LocalFilters.messages(query, inAdapter(query)) : m -> true;
                return PageSlice.keyset(ordered, passed, keep, size,
                        m -> Cursors.encode(SmsbatApi.key(m, query.order())));
            });
        });
    }

    @Override
    public CompletableFuture<Optional<Message>> message(MessageRef ref) {
        return Futures.guard(() -> {
            String chatId = api.chatId(ref.conversation(), Operation.MESSAGE);
            return api.history(ref.conversation(), chatId, Operation.MESSAGE)
                    .thenApply(all -> all.stream().filter(m -> m.ref().equals(ref)).findFirst())
                    .exceptionallyCompose(e -> Futures.unwrap(e) instanceof NotFoundException
                            ? CompletableFuture.completedFuture(Optional.empty())
                            : CompletableFuture.failedFuture(Futures.unwrap(e)));
        });
    }

    /** The raw chats list, with a sweep of the chats active since yesterday now and then: see {@link SmsbatChangeDetector}. */
    @Override
    public io.chatgateway.spi.ChangeDetector changeDetector(String account) {
        return new SmsbatChangeDetector(api, account, context.clock());
    }

    @Override
    public CompletableFuture<Map<ConversationRef, Instant>> lastActivity(List<ConversationRef> conversations) {
        return Futures.guard(() -> {
            for (ConversationRef c : conversations) {
                api.chatId(c, Operation.LAST_ACTIVITY);
            }
            Map<ConversationRef, Instant> out = new LinkedHashMap<>();
            return Futures.forEach(conversations, c -> api.history(c, c.id(), Operation.LAST_ACTIVITY).thenAccept(all -> all.stream()
                            .map(Message::sentAt).filter(java.util.Objects::nonNull).max(Comparator.naturalOrder())
                            .ifPresent(t -> out.put(c, t))))
                    .thenApply(v -> java.util.Collections.unmodifiableMap(out));
        });
    }

    @Override
    public CompletableFuture<Void> setStatus(ConversationRef conversation, Conversation.Status status) {
        return Futures.guard(() -> {
            String chatId = api.chatId(conversation, Operation.SET_STATUS);
            if (status == Conversation.Status.UNKNOWN) {
                throw new InvalidRequestException("UNKNOWN is not a status that can be set.", api.details(Operation.SET_STATUS));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", Long.parseLong(chatId));
            body.put("status", SmsbatMapper.statusCode(status));
            return api.authorized(() -> HttpCall.put(config.baseUri(), "/api/chat/status").json(body).operation(Operation.SET_STATUS))
                    .thenApply(a -> null);
        });
    }

    @Override
    public CompletableFuture<Void> deleteConversation(ConversationRef conversation) {
        return Futures.guard(() -> {
            String chatId = api.chatId(conversation, Operation.DELETE_CONVERSATION);
            // 200 with an empty body or the plain text OK: nothing to read
            return api.authorized(() -> HttpCall.delete(config.baseUri(), "/api/chat/chats/{}", chatId)
                    .operation(Operation.DELETE_CONVERSATION)).thenApply(a -> null);
        });
    }
    @Override
    public CompletableFuture<SendResult> send(ConversationRef to, OutgoingMessage message) {
        return sends.send(to, message);
    }

    /** Only operator messages (author 0) come from this account's sends; bots (2) and Viber business (3) do not. */
    @Override
    public boolean sentByThisAccount(Message message) {
        return message.direction() == Message.Direction.OUTBOUND
                && Integer.valueOf(SmsbatMapper.AUTHOR_OPERATOR).equals(message.attributes().get("author"));
    }

    @Override
    public CompletableFuture<Void> markRead(List<MessageRef> messages) {
        return readState.markRead(messages);
    }

    @Override
    public CompletableFuture<Void> markAllRead(List<ConversationRef> conversations) {
        return readState.markAllRead(conversations);
    }

    @Override
    public CompletableFuture<Map<ConversationRef, Long>> unreadCounts() {
        return readState.unreadCounts();
    }

    @Override
    public String toString() {
        return "SmsbatChatProvider[account=" + context.account() + ", " + config + "]";
    }
}
