package io.chatgateway.navixy.internal;

import io.chatgateway.spi.Futures;
import io.chatgateway.spi.Keyset;
import io.chatgateway.spi.PageCursor;
import io.chatgateway.Operation;
import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.ChatGatewayException;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationRef;
import io.chatgateway.ConversationUnavailableException;
import io.chatgateway.DeliveryStatus;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.ErrorDetails;
import io.chatgateway.FeatureUnavailableException;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.MessageRef;
import io.chatgateway.NotFoundException;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.ProtocolException;
import io.chatgateway.QueryFilter;
import io.chatgateway.QueryPlan;
import io.chatgateway.RecipientOutcome;
import io.chatgateway.SendResult;
import io.chatgateway.SortOrder;
import io.chatgateway.navixy.NavixyChatProviderFactory;
import io.chatgateway.navixy.NavixyConfig;
import io.chatgateway.spi.ChatProvider;
import io.chatgateway.spi.JsonValues;
import io.chatgateway.spi.PageSlice;
import io.chatgateway.spi.ProviderContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

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
    private final Clock clock;

    /**
     * @param config  the account's configuration
     * @param context the gateway's plumbing
     */
    public NavixyChatProvider(NavixyConfig config, ProviderContext context) {
        this.config = config;
        this.api = new NavixyApi(config, context);
        this.account = context.account();
        this.clock = context.clock();
    }

    // ------------------------------------------------------------------ conversations

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
            CompletableFuture<Map<Long, Long>> unread = optional(unreadById());
            CompletableFuture<Map<Long, Instant>> last = optional(lastActivityById(ids, Operation.CONVERSATIONS));
            return unread.thenCombine(last, (u, l) -> {
                List<Conversation> items = new ArrayList<>();
                for (JsonNode n : page) {
                    Conversation c = NavixyMapper.tracker(n, account, u, l);
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

    /** Enrichment that the tariff may not allow: a missing chat feature leaves the values unknown ({@code null}). */
    private static <T> CompletableFuture<T> optional(CompletableFuture<T> part) {
        return part.exceptionally(e -> {
            Throwable cause = Futures.unwrap(e);
            if (cause instanceof FeatureUnavailableException || cause instanceof ConversationUnavailableException) {
                return null;
            }
            throw new CompletionException(cause);
        });
    }

    // ------------------------------------------------------------------ messages

    @Override
    public QueryPlan plan(MessageQuery query) {
        EnumSet<QueryFilter> provider = EnumSet.noneOf(QueryFilter.class);
        EnumSet<QueryFilter> local = EnumSet.noneOf(QueryFilter.class);
        List<String> notes = new ArrayList<>();
        if (query.since() != null) {
            provider.add(QueryFilter.SINCE);
        } else {
            notes.add("no since given: reads the last " + days(config) + " ending now (Navixy's default window is"
                    + " 7 days); give since to read older history");
        }
        if (query.until() != null) {
            provider.add(QueryFilter.UNTIL);
        }
        if (query.textContains() != null) {
            local.add(QueryFilter.TEXT);
        }
        if (!query.sendersIn().isEmpty()) {
            local.add(QueryFilter.SENDERS_IN);
        }
        if (!query.sendersNotIn().isEmpty()) {
            local.add(QueryFilter.SENDERS_NOT_IN);
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
            tracker = trackerId(conversation, Operation.MESSAGES);
            c = cursor == null ? null : MessageCursor.decode(cursor, api.details(Operation.MESSAGES));
        } catch (InvalidRequestException e) {
            return CompletableFuture.failedFuture(e);
        }
        boolean ascending = query.order() == SortOrder.ASCENDING;
        if (c == null) {
            Instant now = clock.instant();
            Instant since = query.since() != null ? query.since() : now.minus(config.historyWindow());
            long lo = ceilSeconds(since);
            long hi = query.until() != null ? ceilSeconds(query.until()) - 1 : now.getEpochSecond();
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
                    .thenCompose(json -> api.withTime(t -> page(json, conversation, t, at, pageSize, limit)));
        });
    }

    private PageSlice<Message> page(JsonNode json, ConversationRef conversation, NavixyTime time, MessageCursor at,
                                    int pageSize, int limit) {
        JsonNode list = json.path("list");
        int returned = list.isArray() ? list.size() : 0;
        boolean asc = at.ascending();
        List<NavixyMapper.Row> candidates = new ArrayList<>();
        Set<Long> ids = new HashSet<>();
        for (JsonNode n : list) {
            NavixyMapper.Row row = NavixyMapper.message(n, conversation, time);
            if (row == null || !ids.add(row.id())) {
                continue;
            }
            long sec = second(row, at);
            boolean inWindow = sec >= at.lo() && sec <= at.hi() && (asc ? sec >= at.boundary() : sec <= at.boundary());
            if (inWindow && !at.position().skips(sec, Long.toString(row.id()))) {
                candidates.add(row);
            }
        }
        Comparator<NavixyMapper.Row> order = Comparator.<NavixyMapper.Row>comparingLong(r -> second(r, at))
                .thenComparingLong(NavixyMapper.Row::id);
        candidates.sort(asc ? order : order.reversed());
        boolean exhausted = returned < limit;
        List<NavixyMapper.Row> taken = candidates.subList(0, Math.min(pageSize, candidates.size()));
        if (taken.isEmpty()) {
            if (exhausted) {
                return PageSlice.last(List.of());
            }
            throw new ProtocolException("More than " + MAX_LIMIT + " messages of tracker " + conversation.id()
                    + " share the second " + Instant.ofEpochSecond(at.boundary()) + "; Navixy pages by time only,"
                    + " so they cannot be listed without gaps.", api.details(Operation.MESSAGES));
        }
        List<Message> items = taken.stream().map(NavixyMapper.Row::message).toList();
        if (exhausted && taken.size() == candidates.size()) {
            return PageSlice.last(items);
        }
        Keyset next = at.position();
        for (NavixyMapper.Row r : taken) {
            next = next.after(second(r, at), Long.toString(r.id()));
        }
        return new PageSlice<>(items, new MessageCursor(asc, at.lo(), at.hi(), next).encode());
    }

    /** A message without a readable time is placed at the boundary second, so that it is never repeated. */
    private static long second(NavixyMapper.Row row, MessageCursor at) {
        return row.sentAt() == null ? at.boundary() : row.sentAt().getEpochSecond();
    }

    private static long ceilSeconds(Instant t) {
        return t.getNano() == 0 ? t.getEpochSecond() : t.getEpochSecond() + 1;
    }

    // ------------------------------------------------------------------ sends

    @Override
    public CompletableFuture<SendResult> send(ConversationRef to, OutgoingMessage message) {
        long tracker;
        try {
            tracker = trackerId(to, Operation.SEND);
        } catch (InvalidRequestException e) {
            return CompletableFuture.failedFuture(e);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tracker_id", tracker);
        body.put("message", message.text());
        return api.call(Operation.SEND, "/tracker/chat/send", body, true).thenApply(json -> {
            Long id = JsonValues.asLong(json.get("id"));
            if (id == null) {
                throw new DeliveryUncertainException("Navixy accepted the message to tracker " + tracker
                        + " but returned no message id; it is not sent again.", api.details(Operation.SEND), to, message, null);
            }
            return new SendResult(to.message(Long.toString(id)), DeliveryStatus.PENDING, null, false);
        });
    }

    @Override
    public CompletableFuture<List<RecipientOutcome>> broadcast(List<ConversationRef> recipients, OutgoingMessage message) {
        Map<Long, ConversationRef> byId = new LinkedHashMap<>();
        try {
            for (ConversationRef r : recipients) {
                byId.put(trackerId(r, Operation.BROADCAST), r);
            }
        } catch (InvalidRequestException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (byId.size() > MAX_TRACKERS) {
            return CompletableFuture.failedFuture(new InvalidRequestException("A Navixy broadcast takes at most "
                    + MAX_TRACKERS + " trackers, not " + byId.size() + ".", api.details(Operation.BROADCAST)));
        }
        return broadcastOnce(byId, message, true).thenApply(outcomes ->
                recipients.stream().map(outcomes::get).toList());
    }

    private CompletableFuture<Map<ConversationRef, RecipientOutcome>> broadcastOnce(Map<Long, ConversationRef> byId,
                                                                                  OutgoingMessage message, boolean mayRetry) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("trackers", new ArrayList<>(byId.keySet()));
        body.put("message", message.text());
        return api.call(Operation.BROADCAST, "/tracker/chat/broadcast", body, true).handle((json, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(outcomes(json, byId, message));
            }
            Throwable cause = Futures.unwrap(error);
            String code = NavixyApi.code(cause);
            if ("217".equals(code) && mayRetry) {
                return splitUnknownTrackers(byId, message, (ChatGatewayException) cause);
            }
            if ("217".equals(code) || "221".equals(code)) {
                Map<ConversationRef, RecipientOutcome> all = new LinkedHashMap<>();
                byId.values().forEach(r -> all.put(r, RecipientOutcome.failed(r, (ChatGatewayException) cause)));
                return CompletableFuture.completedFuture(all);
            }
            return CompletableFuture.<Map<ConversationRef, RecipientOutcome>>failedFuture(cause);
        }).thenCompose(Function.identity());
    }

    /** Code 217 rejected the whole chunk (nothing was sent): find the trackers that do not exist, send to the rest once. */
    private CompletableFuture<Map<ConversationRef, RecipientOutcome>> splitUnknownTrackers(
            Map<Long, ConversationRef> byId, OutgoingMessage message, ChatGatewayException rejection) {
        return api.call(Operation.BROADCAST, "/tracker/list", new LinkedHashMap<>(), false).handle((json, error) -> {
            Map<ConversationRef, RecipientOutcome> all = new LinkedHashMap<>();
            if (error != null) {
                byId.values().forEach(r -> all.put(r, RecipientOutcome.failed(r, rejection)));
                return CompletableFuture.completedFuture(all);
            }
            Set<Long> known = new HashSet<>();
            json.path("list").forEach(n -> {
                Long id = JsonValues.asLong(n.get("id"));
                if (id != null) {
                    known.add(id);
                }
            });
            Map<Long, ConversationRef> existing = new LinkedHashMap<>();
            byId.forEach((id, ref) -> {
                if (known.contains(id)) {
                    existing.put(id, ref);
                } else {
                    all.put(ref, RecipientOutcome.failed(ref, new NotFoundException("Navixy account '" + account
                            + "' has no tracker " + id + " (broadcast answered code 217); nothing was sent to it.",
                            rejection.details())));
                }
            });
            if (existing.isEmpty() || existing.size() == byId.size()) {
                existing.values().forEach(r -> all.put(r, RecipientOutcome.failed(r, rejection)));
                return CompletableFuture.completedFuture(all);
            }
            return broadcastOnce(existing, message, false).thenApply(rest -> {
                all.putAll(rest);
                return all;
            });
        }).thenCompose(Function.identity());
    }

    private Map<ConversationRef, RecipientOutcome> outcomes(JsonNode json, Map<Long, ConversationRef> byId,
                                                            OutgoingMessage message) {
        Set<Long> sent = new HashSet<>(NavixyMapper.ids(json.get("sent_to")));
        Set<Long> notSent = new HashSet<>(NavixyMapper.ids(json.get("not_sent_to")));
        Map<ConversationRef, RecipientOutcome> all = new LinkedHashMap<>();
        ErrorDetails d = api.details(Operation.BROADCAST);
        byId.forEach((id, ref) -> {
            if (sent.contains(id) && !notSent.contains(id)) {
                all.put(ref, RecipientOutcome.sent(ref, null));
            } else if (notSent.contains(id)) {
                all.put(ref, RecipientOutcome.failed(ref, new ConversationUnavailableException("Navixy did not deliver the"
                        + " broadcast to tracker " + id + " (listed in not_sent_to): the device may be blocked or not"
                        + " support chat.", d)));
            } else {
                all.put(ref, RecipientOutcome.failed(ref, new DeliveryUncertainException("Navixy's broadcast answer"
                        + " names tracker " + id + " in neither sent_to nor not_sent_to; it may or may not have been sent,"
                        + " so it is not sent again.", d, ref, message, null)));
            }
        });
        return all;
    }

    // ------------------------------------------------------------------ read state

    @Override
    public CompletableFuture<Void> markRead(List<MessageRef> messages) {
        List<Long> ids = new ArrayList<>();
        try {
            for (MessageRef m : messages) {
                trackerId(m.conversation(), Operation.MARK_READ);
                ids.add(numeric(m.id(), "message id", m.toString(), Operation.MARK_READ));
            }
        } catch (InvalidRequestException e) {
            return CompletableFuture.failedFuture(e);
        }
        List<Long> distinct = new ArrayList<>(new LinkedHashSet<>(ids));
        return Futures.forEach(chunks(distinct, MAX_MESSAGE_IDS), chunk -> {
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
            ids = trackerIds(conversations, Operation.MARK_ALL_READ);
        } catch (InvalidRequestException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (ids.isEmpty()) {
            return api.call(Operation.MARK_ALL_READ, "/tracker/chat/mark_read_all", new LinkedHashMap<>(), false).thenApply(j -> null);
        }
        return Futures.forEach(chunks(ids, MAX_TRACKERS), chunk -> api.call(Operation.MARK_ALL_READ,
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

    @Override
    public CompletableFuture<Map<ConversationRef, Instant>> lastActivity(List<ConversationRef> conversations) {
        Map<Long, ConversationRef> byId = new LinkedHashMap<>();
        try {
            for (ConversationRef r : conversations) {
                byId.put(trackerId(r, Operation.LAST_ACTIVITY), r);
            }
        } catch (InvalidRequestException e) {
            return CompletableFuture.failedFuture(e);
        }
        return lastActivityById(new ArrayList<>(byId.keySet()), Operation.LAST_ACTIVITY).thenApply(times -> {
            Map<ConversationRef, Instant> out = new LinkedHashMap<>();
            byId.forEach((id, ref) -> {
                Instant t = times.get(id);
                if (t != null) {
                    out.put(ref, t);
                }
            });
            return out;
        });
    }

    private CompletableFuture<Map<Long, Instant>> lastActivityById(List<Long> ids, Operation operation) {
        return Futures.sequence(chunks(ids, MAX_TRACKERS), chunk -> api.call(operation, "/tracker/chat/updated/list",
                        new LinkedHashMap<>(Map.of("trackers", chunk)), false)
                        .thenCompose(json -> api.withTime(t -> NavixyMapper.timesById(json.get("value"), t))))
                .thenApply(parts -> {
                    Map<Long, Instant> all = new LinkedHashMap<>();
                    parts.forEach(all::putAll);
                    return all;
                });
    }

    // ------------------------------------------------------------------ helpers

    private List<Long> trackerIds(List<ConversationRef> refs, Operation operation) {
        Set<Long> ids = new LinkedHashSet<>();
        for (ConversationRef r : refs) {
            ids.add(trackerId(r, operation));
        }
        return new ArrayList<>(ids);
    }

    private long trackerId(ConversationRef ref, Operation operation) {
        return numeric(ref.id(), "tracker id", ref.toString(), operation);
    }

    private long numeric(String id, String what, String ref, Operation operation) {
        if (id == null || !id.matches("\\d{1,18}")) {
            throw new InvalidRequestException("'" + ref + "' is not a Navixy " + what + "; Navixy ids are positive"
                    + " whole numbers.", api.details(operation));
        }
        return Long.parseLong(id);
    }

    private static List<List<Long>> chunks(List<Long> ids, int size) {
        List<List<Long>> out = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += size) {
            out.add(new ArrayList<>(ids.subList(from, Math.min(ids.size(), from + size))));
        }
        return out;
    }
}
