package io.chatgateway.smsbat.internal;

import io.chatgateway.spi.Futures;
import io.chatgateway.spi.LocalFilters;
import io.chatgateway.Operation;
import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.ChatGatewayException;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationRef;
import io.chatgateway.ConversationStatus;
import io.chatgateway.DeliveryStatus;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.Direction;
import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.Message;
import io.chatgateway.MessageKind;
import io.chatgateway.MessageQuery;
import io.chatgateway.MessageRef;
import io.chatgateway.NotFoundException;
import io.chatgateway.OutgoingAttachment;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.QueryFilter;
import io.chatgateway.QueryPlan;
import io.chatgateway.ReadStatus;
import io.chatgateway.SendResult;
import io.chatgateway.SortOrder;
import io.chatgateway.smsbat.SmsbatConfig;
import io.chatgateway.smsbat.SmsbatChatProviderFactory;
import io.chatgateway.spi.ChatProvider;
import io.chatgateway.spi.HttpAnswer;
import io.chatgateway.spi.HttpCall;
import io.chatgateway.spi.JsonValues;
import io.chatgateway.spi.PageSlice;
import io.chatgateway.spi.ProviderContext;
import io.chatgateway.spi.ProviderHttp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One SMSBAT ChatHub account: the neutral operations on {@code https://chatapi.smsbat.com/api/chat/…}.
 * Made by {@link SmsbatChatProviderFactory}; the only public type of the internal package. Thread-safe.
 */
public final class SmsbatChatProvider implements ChatProvider {

    /** Provider filters a {@link ConversationQuery} may carry, as the query parameter names of the chat list. */
    static final Set<String> PROVIDER_FILTERS = Set.of("source", "tg_user_id", "phone", "organizationId", "operatorId");
    private static final Set<String> NUMERIC_FILTERS = Set.of("source", "tg_user_id", "organizationId", "operatorId");
    /** Earliest day sent as the lower bound of an "until only" date range. */
    static final LocalDate OPEN_RANGE_START = LocalDate.of(2000, 1, 1);
    /** Message ids per mark-read request. */
    static final int MARK_READ_BATCH = 200;

    private static final String CHATS_MESSAGES = "/api/chat/chats/{}/messages";
    private static final String CHAT_MESSAGES = "/api/chat/{}/messages";

    private final SmsbatConfig config;
    private final ProviderContext context;
    private final ProviderHttp http;
    private final SmsbatAuth auth;
    /** The message-list path known to work; {@code null} until one has answered (AUTO). */
    private final AtomicReference<String> messagesPath = new AtomicReference<>();

    /**
     * @param config  the account's configuration
     * @param context the gateway's plumbing
     */
    public SmsbatChatProvider(SmsbatConfig config, ProviderContext context) {
        this.config = config;
        this.context = context;
        this.http = context.http(new SmsbatErrorDecoder());
        this.auth = new SmsbatAuth(config, http, context.json(), context.clock(),
                ErrorDetails.of(context.account(), context.providerId(), null));
        switch (config.messagesPath()) {
            case CHATS -> messagesPath.set(CHATS_MESSAGES);
            case CHAT -> messagesPath.set(CHAT_MESSAGES);
            default -> { }
        }
    }

    // ================================================================== conversations

    @Override
    public QueryPlan plan(ConversationQuery query) {
        validateFilters(query);
        EnumSet<QueryFilter> provider = EnumSet.noneOf(QueryFilter.class);
        EnumSet<QueryFilter> local = EnumSet.noneOf(QueryFilter.class);
        List<String> notes = new ArrayList<>();
        if (query.text() != null) {
            provider.add(QueryFilter.TEXT);
            notes.add("text is sent as 'search', which SMSBAT matches against the client's name and phone");
        }
        if (singleStatus(query) != null) {
            provider.add(QueryFilter.STATUS);
        } else if (!query.statuses().isEmpty()) {
            local.add(QueryFilter.STATUS);
            notes.add("SMSBAT filters by one status only; several statuses are filtered locally over all chats");
        }
        if (query.assigneeId() != null) {
            provider.add(QueryFilter.ASSIGNEE);
        }
        if (query.activeSince() != null) {
            provider.add(QueryFilter.SINCE);
        }
        if (query.activeUntil() != null) {
            provider.add(QueryFilter.UNTIL);
        }
        if (query.activeSince() != null || query.activeUntil() != null) {
            notes.add("the activity range is sent as SMSBAT's day-granular 'date' range (both days included, "
                    + config.dateFilterZone() + " dates); which chat date SMSBAT compares is undocumented");
        }
        notes.add("chats are paged with page/per_page until 'total'; chats pushed from one page onto the next are dropped");
        return new QueryPlan(provider, local, notes);
    }

    @Override
    public CompletableFuture<PageSlice<Conversation>> conversations(ConversationQuery query, String cursor) {
        return Futures.guard(() -> {
            validateFilters(query);
            Cursors.ChatCursor at = cursor == null ? new Cursors.ChatCursor(1, Set.of()) : Cursors.decodeChats(cursor, details(Operation.CONVERSATIONS));
            int perPage = Math.max(1, Math.min(query.pageSize() == 0 ? 20 : query.pageSize(),
                    SmsbatChatProviderFactory.MAX_PAGE_SIZE));
            return chatPage(query, at.page(), perPage, Operation.CONVERSATIONS).thenApply(page -> {
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
                return new PageSlice<>(items, more ? Cursors.encode(new Cursors.ChatCursor(at.page() + 1, ids)) : null);
            });
        });
    }

    /** One page of the chat list. @param items the chats @param total the provider's total, or null */
    private record ChatPage(List<Conversation> items, Long total) { }

    private CompletableFuture<ChatPage> chatPage(ConversationQuery q, int page, int perPage, Operation operation) {
        return authorized(() -> {
            HttpCall.Builder b = HttpCall.get(config.baseUri(), "/api/chat/chats")
                    .query("page", page).query("per_page", perPage)
                    .query("search", q.text());
            b.query("source", q.providerFilters().get("source"));
            dateRange(q).forEach(d -> b.query("date", d));
            b.query("tg_user_id", q.providerFilters().get("tg_user_id"))
                    .query("phone", q.providerFilters().get("phone"));
            ConversationStatus status = singleStatus(q);
            b.query("status", status == null ? null : SmsbatMapper.statusCode(status));
            b.query("organizationId", q.providerFilters().get("organizationId"));
            b.query("operatorId", q.assigneeId() != null ? q.assigneeId() : q.providerFilters().get("operatorId"));
            return b.operation(operation);
        }).thenApply(answer -> {
            JsonNode body = json(answer, "a chat list");
            JsonNode items;
            Long total = null;
            if (body.isArray()) {
                items = body;
            } else if (body.isObject()) {
                items = firstPresent(body, "items", "Items", "data", "chats");
                total = JsonValues.asLong(body.has("total") ? body.get("total") : body.get("Total"));
                if (items == null && total != null && total == 0) {
                    items = context.json().createArrayNode();
                }
            } else {
                items = null;
            }
            if (items == null || !items.isArray()) {
                throw answer.unreadable("is not a chat list ({\"total\",\"items\"} or an array)", null);
            }
            List<Conversation> out = new ArrayList<>();
            for (JsonNode item : items) {
                Conversation c = item.isObject() ? SmsbatMapper.conversation(context.account(), item) : null;
                if (c != null) {
                    out.add(c);
                }
            }
            return new ChatPage(out, total);
        });
    }

    private List<String> dateRange(ConversationQuery q) {
        if (q.activeSince() == null && q.activeUntil() == null) {
            return List.of();
        }
        LocalDate from = q.activeSince() == null ? OPEN_RANGE_START : LocalDate.ofInstant(q.activeSince(), config.dateFilterZone());
        LocalDate to = q.activeUntil() == null ? LocalDate.ofInstant(context.clock().instant(), config.dateFilterZone())
                : LocalDate.ofInstant(q.activeUntil().minusNanos(1), config.dateFilterZone());
        if (to.isBefore(from)) {
            to = from;
        }
        return List.of(from.toString(), to.toString());
    }

    private static ConversationStatus singleStatus(ConversationQuery q) {
        if (q.statuses().size() != 1) {
            return null;
        }
        ConversationStatus s = q.statuses().iterator().next();
        return s == ConversationStatus.UNKNOWN ? null : s;
    }

    private void validateFilters(ConversationQuery q) {
        for (Map.Entry<String, String> f : q.providerFilters().entrySet()) {
            if (!PROVIDER_FILTERS.contains(f.getKey())) {
                throw new InvalidRequestException("Unknown smsbat provider filter '" + f.getKey() + "'; known: "
                        + String.join(", ", PROVIDER_FILTERS.stream().sorted().toList()) + ".", details(Operation.CONVERSATIONS));
            }
            String v = f.getValue() == null ? "" : f.getValue().trim();
            if (v.isEmpty()) {
                throw new InvalidRequestException("The smsbat provider filter '" + f.getKey() + "' needs a value.",
                        details(Operation.CONVERSATIONS));
            }
            if (NUMERIC_FILTERS.contains(f.getKey()) && !v.matches("-?\\d{1,18}")) {
                throw new InvalidRequestException("The smsbat provider filter '" + f.getKey()
                        + "' must be a whole number, not '" + printable(v) + "'.", details(Operation.CONVERSATIONS));
            }
        }
        if (q.assigneeId() != null) {
            if (!q.assigneeId().matches("\\d{1,18}")) {
                throw new InvalidRequestException("An SMSBAT assignee is an operator id (a whole number), not '"
                        + printable(q.assigneeId()) + "'.", details(Operation.CONVERSATIONS));
            }
            String op = q.providerFilters().get("operatorId");
            if (op != null && !op.trim().equals(q.assigneeId())) {
                throw new InvalidRequestException("assigneeId " + q.assigneeId() + " and provider filter operatorId "
                        + printable(op) + " contradict each other.", details(Operation.CONVERSATIONS));
            }
        }
    }

    // ================================================================== messages

    @Override
    public QueryPlan plan(MessageQuery query) {
        EnumSet<QueryFilter> local = EnumSet.noneOf(QueryFilter.class);
        if (query.since() != null) local.add(QueryFilter.SINCE);
        if (query.until() != null) local.add(QueryFilter.UNTIL);
        if (query.textContains() != null) local.add(QueryFilter.TEXT);
        if (!query.sendersIn().isEmpty()) local.add(QueryFilter.SENDERS_IN);
        if (!query.sendersNotIn().isEmpty()) local.add(QueryFilter.SENDERS_NOT_IN);
        return new QueryPlan(Set.of(), local, Set.of(), List.of(
                "SMSBAT returns a chat's whole history as one unpaged array; the adapter sorts it by (date, id),"
                        + " filters it and pages it with a keyset cursor"));
    }

    @Override
    public CompletableFuture<PageSlice<Message>> messages(MessageQuery query, String cursor) {
        return Futures.guard(() -> {
            String chatId = chatId(query.conversation(), Operation.MESSAGES);
            Cursors.MessageKey after = cursor == null ? null : Cursors.decodeMessages(cursor, query.order(), details(Operation.MESSAGES));
            int size = query.pageSize() == 0 ? 100 : query.pageSize();
            return history(query.conversation(), chatId, Operation.MESSAGES).thenApply(all -> {
                boolean asc = query.order() == SortOrder.ASCENDING;
                List<Message> ordered = new ArrayList<>(all);
                if (!asc) {
                    java.util.Collections.reverse(ordered);
                }
                Predicate<Message> passed = after == null ? m -> false : m -> {
                    int c = Cursors.KEY_ORDER.compare(key(m, query.order()), after);
                    return asc ? c <= 0 : c >= 0;
                };
                return PageSlice.keyset(ordered, passed, LocalFilters.messages(query, plan(query).inAdapter()), size,
                        m -> Cursors.encode(key(m, query.order())));
            });
        });
    }

    private static Cursors.MessageKey key(Message m, SortOrder order) {
        return new Cursors.MessageKey(order, m.sentAt() == null ? Long.MIN_VALUE : m.sentAt().toEpochMilli(), m.ref().id());
    }

    /**
     * @return the chat's whole history, sorted by (date, id), oldest first
     */
    private CompletableFuture<List<Message>> history(ConversationRef chat, String chatId, Operation operation) {
        String known = messagesPath.get();
        CompletableFuture<HttpAnswer> answer;
        if (known != null) {
            answer = listMessages(known, chatId, operation);
        } else {
            answer = listMessages(CHATS_MESSAGES, chatId, operation).handle((a, e) -> {
                if (e == null) {
                    messagesPath.compareAndSet(null, CHATS_MESSAGES);
                    return CompletableFuture.completedFuture(a);
                }
                Throwable cause = Futures.unwrap(e);
                if (!(cause instanceof NotFoundException)) {
                    return CompletableFuture.<HttpAnswer>failedFuture(cause);
                }
                return listMessages(CHAT_MESSAGES, chatId, operation).whenComplete((a2, e2) -> {
                    if (e2 == null) {
                        messagesPath.compareAndSet(null, CHAT_MESSAGES);
                    }
                });
            }).thenCompose(Function.identity());
        }
        return answer.thenApply(a -> {
            JsonNode body = json(a, "a message list");
            JsonNode items = body.isArray() ? body : body.isObject() ? firstPresent(body, "items", "messages", "data") : null;
            if (items == null && body.isMissingNode()) {
                items = context.json().createArrayNode();
            }
            if (items == null || !items.isArray()) {
                throw a.unreadable("is not a message array", null);
            }
            List<Message> out = new ArrayList<>();
            int skipped = 0;
            for (JsonNode item : items) {
                Message m = item.isObject() ? SmsbatMapper.message(chat, item) : null;
                if (m == null) {
                    skipped++;
                } else {
                    out.add(m);
                }
            }
            if (skipped > 0) {
                context.logger().warn("Skipped {} message(s) without an id in chat {}.", skipped, chatId);
            }
            out.sort(Comparator.comparing(m -> key(m, SortOrder.ASCENDING), Cursors.KEY_ORDER));
            return out;
        });
    }

    private CompletableFuture<HttpAnswer> listMessages(String path, String chatId, Operation operation) {
        return authorized(() -> HttpCall.get(config.baseUri(), path, chatId).operation(operation));
    }

    @Override
    public CompletableFuture<Optional<Message>> message(MessageRef ref) {
        return Futures.guard(() -> {
            String chatId = chatId(ref.conversation(), Operation.MESSAGE);
            return history(ref.conversation(), chatId, Operation.MESSAGE)
                    .thenApply(all -> all.stream().filter(m -> m.ref().equals(ref)).findFirst())
                    .exceptionallyCompose(e -> Futures.unwrap(e) instanceof NotFoundException
                            ? CompletableFuture.completedFuture(Optional.empty())
                            : CompletableFuture.failedFuture(Futures.unwrap(e)));
        });
    }

    @Override
    public CompletableFuture<Map<ConversationRef, Instant>> lastActivity(List<ConversationRef> conversations) {
        return Futures.guard(() -> {
            for (ConversationRef c : conversations) {
                chatId(c, Operation.LAST_ACTIVITY);
            }
            Map<ConversationRef, Instant> out = new LinkedHashMap<>();
            return Futures.forEach(conversations, c -> history(c, c.id(), Operation.LAST_ACTIVITY).thenAccept(all -> all.stream()
                            .map(Message::sentAt).filter(java.util.Objects::nonNull).max(Comparator.naturalOrder())
                            .ifPresent(t -> out.put(c, t))))
                    .thenApply(v -> java.util.Collections.unmodifiableMap(out));
        });
    }

    // ================================================================== send

    @Override
    public CompletableFuture<SendResult> send(ConversationRef to, OutgoingMessage message) {
        return Futures.guard(() -> {
            String chatId = chatId(to, Operation.SEND);
            if (message.attachments().size() > 1) {
                throw new InvalidRequestException("SMSBAT sends at most one attachment per message, not "
                        + message.attachments().size() + ".", details(Operation.SEND));
            }
            int length = message.text().codePointCount(0, message.text().length());
            if (length > config.maxTextLength()) {
                throw new InvalidRequestException("The message text has " + length + " characters; this SMSBAT account"
                        + " accepts at most " + config.maxTextLength() + " (max-text-length).", details(Operation.SEND));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("textMessage", message.text());
            body.put("author", SmsbatMapper.AUTHOR_OPERATOR);
            if (!message.attachments().isEmpty()) {
                body.put("media", media(message.attachments().get(0)));
            }
            return authorized(() -> HttpCall.post(config.baseUri(), "/api/chat/{}/message", chatId)
                    .json(body).operation(Operation.SEND).deliversMessage())
                    .thenCompose(answer -> sent(to, chatId, message, answer));
        });
    }

    private Map<String, Object> media(OutgoingAttachment a) {
        Map<String, Object> media = new LinkedHashMap<>();
        media.put("name", a.name());
        media.put("format", config.mediaFormat() == SmsbatConfig.MediaFormat.MIME ? a.contentType() : extension(a));
        media.put("dataBase64", Base64.getEncoder().encodeToString(a.data()));
        media.put("type", a.kind() == MessageKind.PHOTO ? 1 : 2);
        return media;
    }

    private static String extension(OutgoingAttachment a) {
        int dot = a.name().lastIndexOf('.');
        if (dot >= 0 && dot < a.name().length() - 1) {
            return a.name().substring(dot + 1).toLowerCase(Locale.ROOT);
        }
        String type = a.contentType();
        int slash = type.indexOf('/');
        String sub = slash >= 0 ? type.substring(slash + 1) : type;
        int semi = sub.indexOf(';');
        return (semi >= 0 ? sub.substring(0, semi) : sub).trim().toLowerCase(Locale.ROOT).replace("jpeg", "jpg");
    }

    /** Reads the (undocumented) send answer: a message object, an id, or nothing (then looks the message up). */
    private CompletableFuture<SendResult> sent(ConversationRef to, String chatId, OutgoingMessage message, HttpAnswer answer) {
        JsonNode body = null;
        if (answer.looksLikeJson()) {
            try {
                body = answer.json();
            } catch (ChatGatewayException unreadable) {
                body = null; // accepted (2xx) but unreadable: look the message up
            }
        }
        String id = null;
        JsonNode messageNode = null;
        if (body != null) {
            if (body.isObject()) {
                JsonNode nested = firstPresent(body, "data", "result");
                if (nested == null && body.get("message") != null && body.get("message").isObject()) {
                    nested = body.get("message");
                }
                JsonNode o = nested != null && nested.isObject() ? nested : body;
                id = JsonValues.asText(o.get("id"));
                if (id == null) {
                    id = JsonValues.asText(o.get("messageId"));
                }
                boolean isMessage = o.has("id") && (o.has("author") || o.has("date") || o.has("status"));
                messageNode = isMessage ? o : null;
            } else if (body.isValueNode()) {
                id = JsonValues.asText(body);
            }
        } else if (!answer.isBlank()) {
            String t = answer.text().trim();
            id = t.matches("\\d{1,18}") ? t : null;
        }
        if (id != null && (id.isBlank() || id.equalsIgnoreCase("true") || id.equalsIgnoreCase("ok"))) {
            id = null;
        }
        if (id != null) {
            Message m = messageNode == null ? null : SmsbatMapper.message(to, messageNode);
            DeliveryStatus delivery = m != null && m.delivery() != DeliveryStatus.UNKNOWN ? m.delivery() : DeliveryStatus.SENT;
            return CompletableFuture.completedFuture(new SendResult(to.message(id), delivery,
                    m == null ? null : m.sentAt(), false));
        }
        if (!config.sendLookup()) {
            return CompletableFuture.failedFuture(new DeliveryUncertainException("SMSBAT accepted the message for chat "
                    + chatId + " (HTTP " + answer.status() + ") without returning its id, and send-lookup is off;"
                    + " it is not sent again.", details(Operation.SEND), to, message, null));
        }
        return lookUpSent(to, chatId, message, answer.status());
    }

    /**
     * Finds the message just sent: the newest operator message of the chat with the same text (and, for an
     * attachment, not of kind TEXT). A guess documented in the README; failures here never resend.
     */
    private CompletableFuture<SendResult> lookUpSent(ConversationRef to, String chatId, OutgoingMessage message, int status) {
        return history(to, chatId, Operation.SEND).handle((all, error) -> {
            if (error != null) {
                throw new DeliveryUncertainException("SMSBAT accepted the message for chat " + chatId + " (HTTP " + status
                        + ") without returning its id, and listing the chat to find it failed ("
                        + Futures.unwrap(error).getMessage() + "); it is not sent again.", details(Operation.SEND), to, message, Futures.unwrap(error));
            }
            Message found = null;
            for (Message m : all) {
                boolean mine = m.direction() == Direction.OUTBOUND && m.author() != null
                        && m.author().role() == io.chatgateway.Participant.Role.AGENT
                        && !Integer.valueOf(SmsbatMapper.AUTHOR_VIBER_BUSINESS).equals(m.attributes().get("author"))
                        && m.text().equals(message.text())
                        && (message.attachments().isEmpty() || m.kind() != MessageKind.TEXT || !m.attachments().isEmpty());
                if (mine) {
                    found = m; // sorted oldest first: the last match is the newest
                }
            }
            if (found == null) {
                throw new DeliveryUncertainException("SMSBAT accepted the message for chat " + chatId + " (HTTP " + status
                        + ") without returning its id, and it is not in the chat's history yet; it is not sent again.",
                        details(Operation.SEND), to, message, null);
            }
            return new SendResult(found.ref(), found.delivery() == DeliveryStatus.UNKNOWN ? DeliveryStatus.SENT
                    : found.delivery(), found.sentAt(), false);
        });
    }

    // ================================================================== read state

    @Override
    public CompletableFuture<Void> markRead(List<MessageRef> messages) {
        return Futures.guard(() -> {
            Map<String, List<Long>> byChat = new LinkedHashMap<>();
            for (MessageRef r : messages) {
                String chatId = chatId(r.conversation(), Operation.MARK_READ);
                if (!r.id().matches("\\d{1,18}")) {
                    throw new InvalidRequestException("SMSBAT message ids are whole numbers, not '" + printable(r.id())
                            + "' (" + r + ").", details(Operation.MARK_READ));
                }
                byChat.computeIfAbsent(chatId, k -> new ArrayList<>()).add(Long.parseLong(r.id()));
            }
            return Futures.forEach(byChat.entrySet(), e -> markRead(e.getKey(), e.getValue(), Operation.MARK_READ));
        });
    }

    private CompletableFuture<Void> markRead(String chatId, List<Long> ids, Operation operation) {
        List<Object> bodies = new ArrayList<>();
        if (config.markReadBody() == SmsbatConfig.MarkReadBody.PER_MESSAGE) {
            ids.forEach(id -> bodies.add(statusObject("id", id, chatId)));
        } else {
            for (int from = 0; from < ids.size(); from += MARK_READ_BATCH) {
                List<Long> chunk = List.copyOf(ids.subList(from, Math.min(ids.size(), from + MARK_READ_BATCH)));
                switch (config.markReadBody()) {
                    case IDS -> bodies.add(statusObject("ids", chunk, chatId));
                    case MESSAGE_IDS -> bodies.add(statusObject("messageIds", chunk, chatId));
                    default -> bodies.add(chunk.stream().map(id -> statusObject("id", id, chatId)).toList());
                }
            }
        }
        return Futures.forEach(bodies, body -> authorized(() -> HttpCall.put(config.baseUri(), "/api/chat/messages/status")
                .json(body).operation(operation)));
    }

    private Map<String, Object> statusObject(String idField, Object ids, String chatId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(idField, ids);
        m.put("status", config.markReadStatus());
        if (config.markReadWithChatId()) {
            m.put("chatId", Long.parseLong(chatId));
        }
        return m;
    }

    @Override
    public CompletableFuture<Void> markAllRead(List<ConversationRef> conversations) {
        return Futures.guard(() -> {
            for (ConversationRef c : conversations) {
                chatId(c, Operation.MARK_ALL_READ);
            }
            CompletableFuture<List<ConversationRef>> targets = conversations.isEmpty()
                    ? allChats(Operation.MARK_ALL_READ).thenApply(all -> all.stream()
                    .filter(c -> c.unreadCount() == null || c.unreadCount() > 0).map(Conversation::ref).toList())
                    : CompletableFuture.completedFuture(conversations);
            return targets.thenCompose(refs -> Futures.forEach(refs, c -> history(c, c.id(), Operation.MARK_ALL_READ)
                    .thenCompose(all -> {
                        List<Long> unread = all.stream()
                                .filter(m -> m.direction() == Direction.INBOUND && m.readStatus() != ReadStatus.READ)
                                .map(m -> m.ref().id()).filter(id -> id.matches("\\d{1,18}")).map(Long::parseLong).toList();
                        return unread.isEmpty() ? CompletableFuture.<Void>completedFuture(null)
                                : markRead(c.id(), unread, Operation.MARK_ALL_READ);
                    })));
        });
    }

    @Override
    public CompletableFuture<Map<ConversationRef, Long>> unreadCounts() {
        return Futures.guard(() -> allChats(Operation.UNREAD_COUNTS).thenApply(all -> {
            Map<ConversationRef, Long> out = new LinkedHashMap<>();
            for (Conversation c : all) {
                if (c.unreadCount() != null && c.unreadCount() > 0) {
                    out.put(c.ref(), c.unreadCount());
                }
            }
            return java.util.Collections.unmodifiableMap(out);
        }));
    }

    /** Every chat of the account, paged with the largest page, each once. */
    private CompletableFuture<List<Conversation>> allChats(Operation operation) {
        ConversationQuery all = ConversationQuery.forAccount(context.account()).build();
        Map<String, Conversation> seen = new LinkedHashMap<>();
        return allChats(all, 1, seen, operation).thenApply(v -> List.copyOf(seen.values()));
    }

    private CompletableFuture<Void> allChats(ConversationQuery q, int page, Map<String, Conversation> seen, Operation operation) {
        int perPage = SmsbatChatProviderFactory.MAX_PAGE_SIZE;
        return chatPage(q, page, perPage, operation).thenCompose(p -> {
            p.items().forEach(c -> seen.putIfAbsent(c.ref().id(), c));
            boolean more = !p.items().isEmpty() && (p.total() != null ? (long) page * perPage < p.total()
                    : p.items().size() >= perPage);
            if (!more || page >= 100_000) {
                return CompletableFuture.completedFuture(null);
            }
            return allChats(q, page + 1, seen, operation);
        });
    }

    // ================================================================== status, delete

    @Override
    public CompletableFuture<Void> setStatus(ConversationRef conversation, ConversationStatus status) {
        return Futures.guard(() -> {
            String chatId = chatId(conversation, Operation.SET_STATUS);
            if (status == ConversationStatus.UNKNOWN) {
                throw new InvalidRequestException("UNKNOWN is not a status that can be set.", details(Operation.SET_STATUS));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", Long.parseLong(chatId));
            body.put("status", SmsbatMapper.statusCode(status));
            return authorized(() -> HttpCall.put(config.baseUri(), "/api/chat/status").json(body).operation(Operation.SET_STATUS))
                    .thenApply(a -> null);
        });
    }

    @Override
    public CompletableFuture<Void> deleteConversation(ConversationRef conversation) {
        return Futures.guard(() -> {
            String chatId = chatId(conversation, Operation.DELETE_CONVERSATION);
            // 200 with an empty body or the plain text OK: nothing to read
            return authorized(() -> HttpCall.delete(config.baseUri(), "/api/chat/chats/{}", chatId)
                    .operation(Operation.DELETE_CONVERSATION)).thenApply(a -> null);
        });
    }

    // ================================================================== plumbing

    private CompletableFuture<HttpAnswer> authorized(Supplier<HttpCall.Builder> call) {
        return auth.call(token -> http.exchange(auth.authorize(call.get(), token).build()));
    }

    private static JsonNode json(HttpAnswer answer, String what) {
        JsonNode body = answer.json();
        if (body == null) {
            throw answer.unreadable("is not " + what, null);
        }
        return body;
    }

    private static JsonNode firstPresent(JsonNode o, String... names) {
        for (String n : names) {
            JsonNode v = o.get(n);
            if (!JsonValues.isAbsent(v)) {
                return v;
            }
        }
        return null;
    }

    private String chatId(ConversationRef ref, Operation operation) {
        if (!ref.account().equals(context.account())) {
            throw new InvalidRequestException("Conversation " + ref + " is not of account '" + context.account() + "'.",
                    details(operation));
        }
        if (!ref.id().matches("\\d{1,18}")) {
            throw new InvalidRequestException("SMSBAT chat ids are whole numbers, not '" + printable(ref.id()) + "' ("
                    + ref + ").", details(operation));
        }
        return ref.id();
    }

    private ErrorDetails details(Operation operation) {
        return ErrorDetails.of(context.account(), context.providerId(), operation);
    }

    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    @Override
    public String toString() {
        return "SmsbatChatProvider[account=" + context.account() + ", " + config + "]";
    }

    /** For tests: the message-list path learnt so far. @return the path template, or empty */
    Optional<String> learntMessagesPath() {
        return Optional.ofNullable(messagesPath.get());
    }
}
