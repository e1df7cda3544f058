package io.chatgateway.testkit.quickblox;

import static io.chatgateway.testkit.quickblox.QuickbloxSimulator.*;
import static io.chatgateway.testkit.quickblox.QuickbloxWire.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The simulator's state: users, sessions, dialogs and messages, and the rules every handler shares (visibility,
 * storing a message, ids, the clock). Not thread-safe on its own: callers hold {@link #lock}.
 */
final class QuickbloxState {

    static final class User {
        final long id;
        final String login;
        final String password;

        User(long id, String login, String password) {
            this.id = id;
            this.login = login;
            this.password = password;
        }
    }

    static final class Session {
        final long userId;
        final long id;
        Instant lastUsed;

        Session(long userId, long id, Instant lastUsed) {
            this.userId = userId;
            this.id = id;
            this.lastUsed = lastUsed;
        }
    }

    static final class Dialog {
        final String id;
        final int type;
        String name;
        final long owner;
        final List<Long> occupants = new ArrayList<>();
        final Set<Long> hiddenFor = new HashSet<>();
        final Instant createdAt;
        Instant updatedAt;
        String photo;
        boolean joinRequired;

        Dialog(String id, int type, String name, long owner, Instant createdAt) {
            this.id = id;
            this.type = type;
            this.name = name;
            this.owner = owner;
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
        }
    }

    static final class Msg {
        final String id;
        final String dialogId;
        final long senderId;
        final long recipientId;
        String text;
        final long dateSent;
        final Set<Long> readIds = new LinkedHashSet<>();
        final Set<Long> deliveredIds = new LinkedHashSet<>();
        final Set<Long> hiddenFor = new HashSet<>();
        final List<JsonNode> attachments = new ArrayList<>();
        final Map<String, JsonNode> custom = new LinkedHashMap<>();
        final Instant createdAt;
        Instant updatedAt;
        Integer markable;

        Msg(String id, String dialogId, long senderId, long recipientId, String text, long dateSent, Instant createdAt) {
            this.id = id;
            this.dialogId = dialogId;
            this.senderId = senderId;
            this.recipientId = recipientId;
            this.text = text;
            this.dateSent = dateSent;
            this.createdAt = createdAt;
            this.updatedAt = createdAt;
        }
    }

    final Object lock = new Object();
    final Clock clock;
    final ObjectMapper json = new ObjectMapper();
    final SecureRandom random = new SecureRandom();
    final Map<Long, User> users = new LinkedHashMap<>();
    final Map<String, Session> sessions = new HashMap<>();
    final Set<String> usedNonces = new HashSet<>();
    final Map<String, Dialog> dialogs = new LinkedHashMap<>();
    final Map<String, Msg> messages = new LinkedHashMap<>();
    private static final long ID_TIME_PART = 1_700_000_000L;
    private long objectCounter;
    long sessionCounter = FIRST_SESSION;
    long nextUserId = 2001;

    /** Session ids count up from here. */
    static final long FIRST_SESSION = 1151827600L;

    QuickbloxState(Clock clock) {
        this.clock = clock;
    }

    Long dialogTime(Dialog d, String field) {
        return switch (field) {
            case "created_at" -> d.createdAt.getEpochSecond();
            case "updated_at" -> d.updatedAt.getEpochSecond();
            default -> messages.values().stream().filter(m -> m.dialogId.equals(d.id))
                    .map(m -> m.dateSent).max(Long::compare).orElse(null);
        };
    }

    long dialogTimeOrMin(Dialog d, String field) {
        Long t = dialogTime(d, field);
        return t == null ? Long.MIN_VALUE : t;
    }

    boolean visible(Dialog d, long user) {
        return !d.hiddenFor.contains(user) && (d.type == PUBLIC_GROUP || d.occupants.contains(user));
    }

    Dialog readableDialog(String id, long user) {
        if (id == null || id.isBlank()) {
            throw new Refusal(field(422, "chat_dialog_id", "is required"));
        }
        Dialog d = dialogs.get(id);
        if (d == null || d.hiddenFor.contains(user)) {
            throw new Refusal(errors(404, "Resource not found"));
        }
        if (d.type != PUBLIC_GROUP && !d.occupants.contains(user)) {
            throw new Refusal(errors(403, "You don't have appropriate permissions to perform this operation"));
        }
        return d;
    }

    Msg store(Dialog d, long sender, String text, long dateSent) {
        long recipient = 0;
        if (d.type == PRIVATE) {
            recipient = d.occupants.stream().filter(o -> o != sender).findFirst().orElse(0L);
        }
        Msg m = new Msg(objectId(), d.id, sender, recipient, text, dateSent, now());
        m.readIds.add(sender);
        m.deliveredIds.add(sender);
        messages.put(m.id, m);
        d.hiddenFor.clear();
        return m;
    }

    void markReadBy(String dialogId, long user, long upTo) {
        synchronized (lock) {
            messages.values().stream().filter(m -> m.dialogId.equals(dialogId) && m.dateSent <= upTo)
                    .forEach(m -> m.readIds.add(user));
        }
    }

    /**
     * ObjectId-shaped ids (24 hex) with a fixed time part and a counter: ordered like real ones, and the same
     * in every run, so that a sandbox's refs stay valid from one {@code chatgw} command to the next.
     */
    String objectId() {
        return String.format("%08x%016x", ID_TIME_PART, ++objectCounter);
    }

    String randomHex(int length) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < length) {
            sb.append(Integer.toHexString(random.nextInt(16)));
        }
        return sb.toString();
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    static boolean isUnread(Msg m, long user) {
        return m.senderId != user && !m.readIds.contains(user) && !m.hiddenFor.contains(user);
    }
}
