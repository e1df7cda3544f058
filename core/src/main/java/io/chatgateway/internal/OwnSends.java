package io.chatgateway.internal;

import io.chatgateway.ConversationRef;
import io.chatgateway.Message;
import io.chatgateway.MessageRef;
import io.chatgateway.store.IdempotencyStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The messages this gateway's own sends produced (direct and idempotent sends, reconciled and resent ones,
 * broadcasts), the newest {@value #REMEMBERED}: reconciliation matches a listed message to at most one send
 * through it (the sends of one idempotency key count as one: a key whose outcome was not recorded is settled
 * again by reading back, and the copy its earlier send made is the one it finds), and the inbox reports
 * {@code MESSAGE_SENT} only for outbound messages not in it (and reads a conversation the gateway sent into at
 * its next scan, so that the send's delivery changes are watched even when
 * the change detector does not see the send). In memory, per gateway; with a shared (durable) idempotency store,
 * {@link #ownAmong} also recognises the keyed sends and outbox deliveries of other instances and of earlier
 * processes through the store's SENT records. Direct sends without a key of another instance stay unknown here.
 * Thread-safe.
 */
final class OwnSends {

    private record Sent(long sequence, ConversationRef conversation) { }

    /** How many refs are remembered (oldest forgotten first). */
    static final int REMEMBERED = 100_000;

    /** Stands for "no idempotency key" among the owners of {@link #refs}. */
    private static final Object NO_KEY = new Object();
    /** Each remembered ref with the idempotency key of the send that produced or matched it, or {@link #NO_KEY}. */
    private final Map<MessageRef, Object> refs = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<MessageRef, Object> eldest) {
            return size() > REMEMBERED;
        }
    };
    private final ArrayDeque<Sent> recent = new ArrayDeque<>();
    private long sequence;
    /** The idempotency store the user configured (shared by instances), {@code null} for the gateway's private one. */
    private final IdempotencyStore shared;

    /** @param shared the user's idempotency store, or {@code null} when the gateway keeps keys in its own memory */
    OwnSends(IdempotencyStore shared) {
        this.shared = shared;
    }

    /**
     * @param ref a message a send of this gateway produced
     * @return whether it was new (no other send owned it yet)
     */
    boolean claim(MessageRef ref) {
        return claim(ref, null);
    }

    /**
     * @param ref a message a send of this gateway produced or a reconciliation matched
     * @param key the idempotency key of that send, or {@code null}
     * @return whether no other send owns it: it was new, or it is already this key's (a key whose outcome was
     *         not recorded is settled again by reading back, and its own earlier copy is its message)
     */
    synchronized boolean claim(MessageRef ref, @Nullable String key) {
        Object earlier = refs.putIfAbsent(ref, key == null ? NO_KEY : key);
        if (earlier != null) {
            return key != null && key.equals(earlier);
        }
        recent.addLast(new Sent(++sequence, ref.conversation()));
        if (recent.size() > REMEMBERED) {
            recent.removeFirst();
        }
        return true;
    }

    /** @return the sequence number of the latest claim, for {@link #conversationsAfter} */
    synchronized long mark() {
        return sequence;
    }

    /**
     * @param mark    a {@link #mark()} taken before
     * @param account an account
     * @return the account's conversations the gateway sent into after {@code mark}
     */
    synchronized Set<ConversationRef> conversationsAfter(long mark, String account) {
        Set<ConversationRef> out = new LinkedHashSet<>();
        for (Iterator<Sent> it = recent.descendingIterator(); it.hasNext(); ) {
            Sent s = it.next();
            if (s.sequence() <= mark) {
                break;
            }
            if (s.conversation().account().equals(account)) {
                out.add(s.conversation());
            }
        }
        return out;
    }

    /**
     * @param ref a listed message
     * @return whether a send of this gateway produced it
     */
    synchronized boolean contains(MessageRef ref) {
        return refs.containsKey(ref);
    }

    /**
     * @param messages listed messages
     * @param fresh    which of them the caller is about to report (others are not looked up)
     * @return the refs of the fresh outbound ones that a send of this gateway produced, or a keyed send of any
     *         gateway sharing the configured idempotency store (one store query for those not known here)
     * @throws io.chatgateway.store.StoreUnavailableException when the shared store cannot be reached
     */
    Set<MessageRef> ownAmong(List<Message> messages, Predicate<Message> fresh) {
        Set<MessageRef> own = null;
        List<MessageRef> ask = null;
        for (Message m : messages) {
            if (m.direction() != Message.Direction.OUTBOUND || !fresh.test(m)) {
                continue;
            }
            if (contains(m.ref())) {
                own = own == null ? new HashSet<>() : own;
                own.add(m.ref());
            } else if (shared != null) {
                ask = ask == null ? new ArrayList<>() : ask;
                ask.add(m.ref());
            }
        }
        if (ask != null) {
            Set<MessageRef> found = shared.sentAmong(ask);
            if (!found.isEmpty()) {
                own = own == null ? new HashSet<>() : own;
                own.addAll(found);
            }
        }
        return own == null ? Set.of() : own;
    }
}
