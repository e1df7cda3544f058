package io.chatgateway.testkit.navixy;

import io.chatgateway.testkit.navixy.NavixySimulator.ChatMessage;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** The simulated account: trackers, messages, sessions and switches. Not thread-safe: the simulator locks. */
final class NavixyState {

    /** A tracker of the simulated account. */
    static final class Tracker {
        final long id;
        final String label;
        boolean blocked;
        boolean chat = true;
        boolean tariffChat = true;

        Tracker(long id, String label) {
            this.id = id;
            this.label = label;
        }
    }

    long demoTracker = -1;
    final Map<Long, Tracker> trackers = new TreeMap<>();
    final Map<Long, ChatMessage> messages = new TreeMap<>();
    /** Message ids by tracker, in id order: a tracker's lists read its own messages, not the whole account's. */
    private final Map<Long, List<Long>> idsByTracker = new HashMap<>();
    final Set<String> sessions = new HashSet<>();
    int logins;
    final Set<String> endedSessions = new HashSet<>();
    final Set<String> apiKeys = new HashSet<>(Set.of(NavixySimulator.DEMO_API_KEY));
    final Map<String, String> users = new LinkedHashMap<>(Map.of(NavixySimulator.DEMO_LOGIN, NavixySimulator.DEMO_PASSWORD));
    ZoneId zone;
    boolean tariffHasChat = true;
    boolean deviceLimitExceeded;
    boolean secondFactor;
    boolean seeded;
    long nextTrackerId = 10_181_001;
    long nextMessageId = 500_001;

    NavixyState(ZoneId zone) {
        this.zone = zone;
    }

    ZoneId timeZone() {
        return zone;
    }

    void setTimeZone(ZoneId value) {
        this.zone = value;
    }

    long addTracker(String label) {
        long id = nextTrackerId++;
        trackers.put(id, new Tracker(id, label));
        return id;
    }

    void blockTracker(long trackerId, boolean blocked) {
        tracker(trackerId).blocked = blocked;
    }

    void disableChat(long trackerId) {
        tracker(trackerId).chat = false;
    }

    void setTrackerTariffHasChat(long trackerId, boolean value) {
        tracker(trackerId).tariffChat = value;
    }

    void removeTracker(long trackerId) {
        tracker(trackerId);
        trackers.remove(trackerId);
        messages.values().removeIf(m -> m.trackerId() == trackerId);
        idsByTracker.remove(trackerId);
    }

    void setDeviceLimitExceeded(boolean value) {
        this.deviceLimitExceeded = value;
    }

    void setTariffHasChat(boolean value) {
        this.tariffHasChat = value;
    }

    void requireSecondFactor(boolean value) {
        this.secondFactor = value;
    }

    void endSessions() {
        endedSessions.addAll(sessions);
        sessions.clear();
    }

    Set<String> sessions() {
        return Set.copyOf(sessions);
    }

    long addIncoming(long trackerId, String text, Instant at, @Nullable Long employeeId) {
        tracker(trackerId);
        long id = nextMessageId++;
        messages.put(id, new ChatMessage(id, trackerId, at.truncatedTo(ChronoUnit.SECONDS), null, text, true, true,
                employeeId, false));
        idsByTracker.computeIfAbsent(trackerId, k -> new ArrayList<>()).add(id);
        return id;
    }

    long addOutgoing(long trackerId, String text, Instant at, boolean delivered) {
        tracker(trackerId);
        long id = nextMessageId++;
        Instant t = at.truncatedTo(ChronoUnit.SECONDS);
        messages.put(id, new ChatMessage(id, trackerId, t, delivered ? t : null, text, false, delivered, null, true));
        idsByTracker.computeIfAbsent(trackerId, k -> new ArrayList<>()).add(id);
        return id;
    }

    void deliver(long messageId, Instant at) {
        messages.computeIfPresent(messageId, (k, m) -> m.withDelivered(at.truncatedTo(ChronoUnit.SECONDS)));
    }

    /** @return the tracker's messages in id order */
    List<ChatMessage> messages(long trackerId) {
        List<Long> ids = idsByTracker.getOrDefault(trackerId, List.of());
        List<ChatMessage> out = new ArrayList<>(ids.size());
        for (Long id : ids) {
            ChatMessage m = messages.get(id);
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    long unread(long trackerId) {
        return messages(trackerId).stream().filter(m -> m.incoming() && !m.read()).count();
    }

    Tracker tracker(long id) {
        Tracker t = trackers.get(id);
        if (t == null) {
            throw new IllegalArgumentException("No tracker " + id);
        }
        return t;
    }
}
