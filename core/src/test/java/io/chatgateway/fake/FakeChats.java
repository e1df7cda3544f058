package io.chatgateway.fake;

import io.chatgateway.Conversation;
import io.chatgateway.ConversationRef;
import io.chatgateway.DeliveryStatus;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.spi.PageSlice;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted chat world behind a {@link FakeProvider}: conversations with messages that tests add (inbound,
 * outbound, same second, status changes); listing pages by offset. Thread-safe.
 */
public final class FakeChats {

    private final String account;
    private final Clock clock;
    private final Map<String, Conversation> conversations = new LinkedHashMap<>();
    private final Map<String, List<Message>> messages = new LinkedHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    /** Message listing requests made. */
    public final AtomicInteger messageReads = new AtomicInteger();
    /** Conversation listing requests made. */
    public final AtomicInteger conversationReads = new AtomicInteger();

    /**
     * @param fake    the provider to script
     * @param account the account name the provider serves
     * @param clock   the time messages get when added
     */
    public FakeChats(FakeProvider fake, String account, Clock clock) {
        this.account = account;
        this.clock = clock;
        fake.conversations = (q, cursor) -> {
            conversationReads.incrementAndGet();
            synchronized (this) {
                return CompletableFuture.completedFuture(PageSlice.last(List.copyOf(conversations.values())));
            }
        };
        fake.messages = (q, cursor) -> {
            messageReads.incrementAndGet();
            return CompletableFuture.completedFuture(page(q, cursor));
        };
    }

    private synchronized PageSlice<Message> page(MessageQuery q, String cursor) {
        List<Message> all = messages.getOrDefault(q.conversation().id(), List.of()).stream()
                .filter(m -> q.since() == null || !m.sentAt().isBefore(q.since()))
                .sorted(Comparator.comparing(Message::sentAt).thenComparing(m -> Integer.parseInt(m.ref().id())))
                .toList();
        int from = cursor == null ? 0 : Integer.parseInt(cursor);
        int size = q.pageSize() == 0 ? 50 : q.pageSize();
        int to = Math.min(all.size(), from + size);
        return new PageSlice<>(all.subList(from, to), to < all.size() ? String.valueOf(to) : null);
    }

    /** @param id conversation id @return its ref */
    public ConversationRef ref(String id) {
        return new ConversationRef(account, id);
    }

    /** @param id a new conversation's id @return its ref */
    public synchronized ConversationRef conversation(String id) {
        ConversationRef ref = ref(id);
        conversations.put(id, Conversation.builder(ref, FakeProvider.ID).title("chat " + id).status(Conversation.Status.OPEN)
                .unreadCount(0L).build());
        messages.putIfAbsent(id, new ArrayList<>());
        return ref;
    }

    /** @param id conversation @param status its new status */
    public synchronized void status(String id, Conversation.Status status) {
        conversations.put(id, conversations.get(id).toBuilder().status(status).build());
    }

    /** @param conversation id @param text text @return the added inbound message, sent now */
    public Message inbound(String conversation, String text) {
        return add(conversation, Message.Direction.INBOUND, text, clock.instant(), DeliveryStatus.DELIVERED);
    }

    /** @param conversation id @param text text @return the added outbound message, sent now, PENDING */
    public Message outbound(String conversation, String text) {
        return add(conversation, Message.Direction.OUTBOUND, text, clock.instant(), DeliveryStatus.PENDING);
    }

    /**
     * @param conversation id
     * @param direction    direction
     * @param text         text
     * @param at           send time
     * @param delivery     delivery state
     * @return the message
     */
    public synchronized Message add(String conversation, Message.Direction direction, String text, Instant at,
                                    DeliveryStatus delivery) {
        Message m = Message.builder(ref(conversation).message(String.valueOf(ids.incrementAndGet())), FakeProvider.ID)
                .direction(direction).text(text).sentAt(at).delivery(delivery).readStatus(Message.ReadStatus.UNKNOWN).build();
        messages.get(conversation).add(m);
        Conversation c = conversations.get(conversation);
        long unread = (c.unreadCount() == null ? 0 : c.unreadCount()) + (direction == Message.Direction.INBOUND ? 1 : 0);
        conversations.put(conversation, c.toBuilder().lastMessageAt(at).unreadCount(unread).build());
        return m;
    }

    /** @param message a message added before @param delivery its new delivery state, updated now */
    public synchronized void deliver(Message message, DeliveryStatus delivery) {
        List<Message> list = messages.get(message.ref().conversation().id());
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).ref().equals(message.ref())) {
                list.set(i, list.get(i).toBuilder().delivery(delivery).updatedAt(clock.instant()).build());
            }
        }
        Conversation c = conversations.get(message.ref().conversation().id());
        conversations.put(c.ref().id(), c.toBuilder().lastMessageAt(clock.instant()).build());
    }
}
