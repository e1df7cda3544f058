package io.chatgateway.internal;

import io.chatgateway.MessageRef;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The messages this gateway's own sends produced (direct and idempotent sends, reconciled and resent ones,
 * broadcasts), the newest {@value #REMEMBERED}: reconciliation matches a listed message to at most one send
 * through it, and the inbox reports {@code MESSAGE_SENT} only for outbound messages not in it. In memory, per
 * gateway: another instance's or an earlier process's sends are not known here. Thread-safe.
 */
final class OwnSends {

    /** How many refs are remembered (oldest forgotten first). */
    static final int REMEMBERED = 100_000;

    private final Map<MessageRef, Boolean> refs = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<MessageRef, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    /**
     * @param ref a message a send of this gateway produced
     * @return whether it was new (no other send owned it yet)
     */
    synchronized boolean claim(MessageRef ref) {
        return refs.putIfAbsent(ref, Boolean.TRUE) == null;
    }

    /**
     * @param ref a listed message
     * @return whether a send of this gateway produced it
     */
    synchronized boolean contains(MessageRef ref) {
        return refs.containsKey(ref);
    }
}
