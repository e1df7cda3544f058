package io.chatgateway.smsbat.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationRef;
import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.NotFoundException;
import io.chatgateway.Operation;
import io.chatgateway.smsbat.SmsbatChatFilter;
import io.chatgateway.smsbat.SmsbatChatProviderFactory;
import io.chatgateway.smsbat.SmsbatConfig;
import io.chatgateway.spi.Futures;
import io.chatgateway.spi.HttpAnswer;
import io.chatgateway.spi.HttpCall;
import io.chatgateway.spi.JsonValues;
import io.chatgateway.spi.ProviderContext;
import io.chatgateway.spi.ProviderHttp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * SMSBAT plumbing shared by the provider, the send interpreter and the read-state dialects: authorised
 * requests, the chat list, a chat's whole history (with path auto-detection), id checks and error details.
 * Thread-safe.
 */
final class SmsbatApi {

    private final SmsbatConfig config;
    private final ProviderContext context;
    private final ProviderHttp http;
    private final SmsbatAuth auth;

    /** Earliest day sent as the lower bound of an "until only" date range. */
    static final LocalDate OPEN_RANGE_START = LocalDate.of(2000, 1, 1);

    private static final String CHATS_MESSAGES = "/api/chat/chats/{}/messages";
    private static final String CHAT_MESSAGES = "/api/chat/{}/messages";
    /** The message-list path known to work; {@code null} until one has answered (AUTO). */
    private final AtomicReference<String> messagesPath = new AtomicReference<>();

    /**
     * @param config  the account's configuration
     * @param context the gateway's plumbing
     */
    SmsbatApi(SmsbatConfig config, ProviderContext context) {
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

    /** One page of the chat list. @param items the chats @param total the provider's total, or null */
    record ChatPage(List<Conversation> items, Long total) { }

    CompletableFuture<ChatPage> chatPage(ConversationQuery q, int page, int perPage, Operation operation) {
        return authorized(() -> {
            HttpCall.Builder b = HttpCall.get(config.baseUri(), "/api/chat/chats")
                    .query("page", page).query("per_page", perPage)
                    .query("search", q.text());
            SmsbatChatFilter typed = q.providerQuery(SmsbatChatFilter.class).orElse(null);
            Integer source = channelSource(q);
            b.query("source", source != null ? source.toString() : q.providerFilters().get("source"));
            dateRange(q).forEach(d -> b.query("date", d));
            b.query("tg_user_id", typed != null && typed.telegramUserId() != null ? typed.telegramUserId().toString()
                            : q.providerFilters().get("tg_user_id"))
                    .query("phone", typed != null && typed.phone() != null ? typed.phone().replace("+", "")
                            : q.providerFilters().get("phone"));
            Conversation.Status status = singleStatus(q);
            b.query("status", status == null ? null : SmsbatMapper.statusCode(status));
            b.query("organizationId", typed != null && typed.organizationId() != null ? typed.organizationId().toString()
                    : q.providerFilters().get("organizationId"));
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

    List<String> dateRange(ConversationQuery q) {
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

    /**
     * @param q the query
     * @return SMSBAT's source number when the query keeps exactly one channel that has one
     */
    static Integer channelSource(ConversationQuery q) {
        return q.channels().size() == 1 ? SmsbatMapper.sourceCode(q.channels().iterator().next()) : null;
    }

    static Conversation.Status singleStatus(ConversationQuery q) {
        if (q.statuses().size() != 1) {
            return null;
        }
        Conversation.Status s = q.statuses().iterator().next();
        return s == Conversation.Status.UNKNOWN ? null : s;
    }

    static Cursors.MessageKey key(Message m, MessageQuery.Order order) {
        return new Cursors.MessageKey(order, Cursors.millis(m), m.ref().id());
    }

    /**
     * @return the chat's whole history, sorted by (date, id), oldest first
     */
    CompletableFuture<List<Message>> history(ConversationRef chat, String chatId, Operation operation) {
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
            List<Message> out = new ArrayList<>(items.size()); // sized once: no regrowth per page of history
            int skipped = 0;
            SmsbatMapper.Messages seen = new SmsbatMapper.Messages();
            for (JsonNode item : items) {
                Message m = item.isObject() ? SmsbatMapper.message(chat, item, seen) : null;
                if (m == null) {
                    skipped++;
                } else {
                    out.add(m);
                }
            }
            if (skipped > 0) {
                context.logger().warn("Skipped {} message(s) without an id in chat {}.", skipped, chatId);
            }
            if (!sorted(out)) {
                out.sort(Cursors.MESSAGE_ORDER);
            }
            return out;
        });
    }

    /** @return whether the messages already stand in (date, id) order, the usual answer (no sort, no sort buffers) */
    private static boolean sorted(List<Message> messages) {
        for (int i = 1, n = messages.size(); i < n; i++) {
            if (Cursors.MESSAGE_ORDER.compare(messages.get(i - 1), messages.get(i)) > 0) {
                return false;
            }
        }
        return true;
    }

    CompletableFuture<HttpAnswer> listMessages(String path, String chatId, Operation operation) {
        return authorized(() -> HttpCall.get(config.baseUri(), path, chatId).operation(operation));
    }

    /** Every chat of the account, paged with the largest page, each once. */
    CompletableFuture<List<Conversation>> allChats(Operation operation) {
        ConversationQuery all = ConversationQuery.forAccount(context.account()).build();
        Map<String, Conversation> seen = new LinkedHashMap<>();
        return allChats(all, 1, seen, operation).thenApply(v -> List.copyOf(seen.values()));
    }

    CompletableFuture<Void> allChats(ConversationQuery q, int page, Map<String, Conversation> seen, Operation operation) {
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

    CompletableFuture<HttpAnswer> authorized(Supplier<HttpCall.Builder> call) {
        return auth.call(token -> http.exchange(auth.authorize(call.get(), token).build()));
    }

    static JsonNode json(HttpAnswer answer, String what) {
        JsonNode body = answer.json();
        if (body == null) {
            throw answer.unreadable("is not " + what, null);
        }
        return body;
    }

    static JsonNode firstPresent(JsonNode o, String... names) {
        for (String n : names) {
            JsonNode v = o.get(n);
            if (!JsonValues.isAbsent(v)) {
                return v;
            }
        }
        return null;
    }

    String chatId(ConversationRef ref, Operation operation) {
        if (!ref.account().equals(context.account())) {
            throw new InvalidRequestException("Conversation " + ref + " is not of account '" + context.account() + "'.",
                    details(operation));
        }
        if (!JsonValues.isDigits(ref.id())) {
            throw new InvalidRequestException("SMSBAT chat ids are whole numbers, not '" + printable(ref.id()) + "' ("
                    + ref + ").", details(operation));
        }
        return ref.id();
    }

    ErrorDetails details(Operation operation) {
        return ErrorDetails.of(context.account(), context.providerId(), operation);
    }

    static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    /** For tests: the message-list path learnt so far. @return the path template, or empty */
    Optional<String> learntMessagesPath() {
        return Optional.ofNullable(messagesPath.get());
    }
}
