package io.chatgateway.smsbat.internal;

import io.chatgateway.Conversation;
import io.chatgateway.ConversationRef;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.Message;
import io.chatgateway.MessageRef;
import io.chatgateway.Operation;
import io.chatgateway.smsbat.SmsbatConfig;
import io.chatgateway.spi.Futures;
import io.chatgateway.spi.HttpCall;
import io.chatgateway.spi.JsonValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * SMSBAT read state: the configured mark-read dialects (one request per message, or batches of ids in one of
 * three body shapes), marking whole chats read, and unread counts from the chat list. Thread-safe.
 */
final class SmsbatReadState {

    private final SmsbatApi api;
    private final SmsbatConfig config;

    SmsbatReadState(SmsbatApi api, SmsbatConfig config) {
        this.api = api;
        this.config = config;
    }

    /** Message ids per mark-read request. */
    static final int MARK_READ_BATCH = 200;

    CompletableFuture<Void> markRead(List<MessageRef> messages) {
        return Futures.guard(() -> {
            Map<String, List<Long>> byChat = new LinkedHashMap<>();
            for (MessageRef r : messages) {
                String chatId = api.chatId(r.conversation(), Operation.MARK_READ);
                if (!JsonValues.isDigits(r.id())) {
                    throw new InvalidRequestException("SMSBAT message ids are whole numbers, not '" + SmsbatApi.printable(r.id())
                            + "' (" + r + ").", api.details(Operation.MARK_READ));
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
        return Futures.forEach(bodies, body -> api.authorized(() -> HttpCall.put(config.baseUri(), "/api/chat/messages/status")
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

    CompletableFuture<Void> markAllRead(List<ConversationRef> conversations) {
        return Futures.guard(() -> {
            for (ConversationRef c : conversations) {
                api.chatId(c, Operation.MARK_ALL_READ);
            }
            CompletableFuture<List<ConversationRef>> targets = conversations.isEmpty()
                    ? api.allChats(Operation.MARK_ALL_READ).thenApply(all -> all.stream()
                    .filter(c -> c.unreadCount() == null || c.unreadCount() > 0).map(Conversation::ref).toList())
                    : CompletableFuture.completedFuture(conversations);
            return targets.thenCompose(refs -> Futures.forEach(refs, c -> api.history(c, c.id(), Operation.MARK_ALL_READ)
                    .thenCompose(all -> {
                        List<Long> unread = all.stream()
                                .filter(m -> m.direction() == Message.Direction.INBOUND && m.readStatus() != Message.ReadStatus.READ)
                                .map(m -> m.ref().id()).filter(id -> JsonValues.isDigits(id)).map(Long::parseLong).toList();
                        return unread.isEmpty() ? CompletableFuture.<Void>completedFuture(null)
                                : markRead(c.id(), unread, Operation.MARK_ALL_READ);
                    })));
        });
    }

    CompletableFuture<Map<ConversationRef, Long>> unreadCounts() {
        return Futures.guard(() -> api.allChats(Operation.UNREAD_COUNTS).thenApply(all -> {
            Map<ConversationRef, Long> out = new LinkedHashMap<>();
            for (Conversation c : all) {
                if (c.unreadCount() != null && c.unreadCount() > 0) {
                    out.put(c.ref(), c.unreadCount());
                }
            }
            return java.util.Collections.unmodifiableMap(out);
        }));
    }
}
