package io.chatgateway.navixy.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.BroadcastResult;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationRef;
import io.chatgateway.ConversationUnavailableException;
import io.chatgateway.FeatureUnavailableException;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.MessageRef;
import io.chatgateway.Operation;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.QueryPlan;
import io.chatgateway.SendResult;
import io.chatgateway.navixy.NavixyChatProviderFactory;
import io.chatgateway.navixy.NavixyConfig;
import io.chatgateway.spi.ChatProvider;
import io.chatgateway.spi.Futures;
import io.chatgateway.spi.JsonValues;
import io.chatgateway.spi.PageCursor.Keyset;
import io.chatgateway.spi.PageCursor;
import io.chatgateway.spi.PageSlice;
import io.chatgateway.spi.ProviderContext;
import io.chatgateway.spi.QueryPlans;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The Navixy adapter of one account: conversations are trackers ({@code tracker/list}, enriched with
 * {@code tracker/chat/unread/count} and {@code tracker/chat/updated/list}), messages are
 * {@code tracker/chat/list} paged by time window, and the other {@code tracker/chat/*} actions map 1:1.
 * Thread-safe.
 */
public final class NavixyChatProvider implements ChatProvider {

    private static final int MAX_LIMIT = NavixyChatProviderFactory.MAX_PAGE_SIZE;
    private static final int MAX_TRACKERS = NavixyChatProviderFactory.MAX_TRACKERS_PER_CALL;
    private static final int MAX_MESSAGE_IDS = 1024;
    private static final String CONVERSATION_CURSOR = "navixyTrackers";

    private final NavixyConfig config;
    private final NavixyApi api;
    private final String account;
    /** How far an open-ended read reaches past this machine's clock (client clocks run behind servers'). */
    static final java.time.Duration CLOCK_SKEW_ALLOWANCE = java.time.Duration.ofHours(1);
    private final Clock clock;
    private final NavixySends sends;
    private final TrackerIsolation isolation;
    private final QueryPlans plans = new QueryPlans(this::makePlan);

    /**
     * @param config  the account's configuration
     * @param context the gateway's plumbing
     */
    public NavixyChatProvider(NavixyConfig config, ProviderContext context) {
        this.config = config;
        this.api = new NavixyApi(config, context);
        this.account = context.account();
        this.clock = context.clock();
        this.isolation = new TrackerIsolation(api);
        this.sends = new NavixySends(api, context.account(), isolation);
    }

    @Override
    public CompletableFuture<PageSlice<Conversation>> conversations(ConversationQuery query, String cursor) {
        long after;
        try {
            after = cursor == null ? Long.MIN_VALUE : parseConversationCursor(cursor);
        } catch (InvalidRequestException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (!query.providerFilters().isEmpty()) {
            return CompletableFuture.failedFuture(new InvalidRequestException("Navixy knows no conversation filter named "
                    + query.providerFilters().keySet() + ".", api.details(Operation.CONVERSATIONS)));
        }
        int size = Math.max(1, query.pageSize());
        return api.call(Operation.CONVERSATIONS, "/tracker/list", new LinkedHashMap<>(), false).thenCompose(json -> {
            List<JsonNode> trackers = new ArrayList<>();
            json.path("list").forEach(n -> {
                Long id = JsonValues.asLong(n.get("id"));
                if (id != null && id > after) {
                    trackers.add(n);
                }
            });
            trackers.sort(Comparator.comparingLong(n -> JsonValues.asLong(n.get("id"))));
            List<JsonNode> page = trackers.subList(0, Math.min(size, trackers.size()));
            if (page.isEmpty()) {
                return CompletableFuture.completedFuture(PageSlice.<Conversation>last(List.of()));
            }
            List<Long> ids = page.stream().map(n -> JsonValues.asLong(n.get("id"))).toList();
            // tracker/list already says which trackers are blocked: they are left out of updated/list up front
            Map<Long, TrackerIsolation.Reason> blocked = new LinkedHashMap<>();
            page.stream().filter(TrackerIsolation::blocked)
                    .forEach(n -> blocked.put(JsonValues.asLong(n.get("id")), TrackerIsolation.Reason.BLOCKED));
            List<Long> screened = ids.stream().filter(id -> !blocked.containsKey(id)).toList();
            CompletableFuture<Map<Long, Long>> unread = optional(unreadById());
            CompletableFuture<Activity> last = optional(activity(screened, true, Operation.CONVERSATIONS));
            return unread.thenCombine(last, (u, l) -> {
                Map<Long, TrackerIsolation.Reason> unavailable = new LinkedHashMap<>(blocked);
                if (l != null) {
                    unavailable.putAll(l.unavailable());
                }
                List<Conversation> items = new ArrayList<>();
                for (JsonNode n : page) {
                    Long id = JsonValues.asLong(n.get("id"));
                    TrackerIsolation.Reason why = unavailable.get(id);
                    Conversation c = NavixyMapper.tracker(n, account, u, l == null ? null : l.times(),
                            why == null ? null : why.wire());
                    if (c != null) {
                        items.add(c);
                    }
                }
                String next = trackers.size() > page.size()
                        ? PageCursor.encode(CONVERSATION_CURSOR, ids.get(ids.size() - 1)) : null;
                return new PageSlice<>(items, next);
            });
        });
    }

    private long parseConversationCursor(String cursor) {
        return PageCursor.decode(cursor, CONVERSATION_CURSOR, 1, api.details(Operation.CONVERSATIONS)).number(0);
    }

    /**
     * Enrichment that the tariff may not allow: a missing chat feature or the dealer's exceeded device limit
     * (221) leaves the values unknown ({@code null}).
     */
    private static <T> CompletableFuture<T> optional(CompletableFuture<T> part) {
        return part.exceptionally(e -> {
            Throwable cause = Futures.unwrap(e);
            if (cause instanceof FeatureUnavailableException || cause instanceof ConversationUnavailableException
                    || NavixyApi.DEVICE_LIMIT.equals(NavixyApi.code(cause))) {
                return null;
            }
            throw new CompletionException(cause);
        });
    }

    @Override
    public QueryPlan plan(MessageQuery query) {
        return plans.plan(query);
    }

    /** The plan of queries of this shape: it depends only on which filters the query sets (see {@link QueryPlans}). */
    private QueryPlan makePlan(MessageQuery query) {
        EnumSet<QueryPlan.Filter> provider = EnumSet.noneOf(QueryPlan.Filter.class);
        EnumSet<QueryPlan.Filter> local = EnumSet.noneOf(QueryPlan.Filter.class);
        List<String> notes = new ArrayList<>();
        if (query.since() != null) {
            provider.add(QueryPlan.Filter.SINCE);
        } else {
            notes.add("no since given: reads the last " + days(config) + " ending now (Navixy's default window is"
                    + " 7 days); give since to read older history");
        }
        if (query.until() != null) {
            provider.add(QueryPlan.Filter.UNTIL);
        }
        if (query.textContains() != null) {
            local.add(QueryPlan.Filter.TEXT);
        }
        if (!query.sendersIn().isEmpty()) {
            local.add(QueryPlan.Filter.SENDERS_IN);
        }
        if (!query.sendersNotIn().isEmpty()) {
            local.add(QueryPlan.Filter.SENDERS_NOT_IN);
        }
        if (!query.recipientsIn().isEmpty()) {
            local.add(QueryPlan.Filter.RECIPIENTS_IN);
        }
        if (!query.recipientsNotIn().isEmpty()) {
            local.add(QueryPlan.Filter.RECIPIENTS_NOT_IN);
        }
        if (!query.recipientsIn().isEmpty() || !query.recipientsNotIn().isEmpty()) {
            notes.add("Navixy names no addressee: an outgoing message's recipient is the tracker (its id), an incoming"
                    + " one has none");
        }
        if (query.updatedSince() != null) {
            local.add(QueryPlan.Filter.UPDATED_SINCE);
        }
        if (query.updatedUntil() != null) {
            local.add(QueryPlan.Filter.UPDATED_UNTIL);
        }
        if (query.updatedSince() != null || query.updatedUntil() != null) {
            notes.add("Navixy's update_time (delivery time of outgoing messages, null until delivered) is filtered"
                    + " here; from/to narrow by send time only");
        }
        notes.add("Navixy pages by time window (from/to, whole seconds) and limit <= " + MAX_LIMIT
                + "; the cursor remembers the boundary second and the ids already returned there");
        notes.add(config.isoDateTime() ? "date/times exchanged as ISO 8601 with offset (NVX-ISO-DateTime: true)"
                : "date/times exchanged without offset in the account's time zone ("
                + config.timeZone().map(Object::toString).orElse("as reported by user/get_info") + ")");
        return new QueryPlan(provider, local, notes);
    }

    private static String days(NavixyConfig config) {
        long d = config.historyWindow().toDays();
        return d * 86_400 == config.historyWindow().getSeconds() ? d + " days" : config.historyWindow().toString();
    }

    @Override
    public CompletableFuture<PageSlice<Message>> messages(MessageQuery query, String cursor) {
        ConversationRef conversation = query.conversation();
        long tracker;
        MessageCursor c;
        try {
            tracker = api.trackerId(conversation, Operation.MESSAGES);
            c = cursor == null ? null : MessageCursor.decode(cursor, api.details(Operation.MESSAGES));
        } catch (InvalidRequestException e) {
            return CompletableFuture.failedFuture(e);
        }
        boolean ascending = query.order() == MessageQuery.Order.ASCENDING;
        if (c == null) {
            // the clock is read only for an open end (a bounded query reads none)
            Instant now = query.since() != null && query.until() != null ? null : clock.instant();
            Instant since = query.since() != null ? query.since() : now.minus(config.historyWindow());
            long lo = ceilSeconds(since);
            // open-ended reads look past our own clock: a client clock behind the server's must not hide the newest
            long hi = query.until() != null ? ceilSeconds(query.until()) - 1 : now.plus(CLOCK_SKEW_ALLOWANCE).getEpochSecond();
            if (lo > hi) {
                return CompletableFuture.completedFuture(PageSlice.last(List.of()));
            }
            c = new MessageCursor(ascending, lo, hi, Keyset.at(ascending ? lo : hi));
        } else if (c.ascending() != ascending) {
            return CompletableFuture.failedFuture(PageCursor.notIssued(api.details(Operation.MESSAGES)));
        }
        MessageCursor at = c;
        int pageSize = Math.max(1, Math.min(MAX_LIMIT, query.pageSize()));
        int limit = Math.min(MAX_LIMIT, pageSize + at.position().seen().size());
        return api.writableTime().thenCompose(time -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("tracker_id", tracker);
            body.put("from", time.format(Instant.ofEpochSecond(ascending ? at.boundary() : at.lo())));
            body.put("to", time.format(Instant.ofEpochSecond(ascending ? at.hi() : at.boundary())));
            body.put("limit", limit);
            body.put("ascending", ascending);
            return api.call(Operation.MESSAGES, "/tracker/chat/list", body, false)
                    .thenCompose(json -> api.withTime(t -> NavixyMessagePage.slice(json, conversation, t, at, pageSize, limit,
                            api.details(Operation.MESSAGES))));
        });
    }

    private static long ceilSeconds(Instant t) {
        return t.getNano() == 0 ? t.getEpochSecond() : t.getEpochSecond() + 1;
    }



    @Override
    public CompletableFuture<SendResult> send(ConversationRef to, OutgoingMessage message) {
        return sends.send(to, message);
    }

    @Override
    public CompletableFuture<List<BroadcastResult.RecipientOutcome>> broadcast(List<ConversationRef> recipients, OutgoingMessage message) {
        return sends.broadcast(recipients, message);
    }

    @Override
    public CompletableFuture<Void> markRead(List<MessageRef> messages) {
        List<Long> ids = new ArrayList<>();
        try {
            for (MessageRef m : messages) {
                api.trackerId(m.conversation(), Operation.MARK_READ);
                ids.add(api.numeric(m.id(), "message id", m.toString(), Operation.MARK_READ));
            }
        } catch (InvalidRequestException e) {
            return CompletableFuture.failedFuture(e);
        }
        List<Long> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
        return Futures.forEach(NavixyApi.chunks(distinct, MAX_MESSAGE_IDS), chunk -> {
            Map<String, Object> body = new LinkedHashMap<>();
            if (chunk.size() == 1) {
                body.put("message_id", chunk.get(0));
            } else {
                body.put("message_ids", chunk);
            }
            return api.call(Operation.MARK_READ, "/tracker/chat/mark_read", body, false);
        });
    }

    @Override
    public CompletableFuture<Void> markAllRead(List<ConversationRef> conversations) {
        List<Long> ids;
        try {
            ids = api.trackerIds(conversations, Operation.MARK_ALL_READ);
        } catch (InvalidRequestException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (ids.isEmpty()) {
            return api.call(Operation.MARK_ALL_READ, "/tracker/chat/mark_read_all", new LinkedHashMap<>(), false).thenApply(j -> null);
        }
        return Futures.forEach(NavixyApi.chunks(ids, MAX_TRACKERS), chunk -> api.call(Operation.MARK_ALL_READ,
                "/tracker/chat/mark_read_all", new LinkedHashMap<>(Map.of("trackers", chunk)), false));
    }

    @Override
    public CompletableFuture<Map<ConversationRef, Long>> unreadCounts() {
        return unreadById().thenApply(counts -> {
            Map<ConversationRef, Long> out = new LinkedHashMap<>();
            counts.forEach((id, n) -> out.put(new ConversationRef(account, Long.toString(id)), n));
            return out;
        });
    }

    private CompletableFuture<Map<Long, Long>> unreadById() {
        return api.call(Operation.UNREAD_COUNTS, "/tracker/chat/unread/count", new LinkedHashMap<>(), false)
                .thenApply(json -> NavixyMapper.countsById(json.get("value")));
    }

    /** {@code updated/list} over the known trackers, the full listing now and then: see {@link NavixyChangeDetector}. */
    @Override
    public io.chatgateway.spi.ChangeDetector changeDetector(String account) {
        return new NavixyChangeDetector(this, account, clock);
    }

    @Override
    public CompletableFuture<Map<ConversationRef, Instant>> lastActivity(List<ConversationRef> conversations) {
        Map<Long, ConversationRef> byId = new LinkedHashMap<>();
        try {
            for (ConversationRef r : conversations) {
                byId.put(api.trackerId(r, Operation.LAST_ACTIVITY), r);
            }
        } catch (InvalidRequestException e) {
            return CompletableFuture.failedFuture(e);
        }
        return activity(new ArrayList<>(byId.keySet()), false, Operation.LAST_ACTIVITY).thenApply(activity -> {
            Map<ConversationRef, Instant> out = new LinkedHashMap<>();
            byId.forEach((id, ref) -> {
                Instant t = activity.times().get(id);
                if (t != null) {
                    out.put(ref, t);
                }
            });
            return out;
        });
    }

    /**
     * Last activity by tracker and the trackers Navixy would not answer for.
     *
     * @param times       tracker id to its last activity (trackers without messages are absent)
     * @param unavailable trackers left out of {@code updated/list}, with why
     */
    private record Activity(Map<Long, Instant> times, Map<Long, TrackerIsolation.Reason> unavailable) { }

    /**
     * {@code updated/list} in chunks of 300, one after another; a chunk rejected with 217 is narrowed down to
     * its offenders, so one bad tracker never hides the others' times. Fails when Navixy fails otherwise.
     */
    private CompletableFuture<Activity> activity(List<Long> ids, boolean screened, Operation operation) {
        return Futures.sequence(NavixyApi.chunks(ids, MAX_TRACKERS), chunk -> isolation.run(operation, chunk, screened,
                        part -> api.call(operation, "/tracker/chat/updated/list",
                                        new LinkedHashMap<>(Map.of("trackers", part)), false)
                                .thenCompose(json -> api.withTime(t -> NavixyMapper.timesById(json.get("value"), t)))))
                .thenApply(parts -> {
                    Map<Long, Instant> times = new LinkedHashMap<>();
                    Map<Long, TrackerIsolation.Reason> unavailable = new LinkedHashMap<>();
                    for (TrackerIsolation.Result<Map<Long, Instant>> part : parts) {
                        if (part.stopped() != null) {
                            throw new CompletionException(part.stopped());
                        }
                        part.answers().values().forEach(times::putAll);
                        unavailable.putAll(part.offenders());
                    }
                    return new Activity(times, unavailable);
                });
    }
}
