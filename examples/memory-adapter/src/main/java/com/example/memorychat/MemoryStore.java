package com.example.memorychat;

import io.chatgateway.Conversation;
import io.chatgateway.Message;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The "provider" of the memory adapter: conversations and messages held in memory, shared by name between
 * the application (which fills it) and the gateway accounts configured with that name. It also counts the
 * requests it serves and can be made to fail some, which is what the conformance kit needs to see.
 *
 * <p>Thread-safe: every method holds the store's lock.
 */
public final class MemoryStore {

    private static final Map<String, MemoryStore> STORES = new ConcurrentHashMap<>();

    /** One stored message; {@code seq} is its id and its position in the store (a keyset for paging). */
    record StoredMessage(long seq, String conversation, Message.Direction direction, String author, String text,
                         Instant sentAt, boolean read) {
        StoredMessage asRead() {
            return new StoredMessage(seq, conversation, direction, author, text, sentAt, true);
        }
    }

    /** One stored conversation. */
    record StoredConversation(long seq, String title, Conversation.Status status) { }

    private final String name;
    private final Map<String, StoredConversation> conversations = new LinkedHashMap<>();
    private final Map<Long, StoredMessage> messages = new LinkedHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private long nextSeq = 1;
    private int failures;

    private MemoryStore(String name) {
        this.name = name;
    }

    /**
     * @param name the store's name, as in an account's {@code store} setting
     * @return the store of that name, created empty on first use
     */
    public static MemoryStore named(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A memory store needs a name.");
        }
        return STORES.computeIfAbsent(name, MemoryStore::new);
    }

    /** @return the store's name */
    public String name() {
        return name;
    }

    /**
     * @param title the conversation's title
     * @return the new conversation's id
     */
    public synchronized String addConversation(String title) {
        long seq = nextSeq++;
        conversations.put(Long.toString(seq), new StoredConversation(seq, title, Conversation.Status.OPEN));
        return Long.toString(seq);
    }

    /**
     * Adds a message received from the other side (inbound, unread).
     *
     * @param conversation the conversation's id
     * @param author       who wrote it
     * @param text         its text
     * @param sentAt       when it was sent
     * @return the message's id
     * @throws IllegalArgumentException when the conversation does not exist
     */
    public synchronized String addInbound(String conversation, String author, String text, Instant sentAt) {
        return add(conversation, Message.Direction.INBOUND, author, text, sentAt).orElseThrow(
                () -> new IllegalArgumentException("No conversation " + conversation + " in store " + name + "."));
    }

    /** @return how many requests the store has served (failed ones included) */
    public int requestCount() {
        return requests.get();
    }

    /** @param count how many of the next requests fail as an outage */
    public synchronized void failNextRequests(int count) {
        failures += count;
    }

    /** Forgets failures no request has taken yet. */
    public synchronized void clearFaults() {
        failures = 0;
    }

    // ---------------------------------------------------------------- used by the adapter

    /** Counts one request. @return whether it must fail (an injected fault) */
    synchronized boolean arrive() {
        requests.incrementAndGet();
        if (failures > 0) {
            failures--;
            return true;
        }
        return false;
    }

    synchronized Optional<StoredConversation> conversation(String id) {
        return Optional.ofNullable(conversations.get(id));
    }

    synchronized List<StoredConversation> conversations() {
        return new ArrayList<>(conversations.values());
    }

    /** @return the conversation's messages, oldest first, or empty when there is no such conversation */
    synchronized Optional<List<StoredMessage>> history(String conversation) {
        if (!conversations.containsKey(conversation)) {
            return Optional.empty();
        }
        return Optional.of(messages.values().stream().filter(m -> m.conversation().equals(conversation)).toList());
    }

    synchronized Optional<String> add(String conversation, Message.Direction direction, String author, String text, Instant at) {
        if (!conversations.containsKey(conversation)) {
            return Optional.empty();
        }
        long seq = nextSeq++;
        messages.put(seq, new StoredMessage(seq, conversation, direction, author, text, at, direction == Message.Direction.OUTBOUND));
        return Optional.of(Long.toString(seq));
    }

    /** Marks the given messages read; ids of other conversations or unknown ids are ignored. */
    synchronized void markRead(String conversation, List<String> ids) {
        for (String id : ids) {
            StoredMessage m = parse(id) == null ? null : messages.get(parse(id));
            if (m != null && m.conversation().equals(conversation)) {
                messages.put(m.seq(), m.asRead());
            }
        }
    }

    synchronized void markAllRead(String conversation) {
        messages.replaceAll((seq, m) -> m.conversation().equals(conversation) ? m.asRead() : m);
    }

    synchronized Map<String, Long> unreadCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (StoredMessage m : messages.values()) {
            if (!m.read()) {
                counts.merge(m.conversation(), 1L, Long::sum);
            }
        }
        return counts;
    }

    private static Long parse(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
