package io.chatgateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.Capability;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationRef;
import io.chatgateway.DeliveryStatus;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.MessageRef;
import io.chatgateway.Operation;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.Participant;
import io.chatgateway.Secret;
import io.chatgateway.SendResult;
import io.chatgateway.spi.ChatProvider;
import io.chatgateway.spi.ChatProviderFactory;
import io.chatgateway.spi.ErrorDecoder;
import io.chatgateway.spi.HttpCall;
import io.chatgateway.spi.PageSlice;
import io.chatgateway.spi.ProviderConfig;
import io.chatgateway.spi.ProviderContext;
import io.chatgateway.spi.ProviderHttp;
import io.chatgateway.spi.ProviderMetadata;
import io.chatgateway.spi.ProviderSettings;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Test-only adapter of the made-up "toy" provider served by {@link ToySimulator}. */
final class ToyProvider implements ChatProvider {

    /** ServiceLoader entry point. */
    public static final class Factory implements ChatProviderFactory {
        @Override
        public ProviderMetadata metadata() {
            Map<Capability, Capability.Support> caps = new EnumMap<>(Capability.class);
            for (Capability c : List.of(Capability.LIST_CONVERSATIONS, Capability.LIST_MESSAGES, Capability.SEND,
                    Capability.MARK_READ, Capability.MARK_ALL_READ, Capability.UNREAD_COUNTS, Capability.SET_STATUS)) {
                caps.put(c, Capability.Support.NATIVE);
            }
            caps.put(Capability.BROADCAST, Capability.Support.EMULATED);
            return new ProviderMetadata("toy", "Toy chat", URI.create("http://127.0.0.1/"), caps, 1000, 100, 100, 1000);
        }

        @Override
        public ProviderConfig configure(ProviderSettings settings) {
            return new Config(settings.uri("base-url").orElseThrow(), settings.secret("token").orElseThrow());
        }

        @Override
        public ChatProvider create(ProviderConfig config, ProviderContext context) {
            return new ToyProvider((Config) config, context);
        }
    }

    record Config(URI baseUri, Secret token) implements ProviderConfig {
        @Override
        public String providerId() {
            return "toy";
        }
    }

    private final Config config;
    private final ProviderContext context;
    private final ProviderHttp http;

    private ToyProvider(Config config, ProviderContext context) {
        this.config = config;
        this.context = context;
        this.http = context.http(ErrorDecoder.BY_STATUS);
    }

    private HttpCall.Builder auth(HttpCall.Builder call) {
        return call.credential("Authorization", "Bearer ", config.token());
    }

    private CompletableFuture<JsonNode> json(HttpCall.Builder call) {
        return http.exchange(auth(call).build()).thenApply(a -> a.isBlank() ? null : a.json());
    }

    @Override
    public CompletableFuture<PageSlice<Conversation>> conversations(ConversationQuery query, String cursor) {
        return json(HttpCall.get(config.baseUri(), "/api/conversations").operation(Operation.CONVERSATIONS)).thenApply(list -> {
            List<Conversation> out = new ArrayList<>();
            for (JsonNode c : list) {
                ConversationRef ref = new ConversationRef(context.account(), c.path("id").asText());
                Conversation.Status status = Conversation.Status.valueOf(c.path("status").asText());
                if (!query.statuses().isEmpty() && !query.statuses().contains(status)) {
                    continue;
                }
                if (query.text() != null && !c.path("title").asText().toLowerCase().contains(query.text().toLowerCase())) {
                    continue;
                }
                Map<String, Object> attributes = new LinkedHashMap<>();
                attributes.put("color", "blue");
                out.add(new Conversation(ref, "toy", c.path("title").asText(), status, c.path("unread").asLong(),
                        c.path("last").isNull() ? null : Instant.parse(c.path("last").asText()),
                        new Participant("op-1", "Olga", Participant.Role.AGENT), attributes));
            }
            return PageSlice.last(out);
        });
    }

    @Override
    public CompletableFuture<PageSlice<Message>> messages(MessageQuery query, String cursor) {
        int skip = cursor == null ? 0 : Integer.parseInt(cursor);
        int limit = query.pageSize() == 0 ? 2 : query.pageSize();
        return json(HttpCall.get(config.baseUri(), "/api/conversations/{}/messages", query.conversation().id())
                .query("skip", skip).query("limit", limit)
                .query("order", query.order() == io.chatgateway.MessageQuery.Order.DESCENDING ? "desc" : "asc").operation(Operation.MESSAGES)).thenApply(page -> {
            List<Message> out = new ArrayList<>();
            for (JsonNode m : page.path("items")) {
                out.add(message(query.conversation(), m));
            }
            return new PageSlice<>(out, page.path("more").asBoolean() ? String.valueOf(skip + limit) : null);
        });
    }

    private static Message message(ConversationRef conversation, JsonNode m) {
        boolean inbound = m.path("inbound").asBoolean();
        return Message.builder(conversation.message(m.path("id").asText()), "toy")
                .direction(inbound ? Message.Direction.INBOUND : Message.Direction.OUTBOUND)
                .author(inbound ? new Participant("c-" + conversation.id(), "Customer " + conversation.id(), Participant.Role.CUSTOMER)
                        : new Participant("op-1", "Olga", Participant.Role.AGENT))
                .text(m.path("text").asText())
                .sentAt(Instant.parse(m.path("at").asText()))
                .delivery(DeliveryStatus.DELIVERED)
                .readStatus(m.path("read").asBoolean() ? Message.ReadStatus.READ : Message.ReadStatus.UNREAD)
                .attribute("raw_id", m.path("id").asText())
                .build();
    }

    @Override
    public CompletableFuture<SendResult> send(ConversationRef to, OutgoingMessage message) {
        return json(HttpCall.post(config.baseUri(), "/api/conversations/{}/messages", to.id())
                .json(Map.of("text", message.text())).operation(Operation.SEND).deliversMessage())
                .thenApply(m -> new SendResult(to.message(m.path("id").asText()), DeliveryStatus.SENT,
                        Instant.parse(m.path("at").asText()), false));
    }

    @Override
    public CompletableFuture<Void> markRead(List<MessageRef> messages) {
        CompletableFuture<?>[] all = messages.stream().map(m -> json(HttpCall.post(config.baseUri(),
                "/api/conversations/{}/read-one", m.conversation().id()).json(Map.of("id", m.id())).operation(Operation.MARK_READ)))
                .toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(all);
    }

    @Override
    public CompletableFuture<Void> markAllRead(List<ConversationRef> conversations) {
        CompletableFuture<List<ConversationRef>> targets = conversations.isEmpty()
                ? conversations(ConversationQuery.forAccount(context.account()).build(), null)
                        .thenApply(p -> p.items().stream().map(Conversation::ref).toList())
                : CompletableFuture.completedFuture(conversations);
        return targets.thenCompose(refs -> CompletableFuture.allOf(refs.stream().map(c -> json(HttpCall.post(
                config.baseUri(), "/api/conversations/{}/read", c.id()).operation(Operation.MARK_ALL_READ)))
                .toArray(CompletableFuture[]::new)));
    }

    @Override
    public CompletableFuture<Map<ConversationRef, Long>> unreadCounts() {
        return json(HttpCall.get(config.baseUri(), "/api/unread").operation(Operation.UNREAD_COUNTS)).thenApply(n -> {
            Map<ConversationRef, Long> out = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> out.put(new ConversationRef(context.account(), e.getKey()), e.getValue().asLong()));
            return out;
        });
    }

    @Override
    public CompletableFuture<Void> setStatus(ConversationRef conversation, Conversation.Status status) {
        return json(HttpCall.put(config.baseUri(), "/api/conversations/{}/status", conversation.id())
                .json(Map.of("status", status.name())).operation(Operation.SET_STATUS)).thenApply(x -> null);
    }
}
