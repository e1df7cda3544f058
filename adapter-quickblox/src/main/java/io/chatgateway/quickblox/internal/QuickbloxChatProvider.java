package io.chatgateway.quickblox.internal;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.chatgateway.QueryPlan;
import io.chatgateway.SendResult;
import io.chatgateway.quickblox.QuickbloxConfig;
import io.chatgateway.spi.ChatProvider;
import io.chatgateway.spi.Futures;
import io.chatgateway.spi.HttpAnswer;
import io.chatgateway.spi.HttpCall;
import io.chatgateway.spi.JsonValues;
import io.chatgateway.spi.PageCursor.Keyset;
import io.chatgateway.spi.PageSlice;
import io.chatgateway.spi.ProviderContext;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One QuickBlox account: dialogs as conversations, chat messages, read receipts and unread counts over the
 * REST API. Made by {@code QuickbloxChatProviderFactory}; thread-safe.
 */
public final class QuickbloxChatProvider implements ChatProvider {

    /** Dialog ids per {@code GET /chat/Message/unread.json} request. */
    static final int UNREAD_CHUNK = 50;
    /** Up to this many conversations, last activity asks for each dialog by id; above it, lists them all. */
    static final int LAST_ACTIVITY_BY_ID = 10;
    /** Dialogs re-read before a dialog cursor's position, to find the place again after deletions. */
    static final int DIALOG_OVERLAP = 5;

    private final QuickbloxConfig config;
    private final String account;
    private final URI base;
    private final QuickbloxAuth auth;
    private final QuickbloxMapper mapper;
    private final MessageQueryCompiler compiler;
    private final Cursors cursors;

    /**
     * @param config  the account's configuration
     * @param context the gateway's plumbing
     */
    public QuickbloxChatProvider(QuickbloxConfig config, ProviderContext context) {
        this.config = config;
        this.account = context.account();
        this.base = config.baseUri();
        this.auth = new QuickbloxAuth(config, context.http(QuickbloxErrorDecoder.INSTANCE), context.clock(),
                ErrorDetails.of(context.account(), QuickbloxConfig.PROVIDER_ID, null));
        this.mapper = new QuickbloxMapper(context.account());
        this.compiler = new MessageQueryCompiler(config.textFilterAtProvider());
        this.cursors = new Cursors(ErrorDetails.of(context.account(), QuickbloxConfig.PROVIDER_ID, Operation.MESSAGES));
    }

    // ------------------------------------------------------------------ dialogs

    @Override
    public QueryPlan plan(ConversationQuery q) {
        return DialogQueryCompiler.plan(q);
    }

    @Override
    public CompletableFuture<PageSlice<Conversation>> conversations(ConversationQuery q, String cursor) {
        return Futures.guard(() -> dialogPage(q, cursor));
    }

    private CompletableFuture<PageSlice<Conversation>> dialogPage(ConversationQuery q, String cursor) {
        Map<String, String> filters = DialogQueryCompiler.filters(q);
        Cursors.DialogKey key = cursor == null ? new Cursors.DialogKey(0, null) : cursors.decodeDialogs(cursor);
        int pageSize = Math.max(1, Math.min(q.pageSize() == 0 ? MessageQueryCompiler.MAX_LIMIT : q.pageSize(),
                MessageQueryCompiler.MAX_LIMIT));
        int back = key.lastId() == null ? 0 : (int) Math.min(key.offset(), DIALOG_OVERLAP);
        long skip = key.offset() - back;
        int limit = Math.min(MessageQueryCompiler.MAX_LIMIT, pageSize + back);
        return auth.actingUser(Operation.CONVERSATIONS).thenCompose(me -> auth.exchange(() -> {
            HttpCall.Builder b = HttpCall.get(base, "/chat/Dialog.json").operation(Operation.CONVERSATIONS);
            filters.forEach(b::query);
            return b.query("skip", skip).query("limit", limit);
        }).thenApply(answer -> {
            List<JsonNode> rows = items(answer);
            int start = back;
            if (key.lastId() != null) {
                for (int i = 0; i < rows.size(); i++) {
                    if (key.lastId().equals(JsonValues.asText(rows.get(i).get("_id")))) {
                        start = i + 1;
                        break;
                    }
                }
            }
            List<Conversation> page = new ArrayList<>();
            String lastId = key.lastId();
            int taken = 0;
            for (int i = start; i < rows.size() && page.size() < pageSize; i++) {
                taken = i - start + 1;
                Conversation c = mapper.dialog(rows.get(i), me);
                if (c != null) {
                    page.add(c);
                    lastId = c.ref().id();
                }
            }
            boolean more = rows.size() >= limit || start + taken < rows.size();
            String next = more ? cursors.encode(new Cursors.DialogKey(skip + start + taken, lastId)) : null;
            return new PageSlice<>(page, next);
        }));
    }

    @Override
    public CompletableFuture<Void> deleteConversation(ConversationRef conversation) {
        if (!config.forceDelete() && auth.applicationLevel()) {
            // hiding a dialog is per user; only a delete for everyone needs none
            return auth.asUser(Operation.DELETE_CONVERSATION, () -> null);
        }
        return auth.exchange(() -> {
            HttpCall.Builder b = HttpCall.delete(base, "/chat/Dialog/{}.json", conversation.id()).operation(Operation.DELETE_CONVERSATION);
            if (config.forceDelete()) {
                b.query("force", 1);
            }
            return b;
        }).thenApply(answer -> null);
    }

    @Override
    public CompletableFuture<Map<ConversationRef, Instant>> lastActivity(List<ConversationRef> conversations) {
        CompletableFuture<List<Conversation>> dialogs;
        if (conversations.size() <= LAST_ACTIVITY_BY_ID) {
            dialogs = auth.actingUser(Operation.LAST_ACTIVITY).thenCompose(me -> Futures.sequence(conversations, ref -> auth.exchange(() ->
                    HttpCall.get(base, "/chat/Dialog.json").operation(Operation.LAST_ACTIVITY).query("_id", ref.id())
                            .query("limit", 1)).thenApply(answer -> {
                                List<Conversation> found = new ArrayList<>();
                                for (JsonNode row : items(answer)) {
                                    Conversation c = mapper.dialog(row, me);
                                    if (c != null && c.ref().equals(ref)) {
                                        found.add(c);
                                    }
                                }
                                return found;
                            }))).thenApply(lists -> lists.stream().flatMap(List::stream).toList());
        } else {
            dialogs = allDialogs();
        }
        Set<ConversationRef> wanted = new LinkedHashSet<>(conversations);
        return dialogs.thenApply(list -> {
            Map<ConversationRef, Instant> out = new LinkedHashMap<>();
            for (Conversation c : list) {
                if (wanted.contains(c.ref()) && c.lastMessageAt() != null) {
                    out.put(c.ref(), c.lastMessageAt());
                }
            }
            return Collections.unmodifiableMap(out);
        });
    }

    private CompletableFuture<List<Conversation>> allDialogs() {
        ConversationQuery all = ConversationQuery.forAccount(account).pageSize(MessageQueryCompiler.MAX_LIMIT).build();
        return collect(all, null, new ArrayList<>());
    }

    private CompletableFuture<List<Conversation>> collect(ConversationQuery q, String cursor, List<Conversation> acc) {
        return conversations(q, cursor).thenCompose(slice -> {
            acc.addAll(slice.items());
            return slice.nextCursor() == null ? CompletableFuture.completedFuture(acc) : collect(q, slice.nextCursor(), acc);
        });
    }

    // ------------------------------------------------------------------ messages

    @Override
    public QueryPlan plan(MessageQuery query) {
        return compiler.plan(query);
    }

    @Override
    public CompletableFuture<PageSlice<Message>> messages(MessageQuery q, String cursor) {
        return Futures.guard(() -> messagePage(q, cursor));
    }

    private CompletableFuture<PageSlice<Message>> messagePage(MessageQuery q, String cursor) {
        boolean byOffset = MessageQueryCompiler.offsetPaging(MessageQueryCompiler.typed(q));
        Object position = cursor == null ? null : cursors.decodeMessages(cursor, byOffset);
        Keyset key = position instanceof Keyset k ? k : null;
        MessageQueryCompiler.Compiled c = compiler.compile(q, position);
        long known = auth.configuredUser();
        return known != 0 ? messagePage(c, key, q.conversation().id(), known)
                : auth.actingUser(Operation.MESSAGES).thenCompose(me -> messagePage(c, key, q.conversation().id(), me));
    }

    private CompletableFuture<PageSlice<Message>> messagePage(MessageQueryCompiler.Compiled c, Keyset key, String dialog,
                                                             long me) {
        return auth.exchange(() -> {
            HttpCall.Builder b = HttpCall.get(base, "/chat/Message.json").operation(Operation.MESSAGES);
            c.addTo(b);
            return b;
        }).thenApply(answer -> {
            JsonNode rows = itemArray(answer);
            int total = rows.size();
            // the rows not returned before, up to a page: read off the answer's array, no copy of it
            List<JsonNode> kept = new ArrayList<>(Math.min(total, c.pageSize()));
            int fresh = 0;
            for (int i = 0; i < total; i++) {
                JsonNode row = rows.get(i);
                String id = JsonValues.asText(row.get("_id"));
                if (id != null && !c.drop().contains(id) && fresh++ < c.pageSize()) {
                    kept.add(row);
                }
            }
            QuickbloxMapper.Messages mapping = mapper.messages(dialog, me);
            List<Message> page = new ArrayList<>(kept.size());
            for (int i = 0; i < kept.size(); i++) {
                Message m = mapping.message(kept.get(i));
                if (m != null && c.recheck().test(m)) {
                    page.add(m);
                }
            }
            boolean more = total >= c.limit() || fresh > kept.size();
            if (!more || kept.isEmpty()) {
                return new PageSlice<>(page, null);
            }
            if (c.offset() != null) {
                return new PageSlice<>(page, cursors.encodeOffset(c.offset() + total));
            }
            Long last = JsonValues.asLong(kept.get(kept.size() - 1).get("date_sent"));
            if (last == null) {
                throw answer.unreadable("lists a message without date_sent, so the next page cannot be found", null);
            }
            Keyset next = (key == null ? Keyset.at(last) : key).afterAll(kept, row -> QuickbloxMapper.longOr(row.get("date_sent"), last),
                    row -> JsonValues.asText(row.get("_id")));
            return new PageSlice<>(page, cursors.encode(next));
        });
    }

    @Override
    public CompletableFuture<Optional<Message>> message(MessageRef ref) {
        String dialog = ref.conversation().id();
        return auth.actingUser(Operation.MESSAGE).thenCompose(me -> auth.exchange(() -> HttpCall.get(base, "/chat/Message.json")
                .operation(Operation.MESSAGE)
                .query("chat_dialog_id", dialog)
                .query("_id", ref.id())
                .query("mark_as_read", 0)
                .query("limit", 1))
                .thenApply(answer -> {
                    for (JsonNode row : items(answer)) {
                        if (ref.id().equals(JsonValues.asText(row.get("_id")))) {
                            return Optional.ofNullable(mapper.message(row, dialog, me));
                        }
                    }
                    return Optional.<Message>empty();
                }))
                .exceptionally(e -> {
                    if (Futures.unwrap(e) instanceof NotFoundException) {
                        return Optional.empty();
                    }
                    throw e instanceof CompletionException ce ? ce : new CompletionException(e);
                });
    }

    // ------------------------------------------------------------------ sending and read state

    @Override
    public CompletableFuture<SendResult> send(ConversationRef to, OutgoingMessage message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("chat_dialog_id", to.id());
        body.put("message", message.text());
        body.put("send_to_chat", 1);
        body.put("markable", 1);
        return auth.asUser(Operation.SEND, () -> auth.exchange(() -> HttpCall.post(base, "/chat/Message.json")
                        .operation(Operation.SEND).deliversMessage().json(body)))
                .thenApply(answer -> {
                    JsonNode m = answer.json();
                    String id = JsonValues.asText(m.get("_id"));
                    if (id == null || id.isBlank()) {
                        throw answer.unreadable("does not name the created message (no _id)", null);
                    }
                    return new SendResult(to.message(id), DeliveryStatus.SENT,
                            QuickbloxMapper.seconds(m.get("date_sent")), false);
                });
    }

    @Override
    public CompletableFuture<Void> markRead(List<MessageRef> messages) {
        return Futures.sequence(messages, this::markOneRead).thenApply(x -> null);
    }

    private CompletableFuture<Void> markOneRead(MessageRef ref) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("read", "1");
        body.put("chat_dialog_id", ref.conversation().id());
        return auth.asUser(Operation.MARK_READ, () -> auth.exchange(() -> HttpCall.put(base, "/chat/Message/{}.json",
                ref.id()).operation(Operation.MARK_READ).json(body))).thenApply(answer -> null);
    }

    @Override
    public CompletableFuture<Void> markAllRead(List<ConversationRef> conversations) {
        CompletableFuture<List<ConversationRef>> targets = conversations.isEmpty()
                ? allDialogs().thenApply(list -> list.stream()
                        .filter(c -> c.unreadCount() == null || c.unreadCount() > 0).map(Conversation::ref).toList())
                : CompletableFuture.completedFuture(conversations);
        return targets.thenCompose(refs -> auth.actingUser(Operation.MARK_ALL_READ).thenCompose(me ->
                Futures.sequence(refs, ref -> unreadInbound(ref, me, null, new ArrayList<>())
                        .thenCompose(unread -> Futures.sequence(unread, this::markOneRead)))))
                .thenApply(x -> null);
    }

    private CompletableFuture<List<MessageRef>> unreadInbound(ConversationRef ref, long me, String cursor, List<MessageRef> acc) {
        MessageQuery q = MessageQuery.of(ref).pageSize(MessageQueryCompiler.MAX_LIMIT).build();
        return messages(q, cursor).thenCompose(slice -> {
            for (Message m : slice.items()) {
                if (m.direction() == io.chatgateway.Message.Direction.INBOUND && m.readStatus() != io.chatgateway.Message.ReadStatus.READ) {
                    acc.add(m.ref());
                }
            }
            return slice.nextCursor() == null ? CompletableFuture.completedFuture(acc)
                    : unreadInbound(ref, me, slice.nextCursor(), acc);
        });
    }

    @Override
    public CompletableFuture<Map<ConversationRef, Long>> unreadCounts() {
        return allDialogs().thenCompose(dialogs -> {
            List<List<String>> chunks = new ArrayList<>();
            for (int i = 0; i < dialogs.size(); i += UNREAD_CHUNK) {
                chunks.add(dialogs.subList(i, Math.min(dialogs.size(), i + UNREAD_CHUNK)).stream()
                        .map(c -> c.ref().id()).toList());
            }
            return Futures.sequence(chunks, ids -> auth.exchange(() -> HttpCall.get(base, "/chat/Message/unread.json")
                    .operation(Operation.UNREAD_COUNTS).query("chat_dialog_ids", String.join(",", ids)))
                    .thenApply(answer -> mapper.unread(answer.json())));
        }).thenApply(parts -> {
            Map<ConversationRef, Long> all = new LinkedHashMap<>();
            parts.forEach(all::putAll);
            return Collections.unmodifiableMap(all);
        });
    }

    // ------------------------------------------------------------------ helpers

    /** @return the {@code items} of a list answer; a bare array is accepted too */
    private static List<JsonNode> items(HttpAnswer answer) {
        JsonNode items = itemArray(answer);
        List<JsonNode> out = new ArrayList<>(items.size());
        items.forEach(out::add);
        return out;
    }

    /** @return the {@code items} array of a list answer (a bare array is accepted too; an empty answer has none) */
    private static JsonNode itemArray(HttpAnswer answer) {
        JsonNode root = answer.json();
        JsonNode items = root.isArray() ? root : root.path("items");
        if (!items.isArray()) {
            if (root.isMissingNode()) {
                return root; // size 0
            }
            throw answer.unreadable("has no items list", null);
        }
        return items;
    }

    /** Dialogs by {@code last_message_date_sent}, every dialog now and then: see {@link QuickbloxChangeDetector}. */
    @Override
    public io.chatgateway.spi.ChangeDetector changeDetector(String account) {
        return new QuickbloxChangeDetector(this, account);
    }
}
