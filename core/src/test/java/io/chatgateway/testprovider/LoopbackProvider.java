package io.chatgateway.testprovider;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.BroadcastResult;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationRef;
import io.chatgateway.DeliveryStatus;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.MessageRef;
import io.chatgateway.NotFoundException;
import io.chatgateway.Operation;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.Participant;
import io.chatgateway.QueryPlan;
import io.chatgateway.SendResult;
import io.chatgateway.spi.ChatProvider;
import io.chatgateway.spi.HttpCall;
import io.chatgateway.spi.JsonValues;
import io.chatgateway.spi.PageSlice;
import io.chatgateway.spi.ProviderContext;
import io.chatgateway.spi.ProviderHttp;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** The loopback adapter: every call goes through {@link ProviderContext#http} to the loopback API. */
final class LoopbackProvider implements ChatProvider {

    private static final Set<String> MESSAGE_FIELDS = Set.of("id", "conversation", "direction", "author", "text",
            "sent_at", "read");
    private static final Set<String> CONVERSATION_FIELDS = Set.of("id", "title", "status", "unread",
            "last_message_at", "assignee");

    private final LoopbackConfig config;
    private final ProviderContext context;
    private final ProviderHttp http;
    private final URI base;

    LoopbackProvider(LoopbackConfig config, ProviderContext context) {
        this.config = config;
        this.context = context;
        this.http = context.http(new LoopbackErrorDecoder());
        this.base = config.baseUri();
    }

    private HttpCall.Builder authed(HttpCall.Builder b, Operation operation) {
        return b.credential("Authorization", "Bearer ", config.token()).operation(operation);
    }

    @Override
    public QueryPlan plan(ConversationQuery query) {
        QueryPlan defaults = ChatProvider.super.plan(query);
        if (query.text() == null) {
            return defaults;
        }
        EnumSet<QueryPlan.Filter> local = EnumSet.noneOf(QueryPlan.Filter.class);
        local.addAll(defaults.local());
        local.remove(QueryPlan.Filter.TEXT);
        return new QueryPlan(Set.of(QueryPlan.Filter.TEXT), local, List.of());
    }

    @Override
    public CompletableFuture<PageSlice<Conversation>> conversations(ConversationQuery query, String cursor) {
        HttpCall call = authed(HttpCall.get(base, "/api/conversations"), Operation.CONVERSATIONS)
                .query("limit", query.pageSize()).query("cursor", cursor).query("q", query.text()).build();
        return http.exchange(call).thenApply(answer -> {
            JsonNode root = answer.json();
            List<Conversation> items = new ArrayList<>();
            for (JsonNode c : root.path("items")) {
                items.add(conversation(c));
            }
            return new PageSlice<>(items, JsonValues.asText(root.get("next")));
        });
    }

    private Conversation conversation(JsonNode c) {
        String assignee = JsonValues.asText(c.get("assignee"));
        return new Conversation(new ConversationRef(context.account(), JsonValues.asText(c.get("id"))),
                LoopbackConfig.ID, JsonValues.asText(c.get("title")), status(JsonValues.asText(c.get("status"))),
                JsonValues.asLong(c.get("unread")), instant(c.get("last_message_at")),
                assignee == null ? null : new Participant(assignee, null, Participant.Role.AGENT),
                JsonValues.remaining(c, CONVERSATION_FIELDS));
    }

    private static Conversation.Status status(String text) {
        try {
            return text == null ? Conversation.Status.UNKNOWN : Conversation.Status.valueOf(text);
        } catch (IllegalArgumentException e) {
            return Conversation.Status.UNKNOWN;
        }
    }

    private static Instant instant(JsonNode node) {
        String t = JsonValues.asText(node);
        return t == null ? null : Instant.parse(t);
    }

    @Override
    public CompletableFuture<PageSlice<Message>> messages(MessageQuery query, String cursor) {
        HttpCall call = authed(HttpCall.get(base, "/api/conversations/{}/messages", query.conversation().id()), Operation.MESSAGES)
                .query("limit", query.pageSize())
                .query("order", query.order() == MessageQuery.Order.DESCENDING ? "desc" : "asc")
                .query("cursor", cursor)
                .query("since", query.since())
                .query("until", query.until())
                .build();
        return http.exchange(call).thenApply(answer -> {
            JsonNode root = answer.json();
            List<Message> items = new ArrayList<>();
            for (JsonNode m : root.path("items")) {
                items.add(message(query.conversation(), m));
            }
            return new PageSlice<>(items, JsonValues.asText(root.get("next")));
        });
    }

    private static Message message(ConversationRef conversation, JsonNode m) {
        boolean inbound = "in".equals(JsonValues.asText(m.get("direction")));
        Boolean read = JsonValues.asBoolean(m.get("read"));
        return Message.builder(conversation.message(JsonValues.asText(m.get("id"))), LoopbackConfig.ID)
                .direction(inbound ? Message.Direction.INBOUND : Message.Direction.OUTBOUND)
                .author(new Participant(JsonValues.asText(m.get("author")), null,
                        inbound ? Participant.Role.CUSTOMER : Participant.Role.AGENT))
                .text(JsonValues.asText(m.get("text")))
                .sentAt(instant(m.get("sent_at")))
                .readStatus(read == null ? Message.ReadStatus.UNKNOWN : read ? Message.ReadStatus.READ : Message.ReadStatus.UNREAD)
                .delivery(inbound ? DeliveryStatus.UNKNOWN : DeliveryStatus.SENT)
                .attributes(JsonValues.remaining(m, MESSAGE_FIELDS))
                .build();
    }

    @Override
    public CompletableFuture<Optional<Message>> message(MessageRef ref) {
        HttpCall call = authed(HttpCall.get(base, "/api/conversations/{}/messages/{}", ref.conversation().id(), ref.id()),
                Operation.MESSAGE).build();
        return http.exchange(call)
                .thenApply(answer -> Optional.of(message(ref.conversation(), answer.json())))
                .exceptionally(e -> {
                    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                            ? e.getCause() : e;
                    if (cause instanceof NotFoundException) {
                        return Optional.empty();
                    }
                    throw e instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(e);
                });
    }

    @Override
    public CompletableFuture<SendResult> send(ConversationRef to, OutgoingMessage message) {
        HttpCall call = authed(HttpCall.post(base, "/api/conversations/{}/messages", to.id()), Operation.SEND)
                .json(Map.of("text", message.text()))
                .deliversMessage()
                .build();
        return http.exchange(call).thenApply(answer -> {
            JsonNode root = answer.json();
            String id = JsonValues.asText(root.get("id"));
            if (id == null) {
                throw answer.unreadable("has no message id", null);
            }
            return new SendResult(to.message(id), DeliveryStatus.SENT, instant(root.get("sent_at")), false);
        });
    }

    @Override
    public CompletableFuture<List<BroadcastResult.RecipientOutcome>> broadcast(List<ConversationRef> recipients, OutgoingMessage message) {
        Map<String, ConversationRef> byId = new LinkedHashMap<>();
        recipients.forEach(r -> byId.put(r.id(), r));
        HttpCall call = authed(HttpCall.post(base, "/api/broadcast"), Operation.BROADCAST)
                .json(Map.of("conversations", List.copyOf(byId.keySet()), "text", message.text()))
                .deliversMessage()
                .build();
        return http.exchange(call).thenApply(answer -> {
            List<BroadcastResult.RecipientOutcome> out = new ArrayList<>();
            for (JsonNode r : answer.json().path("results")) {
                ConversationRef to = byId.get(JsonValues.asText(r.get("conversation")));
                if (to == null) {
                    continue;
                }
                JsonNode error = r.get("error");
                if (error != null && error.isObject()) {
                    String code = JsonValues.asText(error.get("code"));
                    String text = JsonValues.asText(error.get("message"));
                    var d = answer.details().withProviderCode(code);
                    out.add(BroadcastResult.RecipientOutcome.failed(to, "not_found".equals(code)
                            ? new NotFoundException("loopback broadcast: " + text, d)
                            : new io.chatgateway.ConversationUnavailableException("loopback broadcast: " + text, d)));
                } else {
                    out.add(BroadcastResult.RecipientOutcome.sent(to, to.message(JsonValues.asText(r.get("id")))));
                }
            }
            return out;
        });
    }

    @Override
    public CompletableFuture<Void> markRead(List<MessageRef> messages) {
        List<Map<String, String>> refs = messages.stream()
                .map(m -> Map.of("conversation", m.conversation().id(), "id", m.id())).toList();
        return http.exchange(authed(HttpCall.post(base, "/api/read"), Operation.MARK_READ).json(Map.of("messages", refs)).build())
                .thenApply(a -> null);
    }

    @Override
    public CompletableFuture<Void> markAllRead(List<ConversationRef> conversations) {
        List<String> ids = conversations.stream().map(ConversationRef::id).toList();
        return http.exchange(authed(HttpCall.post(base, "/api/read-all"), Operation.MARK_ALL_READ)
                .json(Map.of("conversations", ids)).build()).thenApply(a -> null);
    }

    @Override
    public CompletableFuture<Map<ConversationRef, Long>> unreadCounts() {
        return http.exchange(authed(HttpCall.get(base, "/api/unread"), Operation.UNREAD_COUNTS).build()).thenApply(answer -> {
            Map<ConversationRef, Long> out = new LinkedHashMap<>();
            answer.json().path("counts").fields().forEachRemaining(e ->
                    out.put(new ConversationRef(context.account(), e.getKey()), JsonValues.asLong(e.getValue())));
            return out;
        });
    }

    @Override
    public CompletableFuture<Map<ConversationRef, Instant>> lastActivity(List<ConversationRef> conversations) {
        List<String> ids = conversations.stream().map(ConversationRef::id).toList();
        return http.exchange(authed(HttpCall.post(base, "/api/last-activity"), Operation.LAST_ACTIVITY)
                .json(Map.of("conversations", ids)).build()).thenApply(answer -> {
                    Map<ConversationRef, Instant> out = new LinkedHashMap<>();
                    answer.json().path("last_activity").fields().forEachRemaining(e ->
                            out.put(new ConversationRef(context.account(), e.getKey()), instant(e.getValue())));
                    return out;
                });
    }

    @Override
    public CompletableFuture<Void> setStatus(ConversationRef conversation, Conversation.Status status) {
        return http.exchange(authed(HttpCall.put(base, "/api/conversations/{}/status", conversation.id()), Operation.SET_STATUS)
                .json(Map.of("status", status.name())).build()).thenApply(a -> null);
    }

    @Override
    public CompletableFuture<Void> deleteConversation(ConversationRef conversation) {
        return http.exchange(authed(HttpCall.delete(base, "/api/conversations/{}", conversation.id()),
                Operation.DELETE_CONVERSATION).build()).thenApply(a -> null);
    }

}
