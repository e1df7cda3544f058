package io.chatgateway.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.BroadcastResult;
import io.chatgateway.Capability;
import io.chatgateway.ChatGateway;
import io.chatgateway.ChatGatewayException;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationRef;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.MessageRef;
import io.chatgateway.Operation;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.Page;
import io.chatgateway.ProtocolException;
import io.chatgateway.ProviderQuery;
import io.chatgateway.QueryPlan;
import io.chatgateway.ReconcileOptions;
import io.chatgateway.ResiliencePolicy;
import io.chatgateway.SendResult;
import io.chatgateway.events.AccountHealth;
import io.chatgateway.spi.ChatProvider;
import io.chatgateway.spi.ChatProviderFactory;
import io.chatgateway.spi.Futures;
import io.chatgateway.spi.LocalFilters;
import io.chatgateway.spi.PageSlice;
import io.chatgateway.spi.ProviderConfig;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/** The {@link ChatGateway}: validation, capability checks, paging, broadcast, idempotency, resilience. */
final class DefaultChatGateway implements ChatGateway {

    /** Most recipients of one broadcast. */
    static final int MAX_BROADCAST_RECIPIENTS = 100_000;
    /** Most references in one markRead or lastActivity call. */
    static final int MAX_REFS_PER_CALL = 100_000;

    private final Map<String, AccountRuntime> accounts;
    private final ExecutorService executor;
    private final IdempotentSends idempotency;
    private final Reconciler reconciler;
    private final OwnSends ownSends;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final java.time.Clock clock;
    private final io.chatgateway.Sleeper sleeper;
    private final Set<DefaultInbox> inboxes = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Set<DefaultOutbox> outboxes = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param settings what the builder collected
     * @throws InvalidConfigurationException when an account cannot be set up
     */
    DefaultChatGateway(GatewaySettings settings) {
        ProviderRegistry registry = ProviderRegistry.discover(settings.factories(), settings.classLoader());
        ObjectMapper mapper = JsonMappers.create(settings.maxResponseBytes());
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "chatgw-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.idempotency = new IdempotentSends(settings.idempotencyStore() != null ? settings.idempotencyStore()
                : new InMemoryIdempotencyStore(), settings.idempotencyWindow(), settings.clock(), settings.sleeper(),
                executor);
        this.ownSends = new OwnSends(settings.idempotencyStore());
        this.clock = settings.clock();
        this.sleeper = settings.sleeper();
        this.reconciler = new Reconciler(settings.sleeper(), executor,
                (query, max) -> messages(query).stream().limit(max).toList(), ownSends);
        Telemetry telemetry = new Telemetry(settings.listeners());
        Map<String, AccountRuntime> built = new LinkedHashMap<>();
        try {
            for (GatewaySettings.Account a : settings.accounts()) {
                ChatProviderFactory factory = registry.require(a.config().providerId());
                ProviderConfig config = resolve(factory, a.config());
                ResiliencePolicy policy = a.policy() != null ? a.policy() : settings.defaultPolicy();
                // the gateway's own client runs its work inline while few exchanges are in flight (ClientWork)
                ClientWork work = settings.httpClient() != null ? null : new ClientWork(executor, ClientWork.INLINE_UP_TO);
                HttpClient client = work == null ? settings.httpClient() : JdkProviderHttp.newClient(policy.connectTimeout(), work);
                String id = factory.metadata().id();
                ResilientCaller caller = new ResilientCaller(a.name(), id, policy,
                        factory.metadata().defaultRatePerSecond(), settings.clock(), settings.sleeper(),
                        new AccountMonitor(a.name(), id, telemetry, settings.clock()));
                DefaultProviderContext context = new DefaultProviderContext(a.name(), id, client, mapper,
                        policy.requestTimeout(), settings.maxResponseBytes(), settings.clock(), executor, work, config.secrets(),
                        caller);
                ChatProvider provider = factory.create(config, context);
                built.put(a.name(), new AccountRuntime(a.name(), factory.metadata(), provider, policy, caller));
            }
        } catch (RuntimeException e) {
            built.values().forEach(r -> closeQuietly(r.provider()));
            executor.shutdownNow();
            throw e;
        }
        this.accounts = Collections.unmodifiableMap(built);
    }

    private static ProviderConfig resolve(ChatProviderFactory factory, ProviderConfig config) {
        if (!(config instanceof SettingsConfig flat)) {
            return config;
        }
        return flat.configure(factory);
    }

    // ---------------------------------------------------------------- accounts and capabilities

    @Override
    public Set<String> accounts() {
        return accounts.keySet();
    }

    @Override
    public String provider(String account) {
        return account(account).metadata().id();
    }

    @Override
    public Map<Capability, Capability.Support> capabilities(String account) {
        return account(account).metadata().capabilities();
    }

    @Override
    public Map<String, AccountHealth> health() {
        if (closed.get()) {
            throw new IllegalStateException("The chat gateway is closed.");
        }
        Map<String, AccountHealth> all = new LinkedHashMap<>();
        accounts.forEach((name, a) -> all.put(name, a.caller().health()));
        return Collections.unmodifiableMap(all);
    }

    @Override
    public AccountHealth health(String account) {
        return account(account).caller().health();
    }

    AccountRuntime runtime(String account) {
        return account(account);
    }

    private AccountRuntime account(String name) {
        if (closed.get()) {
            throw new IllegalStateException("The chat gateway is closed.");
        }
        AccountRuntime a = name == null ? null : accounts.get(name);
        if (a == null) {
            String hint = name == null ? "" : io.chatgateway.internal.NearestName.didYouMean(name, accounts.keySet());
            throw new InvalidRequestException("Unknown account '" + name + "'" + (hint.isEmpty() ? "; configured: "
                    : hint + " Configured: ") + String.join(", ", accounts.keySet()) + ".");
        }
        return a;
    }

    // ---------------------------------------------------------------- reads

    @Override
    public CompletableFuture<Page<Conversation>> conversationsAsync(ConversationQuery query) {
        return CallerRuns.async(() -> Futures.guard(() -> {
            requireArgument(query, "conversation query");
            AccountRuntime a = account(query.account());
            a.require(Capability.LIST_CONVERSATIONS);
            requireOwnProviderQuery(query.providerQuery(), a, Operation.CONVERSATIONS);
            ConversationQuery q = withPageSize(query, a);
            Predicate<Conversation> keep = LocalFilters.conversations(q, a.provider().plan(q).local());
            return page(a, Operation.CONVERSATIONS, null, cursor -> a.provider().conversations(q, cursor), keep);
        }));
    }

    // blocking forms of single-request operations: the first exchange runs on the caller's thread

    @Override
    public Page<Conversation> conversations(ConversationQuery query) {
        return CallerRuns.join(() -> conversationsAsync(query));
    }

    @Override
    public Page<Message> messages(MessageQuery query) {
        return CallerRuns.join(() -> messagesAsync(query));
    }

    @Override
    public Page<Message> messages(MessageQuery query, String cursor) {
        return CallerRuns.join(() -> messagesAsync(query, cursor));
    }

    @Override
    public Optional<Message> message(MessageRef ref) {
        return CallerRuns.join(() -> messageAsync(ref));
    }

    @Override
    public SendResult send(ConversationRef to, OutgoingMessage message) {
        return CallerRuns.join(() -> sendAsync(to, message));
    }

    @Override
    public Map<ConversationRef, Long> unreadCounts(String account) {
        return CallerRuns.join(() -> unreadCountsAsync(account));
    }

    @Override
    public void setStatus(ConversationRef conversation, Conversation.Status status) {
        CallerRuns.join(() -> setStatusAsync(conversation, status));
    }

    @Override
    public void deleteConversation(ConversationRef conversation) {
        CallerRuns.join(() -> deleteConversationAsync(conversation));
    }

    @Override
    public CompletableFuture<Page<Message>> messagesAsync(MessageQuery query) {
        return messagesAsync(query, null);
    }

    @Override
    public CompletableFuture<Page<Message>> messagesAsync(MessageQuery query, String cursor) {
        // joined before a pool thread took the exchange, the joining thread runs it (CallerRuns.async)
        return CallerRuns.async(() -> Futures.guard(() -> {
            requireArgument(query, "message query");
            AccountRuntime a = account(query.conversation().account());
            a.require(Capability.LIST_MESSAGES);
            requireOwnProviderQuery(query.providerQuery(), a, Operation.MESSAGES);
            MessageQuery q = withPageSize(query, a);
            // no plan to make, and no filtering, when the query has nothing a local filter could apply
            Set<QueryPlan.Filter> local = LocalFilters.anyIn(q) ? plan(a, q).local() : Set.of();
            Predicate<Message> keep = local.isEmpty() ? null : LocalFilters.messages(q, local);
            return page(a, Operation.MESSAGES, cursor, c -> a.provider().messages(q, c), keep);
        }));
    }

    @Override
    public QueryPlan explain(MessageQuery query) {
        requireArgument(query, "message query");
        AccountRuntime a = account(query.conversation().account());
        requireOwnProviderQuery(query.providerQuery(), a, Operation.MESSAGES);
        return plan(a, withPageSize(query, a));
    }

    /** The adapter's plan, with every filter it places nowhere (one newer than the adapter) applied locally. */
    private static QueryPlan plan(AccountRuntime a, MessageQuery q) {
        QueryPlan plan = a.provider().plan(q);
        Set<QueryPlan.Filter> unplaced = LocalFilters.setIn(q);
        unplaced.removeAll(plan.atProvider());
        unplaced.removeAll(plan.inAdapter());
        if (plan.local().containsAll(unplaced)) {
            return plan;
        }
        unplaced.addAll(plan.local());
        return new QueryPlan(plan.atProvider(), plan.inAdapter(), unplaced, plan.notes());
    }

    @Override
    public QueryPlan explain(ConversationQuery query) {
        requireArgument(query, "conversation query");
        AccountRuntime a = account(query.account());
        requireOwnProviderQuery(query.providerQuery(), a, Operation.CONVERSATIONS);
        return a.provider().plan(withPageSize(query, a));
    }

    /** Typed provider filters of another provider than the account's are a mistake, caught before any request. */
    private static void requireOwnProviderQuery(ProviderQuery typed, AccountRuntime a, Operation operation) {
        if (typed != null && !a.metadata().id().equals(typed.provider())) {
            throw new InvalidRequestException("Account '" + a.name() + "' uses the " + a.metadata().id()
                    + " provider; its query cannot carry " + typed.provider() + " filters ("
                    + typed.getClass().getSimpleName() + ").", a.details(operation));
        }
    }

    private <T> CompletableFuture<Page<T>> page(AccountRuntime a, Operation operation, String cursor,
                                                Function<String, CompletableFuture<PageSlice<T>>> fetch,
                                                Predicate<T> keep) {
        CompletableFuture<Page<T>> result = new CompletableFuture<>();
        fetchUntilKept(a, operation, cursor, fetch, keep, result);
        return result;
    }

    /**
     * Fetches from {@code cursor} on until a page keeps an item after the local filters, or the last page.
     * A loop, not a recursion: thousands of pages emptied by a filter must not grow the stack.
     */
    private <T> void fetchUntilKept(AccountRuntime a, Operation operation, String cursor,
                                    Function<String, CompletableFuture<PageSlice<T>>> fetch,
                                    Predicate<T> keep, CompletableFuture<Page<T>> result) {
        String current = cursor;
        while (true) {
            String asked = current;
            CompletableFuture<PageSlice<T>> f = a.caller().call(operation, () -> fetch.apply(asked));
            if (!f.isDone()) {
                f.whenComplete((slice, error) -> {
                    String next = error == null ? accept(a, operation, asked, slice, fetch, keep, result) : fail(result, error);
                    if (next != null) {
                        fetchUntilKept(a, operation, next, fetch, keep, result);
                    }
                });
                return;
            }
            if (f.isCompletedExceptionally()) {
                // e.g. refused by an open circuit: hand on the error itself, without join's CompletionException
                f.whenComplete((slice, error) -> fail(result, error));
                return;
            }
            PageSlice<T> slice;
            try {
                slice = f.join();
            } catch (RuntimeException e) {
                fail(result, e);
                return;
            }
            current = accept(a, operation, asked, slice, fetch, keep, result);
            if (current == null) {
                return;
            }
        }
    }

    /** @return the cursor to fetch next when this slice kept nothing, else {@code null} (result completed) */
    private <T> String accept(AccountRuntime a, Operation operation, String asked, PageSlice<T> slice,
                              Function<String, CompletableFuture<PageSlice<T>>> fetch, Predicate<T> keep,
                              CompletableFuture<Page<T>> result) {
        try {
            String next = slice.nextCursor();
            if (next != null && next.equals(asked)) {
                throw new ProtocolException("The " + a.metadata().id() + " adapter returned the same page cursor twice;"
                        + " stopping instead of looping.", a.details(operation), null, false);
            }
            List<T> kept = keep == null ? slice.items() : slice.items().stream().filter(keep).toList();
            if (kept.isEmpty() && next != null) {
                return next;
            }
            result.complete(Page.of(kept, next, c -> page(a, operation, c, fetch, keep)));
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
        return null;
    }

    private static <T> String fail(CompletableFuture<Page<T>> result, Throwable error) {
        result.completeExceptionally(Futures.unwrap(error));
        return null;
    }

    private static MessageQuery withPageSize(MessageQuery q, AccountRuntime a) {
        int max = a.metadata().maxPageSize();
        if (q.pageSize() > 0 && q.pageSize() <= max) {
            return q;
        }
        int size = q.pageSize() == 0 ? Math.min(100, max) : max;
        return q.withPageSize(size);
    }

    private static ConversationQuery withPageSize(ConversationQuery q, AccountRuntime a) {
        int max = a.metadata().maxPageSize();
        if (q.pageSize() > 0 && q.pageSize() <= max) {
            return q;
        }
        int size = q.pageSize() == 0 ? Math.min(100, max) : max;
        return q.withPageSize(size);
    }

    @Override
    public CompletableFuture<Optional<Message>> messageAsync(MessageRef ref) {
        return CallerRuns.async(() -> Futures.guard(() -> {
            requireArgument(ref, "message reference");
            AccountRuntime a = account(ref.account());
            a.require(Capability.GET_MESSAGE);
            return a.caller().call(Operation.MESSAGE, () -> a.provider().message(ref));
        }));
    }

    @Override
    public CompletableFuture<Map<ConversationRef, Long>> unreadCountsAsync(String account) {
        return Futures.guard(() -> {
            AccountRuntime a = account(account);
            a.require(Capability.UNREAD_COUNTS);
            return a.caller().call(Operation.UNREAD_COUNTS, () -> a.provider().unreadCounts())
                    .thenApply(DefaultChatGateway::aboveZero);
        });
    }

    /** One meaning of unread counts for every adapter: only conversations with unread messages are present. */
    private static Map<ConversationRef, Long> aboveZero(Map<ConversationRef, Long> counts) {
        Map<ConversationRef, Long> out = new LinkedHashMap<>();
        counts.forEach((ref, n) -> {
            if (n != null && n > 0) {
                out.put(ref, n);
            }
        });
        return out;
    }

    @Override
    public CompletableFuture<Map<ConversationRef, Instant>> lastActivityAsync(Collection<ConversationRef> conversations) {
        return Futures.guard(() -> {
            Map<AccountRuntime, List<ConversationRef>> byAccount = groupByAccount(conversations, "conversations",
                    ConversationRef::account, Capability.LAST_ACTIVITY);
            List<CompletableFuture<Map<ConversationRef, Instant>>> parts = new ArrayList<>();
            byAccount.forEach((a, refs) -> parts.add(a.caller().call(Operation.LAST_ACTIVITY, () -> a.provider().lastActivity(refs))));
            return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
                Map<ConversationRef, Instant> all = new LinkedHashMap<>();
                parts.forEach(p -> all.putAll(p.join()));
                return Collections.unmodifiableMap(all);
            });
        });
    }

    // ---------------------------------------------------------------- sends

    @Override
    public CompletableFuture<SendResult> sendAsync(ConversationRef to, OutgoingMessage message) {
        return sendAsync(to, message, null);
    }

    @Override
    public SendResult send(ConversationRef to, OutgoingMessage message, ReconcileOptions options) {
        requireArgument(options, "reconcile options");
        return CallerRuns.join(() -> sendAsync(to, message, options));
    }

    @Override
    public CompletableFuture<SendResult> sendAsync(ConversationRef to, OutgoingMessage message, ReconcileOptions options) {
        return CallerRuns.async(() -> sendAsync(to, message, options, null, null));
    }

    /**
     * As {@link #sendAsync(ConversationRef, OutgoingMessage, ReconcileOptions)}; {@code keyOutcome}, when not
     * {@code null}, takes the completed reservation of the message's idempotency key instead of it being written
     * here, so that the caller writes it with its own record; {@code reserved}, when not {@code null}, is the
     * key's reservation made ahead of the send (see {@link IdempotentSends#run}).
     */
    CompletableFuture<SendResult> sendAsync(ConversationRef to, OutgoingMessage message, ReconcileOptions options,
                                            java.util.function.Consumer<io.chatgateway.store.IdempotencyRecord> keyOutcome,
                                            IdempotentSends.Reserved reserved) {
        return Futures.guard(() -> {
            validateSend(to, message);
            AccountRuntime a = account(to.account());
            CompletableFuture<SendResult> sent = idempotency.run(a, to, message, () -> options == null ? sendOnce(a, to, message)
                    : sendReconciled(a, to, message, options), options == null ? null
                    : (sentAt, uncertain) -> reconciler.reconcile(a, to, message, sentAt, options, uncertain,
                    () -> sendOnce(a, to, message)), keyOutcome, reserved);
            return options == null || !a.caller().monitor().detailed() ? sent : sent.whenComplete((r, e) -> {
                if (r != null && !r.replayed() && r.reconciliation() != io.chatgateway.SendResult.Reconciliation.NONE) {
                    a.caller().monitor().publish(new io.chatgateway.events.GatewayEvent.SendReconciled(a.name(),
                            a.metadata().id(), r.reconciliation(), clock.instant()));
                }
            });
        });
    }

    /** Sends once; an uncertain outcome is settled by reading the conversation back. */
    private CompletableFuture<SendResult> sendReconciled(AccountRuntime a, ConversationRef to, OutgoingMessage message,
                                                         ReconcileOptions options) {
        Instant sentAt = clock.instant();
        return sendOnce(a, to, message).handle((result, error) -> {
            if (error == null) {
                reconciler.claim(result.message());
                return CompletableFuture.completedFuture(result);
            }
            Throwable cause = Futures.unwrap(error);
            if (cause instanceof DeliveryUncertainException u) {
                return reconciler.reconcile(a, to, message, sentAt, options, u, () -> sendOnce(a, to, message));
            }
            return CompletableFuture.<SendResult>failedFuture(cause);
        }).thenCompose(f -> f);
    }

    private CompletableFuture<SendResult> sendOnce(AccountRuntime a, ConversationRef to, OutgoingMessage message) {
        CompletableFuture<SendResult> sent = a.caller().call(Operation.SEND, () -> a.provider().send(to, message));
        if (sent.isDone() && !sent.isCompletedExceptionally()) {
            own(sent.join(), message); // sent on the caller's thread: no stages to allocate
            return sent;
        }
        return sent.thenApply(r -> own(r, message))
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(aboutSend(Futures.unwrap(e), to, message)));
    }

    /**
     * Remembers a send's message as the gateway's own (reconciliation, the inbox's MESSAGE_SENT), owned by the
     * message's idempotency key.
     */
    private SendResult own(SendResult result, OutgoingMessage message) {
        ownSends.claim(result.message(), message.idempotencyKey());
        return result;
    }

    private static Throwable aboutSend(Throwable error, ConversationRef to, OutgoingMessage message) {
        if (error instanceof DeliveryUncertainException u && u.conversation().isEmpty()) {
            return u.about(to, message);
        }
        return error;
    }

    private static void validateOutgoing(AccountRuntime a, OutgoingMessage message) {
        int max = a.metadata().maxTextLength();
        int length = message.text().codePointCount(0, message.text().length());
        if (length > max) {
            throw new InvalidRequestException("The message text has " + length + " characters; "
                    + a.metadata().displayName() + " accepts at most " + max + ".", a.details(Operation.SEND));
        }
        if (!message.attachments().isEmpty()) {
            a.require(Capability.SEND_ATTACHMENT);
        }
    }

    @Override
    public CompletableFuture<BroadcastResult> broadcastAsync(Collection<ConversationRef> recipients, OutgoingMessage message) {
        return Futures.guard(() -> {
            requireArgument(message, "message");
            requireArgument(recipients, "recipients");
            if (recipients.size() > MAX_BROADCAST_RECIPIENTS) {
                throw new InvalidRequestException("A broadcast takes at most " + MAX_BROADCAST_RECIPIENTS
                        + " recipients, not " + recipients.size() + ".");
            }
            if (message.idempotencyKey() != null) {
                throw new InvalidRequestException("Idempotency keys apply to single sends, not to broadcasts.");
            }
            Map<AccountRuntime, List<ConversationRef>> byAccount = groupByAccount(recipients, "recipients",
                    ConversationRef::account, Capability.BROADCAST);
            byAccount.keySet().forEach(a -> validateOutgoing(a, message));
            List<ConversationRef> order = new ArrayList<>(new LinkedHashSet<>(recipients));
            Map<ConversationRef, BroadcastResult.RecipientOutcome> outcomes = new java.util.concurrent.ConcurrentHashMap<>();
            List<CompletableFuture<Void>> parts = new ArrayList<>();
            byAccount.forEach((a, refs) -> parts.add(a.metadata().support(Capability.BROADCAST) == Capability.Support.NATIVE
                    ? nativeBroadcast(a, refs, message, outcomes)
                    : fanOut(a, refs, message, outcomes)));
            return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
                    .thenApply(v -> new BroadcastResult(order.stream().map(outcomes::get).toList()));
        });
    }

    private CompletableFuture<Void> nativeBroadcast(AccountRuntime a, List<ConversationRef> refs, OutgoingMessage message,
                                                    Map<ConversationRef, BroadcastResult.RecipientOutcome> outcomes) {
        int chunkSize = a.metadata().maxBroadcastRecipients();
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (int from = 0; from < refs.size(); from += chunkSize) {
            List<ConversationRef> chunk = List.copyOf(refs.subList(from, Math.min(refs.size(), from + chunkSize)));
            chain = chain.thenCompose(v -> a.caller().call(Operation.BROADCAST, () -> a.provider().broadcast(chunk, message))
                    .handle((list, error) -> {
                        Map<ConversationRef, BroadcastResult.RecipientOutcome> got = new LinkedHashMap<>();
                        if (list != null) {
                            list.forEach(o -> got.put(o.conversation(), o));
                            list.stream().filter(o -> o.message() != null).forEach(o -> ownSends.claim(o.message()));
                        }
                        for (ConversationRef r : chunk) {
                            BroadcastResult.RecipientOutcome o = got.get(r);
                            if (o == null) {
                                Throwable cause = error != null ? Futures.unwrap(error)
                                        : new DeliveryUncertainException("The provider's broadcast answer did not mention "
                                        + r + "; it may or may not have been sent.", a.details(Operation.BROADCAST), r, message, null);
                                o = BroadcastResult.RecipientOutcome.failed(r, asGatewayError(aboutSend(cause, r, message), a, Operation.BROADCAST));
                            }
                            outcomes.put(r, o);
                        }
                        return null;
                    }));
        }
        return chain;
    }

    private CompletableFuture<Void> fanOut(AccountRuntime a, List<ConversationRef> refs, OutgoingMessage message,
                                           Map<ConversationRef, BroadcastResult.RecipientOutcome> outcomes) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        int lanes = Math.min(a.policy().broadcastConcurrency(), refs.size());
        Runnable[] lane = new Runnable[1];
        lane[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= refs.size()) {
                return;
            }
            ConversationRef r = refs.get(i);
            sendOnce(a, r, message).handle((result, error) -> {
                outcomes.put(r, error == null ? BroadcastResult.RecipientOutcome.sent(r, result.message())
                        : BroadcastResult.RecipientOutcome.failed(r, asGatewayError(Futures.unwrap(error), a, Operation.BROADCAST)));
                if (finished.incrementAndGet() == refs.size()) {
                    done.complete(null);
                } else {
                    executor.execute(lane[0]);
                }
                return null;
            });
        };
        for (int i = 0; i < lanes; i++) {
            lane[0].run();
        }
        return done;
    }

    private static ChatGatewayException asGatewayError(Throwable t, AccountRuntime a, Operation operation) {
        if (t instanceof ChatGatewayException g) {
            return g;
        }
        return new ProtocolException("The " + a.metadata().id() + " adapter failed unexpectedly: "
                + t.getClass().getSimpleName() + ".", a.details(operation), t, false);
    }

    // ---------------------------------------------------------------- read state, status, delete

    @Override
    public CompletableFuture<Void> markReadAsync(Collection<MessageRef> messages) {
        return Futures.guard(() -> {
            Map<AccountRuntime, List<MessageRef>> byAccount = groupByAccount(messages, "messages",
                    MessageRef::account, Capability.MARK_READ);
            List<CompletableFuture<Void>> parts = new ArrayList<>();
            byAccount.forEach((a, refs) -> parts.add(a.caller().call(Operation.MARK_READ, () -> a.provider().markRead(refs))));
            return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new));
        });
    }

    @Override
    public CompletableFuture<Void> markAllReadAsync(String account, Collection<ConversationRef> conversations) {
        return Futures.guard(() -> {
            AccountRuntime a = account(account);
            a.require(Capability.MARK_ALL_READ);
            if (conversations != null && conversations.stream().anyMatch(java.util.Objects::isNull)) {
                throw new InvalidRequestException("The list of conversations contains null.");
            }
            List<ConversationRef> refs = conversations == null ? List.of() : List.copyOf(new LinkedHashSet<>(conversations));
            for (ConversationRef r : refs) {
                if (!r.account().equals(account)) {
                    throw new InvalidRequestException("Conversation " + r + " is not of account '" + account + "'.");
                }
            }
            return a.caller().call(Operation.MARK_ALL_READ, () -> a.provider().markAllRead(refs));
        });
    }

    @Override
    public CompletableFuture<Void> setStatusAsync(ConversationRef conversation, Conversation.Status status) {
        return Futures.guard(() -> {
            requireArgument(conversation, "conversation");
            requireArgument(status, "status");
            AccountRuntime a = account(conversation.account());
            a.require(Capability.SET_STATUS);
            if (status == Conversation.Status.UNKNOWN) {
                throw new InvalidRequestException("UNKNOWN is not a status that can be set.", a.details(Operation.SET_STATUS));
            }
            return a.caller().call(Operation.SET_STATUS, () -> a.provider().setStatus(conversation, status));
        });
    }

    @Override
    public CompletableFuture<Void> deleteConversationAsync(ConversationRef conversation) {
        return Futures.guard(() -> {
            requireArgument(conversation, "conversation");
            AccountRuntime a = account(conversation.account());
            a.require(Capability.DELETE_CONVERSATION);
            return a.caller().call(Operation.DELETE_CONVERSATION, () -> a.provider().deleteConversation(conversation));
        });
    }

    @Override
    public io.chatgateway.inbox.Inbox inbox(io.chatgateway.inbox.InboxOptions options) {
        requireArgument(options, "inbox options");
        List<AccountRuntime> selected = new ArrayList<>();
        for (String name : options.accounts().isEmpty() ? accounts.keySet() : options.accounts()) {
            selected.add(account(name));
        }
        DefaultInbox inbox = new DefaultInbox(this, selected, options, clock, sleeper, ownSends, inboxes::remove);
        inboxes.add(inbox);
        return inbox;
    }

    @Override
    public io.chatgateway.outbox.Outbox outbox(io.chatgateway.outbox.OutboxOptions options) {
        requireArgument(options, "outbox options");
        if (closed.get()) {
            throw new IllegalStateException("The chat gateway is closed.");
        }
        DefaultOutbox outbox = new DefaultOutbox(this, options.store(), options, clock, sleeper, executor);
        outboxes.add(outbox);
        return outbox;
    }

    /** @return where the idempotency keys of this gateway's sends are kept */
    io.chatgateway.store.IdempotencyStore idempotencyStore() {
        return idempotency.store();
    }

    /** @return how this gateway's sends are made idempotent */
    IdempotentSends idempotency() {
        return idempotency;
    }

    /** Validates a send as {@link #sendAsync} does, before anything is stored or sent. */
    void validateSend(ConversationRef to, OutgoingMessage message) {
        requireArgument(to, "recipient");
        requireArgument(message, "message");
        AccountRuntime a = account(to.account());
        a.require(Capability.SEND);
        validateOutgoing(a, message);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            outboxes.forEach(DefaultOutbox::close);
            inboxes.forEach(DefaultInbox::close);
            accounts.values().forEach(a -> closeQuietly(a.provider()));
            executor.shutdownNow();
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ChatGateway[");
        accounts.values().forEach(a -> sb.append(a.name()).append('=').append(a.metadata().id()).append(' '));
        return sb.toString().trim() + "]";
    }

    // ---------------------------------------------------------------- helpers

    private <R> Map<AccountRuntime, List<R>> groupByAccount(Collection<R> refs, String what,
                                                            Function<R, String> accountOf, Capability capability) {
        requireArgument(refs, what);
        if (refs.isEmpty()) {
            throw new InvalidRequestException("The list of " + what + " must not be empty.");
        }
        if (refs.size() > MAX_REFS_PER_CALL) {
            throw new InvalidRequestException("At most " + MAX_REFS_PER_CALL + " " + what + " per call, not " + refs.size() + ".");
        }
        Map<AccountRuntime, List<R>> byAccount = new LinkedHashMap<>();
        Set<R> seen = new LinkedHashSet<>();
        for (R r : refs) {
            if (r == null) {
                throw new InvalidRequestException("The list of " + what + " contains null.");
            }
            if (seen.add(r)) {
                byAccount.computeIfAbsent(account(accountOf.apply(r)), k -> new ArrayList<>()).add(r);
            }
        }
        byAccount.keySet().forEach(a -> a.require(capability));
        byAccount.replaceAll((a, l) -> List.copyOf(l));
        return byAccount;
    }

    private static void requireArgument(Object value, String what) {
        if (value == null) {
            throw new InvalidRequestException("The " + what + " must not be null.", ErrorDetails.NONE);
        }
    }

    private static void closeQuietly(ChatProvider provider) {
        try {
            provider.close();
        } catch (RuntimeException ignored) {
            // closing must not fail the caller
        }
    }
}
