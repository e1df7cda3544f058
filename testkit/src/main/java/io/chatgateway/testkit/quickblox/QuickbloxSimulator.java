package io.chatgateway.testkit.quickblox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatgateway.DeliveryStatus;
import io.chatgateway.testkit.ProviderSimulator;
import io.chatgateway.testkit.RecordedRequest;
import io.chatgateway.testkit.SimulatorServer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * A stateful fake of the QuickBlox REST chat API ("Server API"), as documented (see
 * {@code providers/quickblox.md}):
 *
 * <ul>
 *   <li>{@code POST /session.json}: checks the application id, auth key, a timestamp within an hour of the
 *       simulator's clock, a nonce never used before with that timestamp, and the HMAC-SHA1 signature over the sorted
 *       parameters; logs the user in ({@code user[login]}, {@code user[password]}); tokens expire two hours after
 *       their last use ({@code 401 "Required session does not exist"});</li>
 *   <li>{@code Authorization: ApiKey <key>} with {@code On-Behalf-Of: <user id>} as the alternative; without
 *       {@code On-Behalf-Of} the key acts at application level: {@code DELETE /chat/Dialog/{ids}.json?force=1} works
 *       (for everyone), every per-user call answers 403 {@code {"errors":{"base":["Forbidden. Need user."]}}};</li>
 *   <li>dialogs: {@code GET /chat/Dialog.json} (skip/limit, sort, {@code _id}, {@code type[in]}, date operators),
 *       {@code POST /chat/Dialog.json}, {@code DELETE /chat/Dialog/{ids}.json} ({@code force=1});</li>
 *   <li>messages: {@code GET /chat/Message.json} with every operator of the reference ({@code lt lte gt gte} on
 *       {@code date_sent sender_id recipient_id updated_at}; {@code ne} on {@code _id message date_sent sender_id
 *       recipient_id}; {@code in nin or} on {@code date_sent sender_id recipient_id}; {@code ctn} on
 *       {@code message}; plain equality; {@code sort_asc}/{@code sort_desc}; {@code skip}/{@code limit}), marking
 *       marking the listed page read unless {@code mark_as_read=0} (the documentation is contradictory; the
 *       stricter reading makes "reads never change read state" testable); {@code POST} (201, null timestamps as QuickBlox answers), {@code PUT
 *       /chat/Message/{id}.json} ({@code read=1}, {@code delivered=1}, {@code message}; empty body),
 *       {@code DELETE /chat/Message/{ids}.json}, {@code GET /chat/Message/unread.json};</li>
 *   <li>errors in both of QuickBlox's shapes ({@code {"errors":[...]}} and {@code {"errors":{"base":[...]}}}).</li>
 * </ul>
 *
 * <p>An operator the reference does not list for a field is refused with 422, so adapters cannot rely on
 * undocumented behaviour. The case sensitivity of {@code ctn} is undocumented; the simulator matches
 * case-insensitively. Thread-safe (one lock).
 */
public final class QuickbloxSimulator extends SimulatorServer implements ProviderSimulator {

    /** The provider id. */
    public static final String PROVIDER_ID = "quickblox";
    /** Demo application id. */
    public static final String APPLICATION_ID = "76730";
    /** Demo auth key. */
    public static final String AUTH_KEY = "demo-auth-key";
    /** Demo auth secret. */
    public static final String AUTH_SECRET = "demo-auth-secret";
    /** Demo API key. */
    public static final String API_KEY = "demo-api-key";
    /** The demo user the gateway acts as. */
    public static final long DEMO_USER_ID = 1001;
    /** The demo user's login. */
    public static final String DEMO_LOGIN = "agent";
    /** The demo user's password. */
    public static final String DEMO_PASSWORD = "agent-password";
    /** Idle lifetime of a session. */
    public static final Duration SESSION_LIFETIME = Duration.ofHours(2);
    /** Largest {@code limit} served. */
    public static final int MAX_LIMIT = 100;

    /** Dialog types. */
    public static final int PUBLIC_GROUP = 1;
    /** Dialog types. */
    public static final int GROUP = 2;
    /** Dialog types. */
    public static final int PRIVATE = 3;

    private static final Pattern OPERATOR = Pattern.compile("([A-Za-z_]+)\\[([a-z]+)]");
    private static final Set<String> NUMERIC = Set.of("date_sent", "sender_id", "recipient_id");
    private static final Map<String, Set<String>> MESSAGE_OPERATORS = Map.of(
            "lt", Set.of("date_sent", "sender_id", "recipient_id", "updated_at"),
            "lte", Set.of("date_sent", "sender_id", "recipient_id", "updated_at"),
            "gt", Set.of("date_sent", "sender_id", "recipient_id", "updated_at"),
            "gte", Set.of("date_sent", "sender_id", "recipient_id", "updated_at"),
            "ne", Set.of("_id", "message", "date_sent", "sender_id", "recipient_id"),
            "in", Set.of("date_sent", "sender_id", "recipient_id"),
            "nin", Set.of("date_sent", "sender_id", "recipient_id"),
            "or", Set.of("date_sent", "sender_id", "recipient_id"),
            "ctn", Set.of("message"));
    private static final Set<String> MESSAGE_EQ = Set.of("_id", "message", "date_sent", "sender_id", "recipient_id",
            "updated_at");
    private static final Set<String> MESSAGE_SORT = Set.of("_id", "date_sent", "sender_id", "recipient_id",
            "updated_at", "created_at", "message");
    private static final Set<String> MESSAGE_RESERVED = Set.of("chat_dialog_id", "skip", "limit", "sort_asc",
            "sort_desc", "mark_as_read");
    private static final Set<String> MESSAGE_CREATE_RESERVED = Set.of("chat_dialog_id", "message", "send_to_chat",
            "markable", "recipient_id", "attachments", "date_sent", "_id", "sender_id", "read_ids", "delivered_ids",
            "created_at", "updated_at", "read");

    private static final class User {
        final long id;
        final String login;
        final String password;

        User(long id, String login, String password) {
            this.id = id;
            this.login = login;
            this.password = password;
        }
    }

    private static final class Session {
        final long userId;
        final long id;
        Instant lastUsed;

        Session(long userId, long id, Instant lastUsed) {
            this.userId = userId;
            this.id = id;
            this.lastUsed = lastUsed;
        }
    }

    private static final class Dialog {
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

    private static final class Msg {
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

    /** A refusal: answered as is. */
    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Response response;

        Refusal(Response response) {
            super(null, null, false, false);
            this.response = response;
        }
    }

    private final Clock clock;
    private String demoDialog;
    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final Object lock = new Object();
    private final Map<Long, User> users = new LinkedHashMap<>();
    private final Map<String, Session> sessions = new HashMap<>();
    private final Set<String> usedNonces = new HashSet<>();
    private final Map<String, Dialog> dialogs = new LinkedHashMap<>();
    private final Map<String, Msg> messages = new LinkedHashMap<>();
    private static final long ID_TIME_PART = 1_700_000_000L;
    private long objectCounter;
    private long sessionCounter = 1151827600L;
    private long nextUserId = 2001;
    private boolean seeded;

    /** Starts on a free port with the system clock. */
    public QuickbloxSimulator() {
        this(0);
    }

    /** @param port the port, 0 for a free one */
    public QuickbloxSimulator(int port) {
        this(port, Clock.systemUTC());
    }

    /**
     * @param port  the port, 0 for a free one
     * @param clock the clock for session timestamps, expiry and send times (share the gateway's fake clock in tests)
     */
    public QuickbloxSimulator(int port, Clock clock) {
        super(port);
        this.clock = clock;
        users.put(DEMO_USER_ID, new User(DEMO_USER_ID, DEMO_LOGIN, DEMO_PASSWORD));
        users.put(1002L, new User(1002, "alice", "alice-password"));
        users.put(1003L, new User(1003, "bob", "bob-password"));
    }

    // ------------------------------------------------------------------ ProviderSimulator

    @Override
    public String providerId() {
        return PROVIDER_ID;
    }

    /** Session authentication with the demo application and user. */
    @Override
    public Map<String, String> accountProperties(String account) {
        String p = "chatgateway.account." + account + ".";
        Map<String, String> m = new LinkedHashMap<>();
        m.put(p + "provider", PROVIDER_ID);
        m.put(p + "base-url", baseUri().toString());
        m.put(p + "application-id", APPLICATION_ID);
        m.put(p + "auth-key", AUTH_KEY);
        m.put(p + "auth-secret", AUTH_SECRET);
        m.put(p + "login", DEMO_LOGIN);
        m.put(p + "password", DEMO_PASSWORD);
        return m;
    }

    @Override
    public Map<String, String> loginAccountProperties(String account) {
        return accountProperties(account);
    }

    @Override
    public void expireCredentials() {
        expireSessions();
    }

    @Override
    public int authentications() {
        return sessionsCreated();
    }

    /**
     * @param account an account name
     * @return properties for API key authentication acting as the demo user
     */
    public Map<String, String> apiKeyAccountProperties(String account) {
        String p = "chatgateway.account." + account + ".";
        Map<String, String> m = new LinkedHashMap<>();
        m.put(p + "provider", PROVIDER_ID);
        m.put(p + "base-url", baseUri().toString());
        m.put(p + "api-key", API_KEY);
        m.put(p + "on-behalf-of", Long.toString(DEMO_USER_ID));
        return m;
    }

    @Override
    public void seedDemoData() {
        synchronized (lock) {
            if (seeded) {
                return;
            }
            seeded = true;
        }
        long now = clock.instant().getEpochSecond();
        String alice = createDialog(PRIVATE, "Alice", DEMO_USER_ID, 1002);
        synchronized (lock) {
            demoDialog = alice;
        }
        addMessage(alice, 1002, "Hi! My order #1042 has not arrived yet.", now - 3600);
        addMessage(alice, DEMO_USER_ID, "Sorry to hear that, let me check.", now - 3500);
        addMessage(alice, 1002, "Thanks, I'm waiting.", now - 600);
        addMessage(alice, 1002, "Any news?", now - 120);
        markReadBy(alice, DEMO_USER_ID, now - 3500);
        String team = createDialog(GROUP, "Support team", 1003, DEMO_USER_ID, 1002);
        addMessage(team, 1003, "Morning all, the new release is out.", now - 7200);
        String photo = addMessage(team, 1002, "Screenshot of the bug", now - 5400);
        synchronized (lock) {
            Msg m = messages.get(photo);
            ObjectNode a = json.createObjectNode().put("type", "image").put("id", "47863")
                    .put("name", "bug.png").put("content-type", "image/png").put("size", 48213);
            m.attachments.add(a);
            m.custom.put("priority", json.getNodeFactory().textNode("high"));
        }
        markReadBy(team, DEMO_USER_ID, now - 7000);
        createDialog(PUBLIC_GROUP, "Announcements", 1003, 1003);
    }

    @Override
    public String addInbound(String conversationId, String text) {
        long sender;
        synchronized (lock) {
            Dialog d = dialogs.get(conversationId);
            if (d == null) {
                throw new IllegalArgumentException("No dialog " + conversationId);
            }
            sender = d.occupants.stream().filter(o -> o != DEMO_USER_ID).findFirst().orElse(d.owner);
        }
        return addMessage(conversationId, sender, text, clock.instant().getEpochSecond());
    }

    /**
     * {@inheritDoc} The other occupants join the message's {@code delivered_ids} (DELIVERED) or also its
     * {@code read_ids} (READ), and {@code updated_at} moves.
     */
    @Override
    public DeliveryStatus deliver(String conversationId, String messageId, @Nullable DeliveryStatus status) {
        synchronized (lock) {
            Dialog d = dialogs.get(conversationId);
            if (d == null) {
                throw new IllegalArgumentException("No dialog " + conversationId);
            }
            Msg m = messages.get(messageId);
            if (m == null || !m.dialogId.equals(d.id)) {
                throw new IllegalArgumentException("No message " + messageId + " in dialog " + conversationId);
            }
            List<Long> others = d.occupants.stream().filter(o -> o != m.senderId).toList();
            if (others.isEmpty()) {
                throw new IllegalArgumentException("Dialog " + conversationId + " has nobody but the sender to deliver to");
            }
            boolean delivered = m.deliveredIds.stream().anyMatch(others::contains);
            DeliveryStatus target = status != null ? status : delivered ? DeliveryStatus.READ : DeliveryStatus.DELIVERED;
            switch (target) {
                case DELIVERED -> m.deliveredIds.addAll(others);
                case READ -> {
                    m.deliveredIds.addAll(others);
                    m.readIds.addAll(others);
                }
                default -> throw new IllegalArgumentException(
                        "QuickBlox reports DELIVERED and READ (delivered_ids, read_ids) only, not " + status);
            }
            m.updatedAt = now();
            return m.readIds.stream().anyMatch(others::contains) ? DeliveryStatus.READ : DeliveryStatus.DELIVERED;
        }
    }

    @Override
    public String demoConversation() {
        synchronized (lock) {
            if (demoDialog == null) {
                throw new IllegalStateException("seedDemoData() first");
            }
            return demoDialog;
        }
    }

    @Override
    public SimulatorServer server() {
        return this;
    }

    // ------------------------------------------------------------------ state hooks for tests

    /**
     * @param login    login
     * @param password password
     * @return the new user's id
     */
    public long addUser(String login, String password) {
        synchronized (lock) {
            long id = nextUserId++;
            users.put(id, new User(id, login, password));
            return id;
        }
    }

    /** @return a new user id of someone to talk to (no password) */
    public long addUser() {
        synchronized (lock) {
            long id = nextUserId;
            return addUser("user" + id, "pw-" + id);
        }
    }

    /**
     * @param type      {@link #PUBLIC_GROUP}, {@link #GROUP} or {@link #PRIVATE}
     * @param name      dialog name
     * @param owner     owner user id (an occupant)
     * @param occupants other occupants
     * @return the dialog id
     */
    public String createDialog(int type, String name, long owner, long... occupants) {
        synchronized (lock) {
            Dialog d = new Dialog(objectId(), type, name, owner, now());
            d.occupants.add(owner);
            for (long o : occupants) {
                if (!d.occupants.contains(o)) {
                    d.occupants.add(o);
                }
            }
            dialogs.put(d.id, d);
            return d.id;
        }
    }

    /**
     * Makes a public dialog one that must be joined before posting ({@code "is_join_required":1}): users who are not
     * occupants still list and read it, but {@code POST /chat/Message.json} answers 403
     * {@code {"errors":["You don't have appropriate permissions to perform this operation"]}} — the answer QuickBlox
     * gives for an operation on a dialog the user may not act on (the conformance kit's unavailable conversation).
     *
     * @param dialogId a {@link #PUBLIC_GROUP} dialog
     */
    public void requireJoin(String dialogId) {
        synchronized (lock) {
            Dialog d = dialogs.get(dialogId);
            if (d == null || d.type != PUBLIC_GROUP) {
                throw new IllegalArgumentException("No public dialog " + dialogId);
            }
            d.joinRequired = true;
        }
    }

    /**
     * Adds a message as if {@code sender} had sent it (read and delivered by the sender only).
     *
     * @param dialogId  the dialog
     * @param sender    the sender's user id
     * @param text      the text
     * @param dateSent  send time, Unix seconds
     * @return the message id
     */
    public String addMessage(String dialogId, long sender, String text, long dateSent) {
        synchronized (lock) {
            Dialog d = dialogs.get(dialogId);
            if (d == null) {
                throw new IllegalArgumentException("No dialog " + dialogId);
            }
            return store(d, sender, text, dateSent).id;
        }
    }

    /**
     * @param messageId a message
     * @param userId    a user
     * @return whether the user is in the message's {@code read_ids}
     */
    public boolean isReadBy(String messageId, long userId) {
        synchronized (lock) {
            Msg m = messages.get(messageId);
            return m != null && m.readIds.contains(userId);
        }
    }

    /**
     * @param dialogId a dialog
     * @param userId   a user
     * @return how many messages of others the user has not read there
     */
    public int unreadCount(String dialogId, long userId) {
        synchronized (lock) {
            return (int) messages.values().stream().filter(m -> m.dialogId.equals(dialogId) && unread(m, userId)).count();
        }
    }

    /**
     * @param dialogId a dialog
     * @return whether it still exists
     */
    public boolean dialogExists(String dialogId) {
        synchronized (lock) {
            return dialogs.containsKey(dialogId);
        }
    }

    /**
     * @param dialogId a dialog
     * @param userId a user
     * @return whether the user still sees it
     */
    public boolean dialogVisibleTo(String dialogId, long userId) {
        synchronized (lock) {
            Dialog d = dialogs.get(dialogId);
            return d != null && visible(d, userId);
        }
    }

    /** Forgets every session: the next request with a token gets 401 "Required session does not exist". */
    public void expireSessions() {
        synchronized (lock) {
            sessions.clear();
        }
    }

    /** @return how many sessions were created so far (successful {@code POST /session.json}) */
    public int sessionsCreated() {
        synchronized (lock) {
            return (int) (sessionCounter - 1151827600L);
        }
    }

    // ------------------------------------------------------------------ routing

    @Override
    protected Response handle(RecordedRequest r) {
        synchronized (lock) {
            try {
                return route(r);
            } catch (Refusal refusal) {
                return refusal.response;
            }
        }
    }

    private Response route(RecordedRequest r) {
        String path = r.path();
        String method = r.method();
        if (path.equals("/session.json") && method.equals("POST")) {
            return createSession(r);
        }
        long user = authenticate(r);
        if (path.equals("/session.json") && method.equals("DELETE")) {
            sessions.remove(r.header("QB-Token").orElse(""));
            return Response.empty(200);
        }
        if (path.equals("/chat/Dialog.json")) {
            return switch (method) {
                case "GET" -> listDialogs(r, needUser(user));
                case "POST" -> createDialog(r, needUser(user));
                default -> notAllowed();
            };
        }
        if (path.startsWith("/chat/Dialog/") && path.endsWith(".json") && method.equals("DELETE")) {
            // an application-level API key (no user) may delete for everyone (force=1), not hide for itself
            boolean force = "1".equals(single(r.query()).get("force"));
            return deleteDialogs(r, force ? user : needUser(user), idsOf(path, "/chat/Dialog/"));
        }
        if (path.equals("/chat/Message.json")) {
            return switch (method) {
                case "GET" -> listMessages(r, needUser(user));
                case "POST" -> createMessage(r, needUser(user));
                default -> notAllowed();
            };
        }
        if (path.equals("/chat/Message/unread.json") && method.equals("GET")) {
            return unread(r, needUser(user));
        }
        if (path.startsWith("/chat/Message/") && path.endsWith(".json")) {
            List<String> ids = idsOf(path, "/chat/Message/");
            return switch (method) {
                case "PUT" -> updateMessage(r, needUser(user), ids);
                case "DELETE" -> deleteMessages(r, needUser(user), ids);
                default -> notAllowed();
            };
        }
        return errors(404, "Resource not found");
    }

    // ------------------------------------------------------------------ authentication

    private Response createSession(RecordedRequest r) {
        Map<String, String> p = flatParams(r);
        if (!APPLICATION_ID.equals(p.get("application_id"))) {
            return base(422, "Unexpected application id");
        }
        if (!AUTH_KEY.equals(p.get("auth_key"))) {
            return base(422, "Unexpected auth key");
        }
        String ts = p.get("timestamp");
        String nonce = p.get("nonce");
        if (ts == null || !ts.matches("\\d{1,12}") || nonce == null || nonce.isBlank()) {
            return base(422, "timestamp and nonce are required");
        }
        long skew = Math.abs(Long.parseLong(ts) - clock.instant().getEpochSecond());
        if (skew > 3600) {
            return base(422, "Unexpected timestamp: it must be within 60 minutes of the server time");
        }
        String signature = p.get("signature");
        String expected = hmacSha1(AUTH_SECRET, canonical(p));
        if (signature == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                signature.getBytes(StandardCharsets.UTF_8))) {
            return base(422, "Unexpected signature");
        }
        if (!usedNonces.add(ts + ":" + nonce)) {
            return base(422, "Unexpected nonce: this timestamp and nonce were already used");
        }
        long userId = 0;
        String login = p.get("user[login]");
        if (login != null || p.containsKey("user[email]")) {
            User u = users.values().stream().filter(x -> x.login.equals(login)).findFirst().orElse(null);
            if (u == null || !u.password.equals(p.get("user[password]"))) {
                return errors(401, "Unauthorized");
            }
            userId = u.id;
        }
        String token = randomHex(40);
        long id = ++sessionCounter;
        Instant now = now();
        sessions.put(token, new Session(userId, id, now));
        ObjectNode s = json.createObjectNode();
        s.put("application_id", Long.parseLong(APPLICATION_ID));
        s.put("created_at", now.toString());
        s.put("id", id);
        s.put("nonce", nonce.matches("\\d{1,18}") ? Long.parseLong(nonce) : 0);
        s.put("token", token);
        s.put("ts", Long.parseLong(ts));
        s.put("updated_at", now.toString());
        s.put("user_id", userId);
        s.put("_id", Long.toString(id));
        ObjectNode root = json.createObjectNode();
        root.set("session", s);
        return Response.json(201, root.toString());
    }

    /** @return the acting user id, 0 for an application session or an API key without On-Behalf-Of */
    private long authenticate(RecordedRequest r) {
        String token = r.header("QB-Token").orElse(null);
        if (token != null) {
            Session s = sessions.get(token);
            Instant now = now();
            if (s == null || s.lastUsed.plus(SESSION_LIFETIME).isBefore(now)) {
                sessions.remove(token);
                throw new Refusal(errors(401, "Required session does not exist"));
            }
            s.lastUsed = now;
            return s.userId;
        }
        String authorization = r.header("Authorization").orElse(null);
        if (authorization != null) {
            if (!authorization.equals("ApiKey " + API_KEY)) {
                throw new Refusal(errors(401, "Unauthorized"));
            }
            String onBehalf = r.header("On-Behalf-Of").orElse(null);
            if (onBehalf == null) {
                return 0;
            }
            if (!onBehalf.matches("\\d{1,18}") || !users.containsKey(Long.parseLong(onBehalf))) {
                throw new Refusal(errors(401, "Unauthorized: On-Behalf-Of names no user of this application"));
            }
            return Long.parseLong(onBehalf);
        }
        throw new Refusal(errors(401, "Token is required"));
    }

    private static long needUser(long user) {
        if (user == 0) {
            throw new Refusal(base(403, "Forbidden. Need user."));
        }
        return user;
    }

    // ------------------------------------------------------------------ dialogs

    private Response listDialogs(RecordedRequest r, long user) {
        Map<String, String> p = single(r.query());
        List<Dialog> list = new ArrayList<>();
        for (Dialog d : dialogs.values()) {
            if (visible(d, user)) {
                list.add(d);
            }
        }
        for (Map.Entry<String, String> e : p.entrySet()) {
            String key = e.getKey();
            if (Set.of("skip", "limit", "sort_asc", "sort_desc").contains(key)) {
                continue;
            }
            Matcher m = OPERATOR.matcher(key);
            String field = m.matches() ? m.group(1) : key;
            String op = m.matches() ? m.group(2) : "eq";
            String v = e.getValue();
            Predicate<Dialog> keep;
            if (field.equals("_id") && op.equals("eq")) {
                keep = d -> d.id.equals(v);
            } else if (field.equals("type") && (op.equals("in") || op.equals("eq"))) {
                Set<Long> types = longs(key, v);
                keep = d -> types.contains((long) d.type);
            } else if (Set.of("last_message_date_sent", "created_at", "updated_at").contains(field)
                    && Set.of("lt", "lte", "gt", "gte").contains(op)) {
                long bound = seconds(key, v);
                keep = d -> {
                    Long x = dialogTime(d, field);
                    return x != null && compare(x, op, bound);
                };
            } else {
                throw new Refusal(base(422, "Unsupported dialog filter " + key));
            }
            list.removeIf(keep.negate());
        }
        String sortField = p.getOrDefault("sort_desc", p.get("sort_asc"));
        boolean desc = p.containsKey("sort_desc") || sortField == null;
        String field = sortField == null ? "last_message_date_sent" : sortField;
        if (!Set.of("last_message_date_sent", "created_at", "updated_at", "_id", "name").contains(field)) {
            throw new Refusal(base(422, "Unsupported sort field " + field));
        }
        Comparator<Dialog> order = Comparator.comparing((Dialog d) -> field.equals("name") ? 0L
                : field.equals("_id") ? 0L : dialogTimeOrMin(d, field));
        if (field.equals("name")) {
            order = Comparator.comparing(d -> d.name == null ? "" : d.name);
        }
        order = order.thenComparing(d -> d.id);
        list.sort(desc ? order.reversed() : order);
        int skip = intParam(p, "skip", 0, 0, Integer.MAX_VALUE);
        int limit = intParam(p, "limit", 100, 1, MAX_LIMIT);
        ArrayNode items = json.createArrayNode();
        list.stream().skip(skip).limit(limit).forEach(d -> items.add(dialogJson(d, user, true)));
        ObjectNode root = json.createObjectNode();
        root.put("total_entries", list.size());
        root.put("skip", skip);
        root.put("limit", limit);
        root.set("items", items);
        return Response.json(200, root.toString());
    }

    private Response createDialog(RecordedRequest r, long user) {
        Map<String, String> p = flatParams(r);
        int type = (int) longOr(p.get("type"), "type", 2);
        if (type < 1 || type > 3) {
            return field(422, "type", "is invalid");
        }
        Set<Long> occupants = new LinkedHashSet<>();
        occupants.add(user);
        String occ = p.getOrDefault("occupants_ids", "");
        for (String s : occ.replace("[", "").replace("]", "").split(",")) {
            if (!s.isBlank()) {
                occupants.add(longOr(s.trim(), "occupants_ids", 0));
            }
        }
        if (type == PRIVATE && occupants.size() != 2) {
            return errors(422, occupants.size() > 2 ? "Too many occupants for Private Dialog." : "Too few occupants for Private Dialog.");
        }
        Dialog d = new Dialog(objectId(), type, p.get("name"), user, now());
        d.occupants.addAll(occupants);
        dialogs.put(d.id, d);
        return Response.json(201, dialogJson(d, user, false).toString());
    }

    private Response deleteDialogs(RecordedRequest r, long user, List<String> ids) {
        boolean force = "1".equals(single(r.query()).get("force"));
        for (String id : ids) {
            Dialog d = dialogs.get(id);
            if (d == null || user != 0 && !visible(d, user)) {
                return errors(404, "Resource not found");
            }
        }
        for (String id : ids) {
            Dialog d = dialogs.get(id);
            if (force && (d.owner == user || user == 0)) {
                dialogs.remove(id);
                messages.values().removeIf(m -> m.dialogId.equals(id));
            } else if (force) {
                return errors(403, "You don't have appropriate permissions to perform this operation");
            } else {
                d.hiddenFor.add(user);
            }
        }
        return Response.empty(200);
    }

    private ObjectNode dialogJson(Dialog d, long user, boolean withUnread) {
        Msg last = messages.values().stream().filter(m -> m.dialogId.equals(d.id) && !m.hiddenFor.contains(user))
                .max(Comparator.comparingLong((Msg m) -> m.dateSent).thenComparing(m -> m.id)).orElse(null);
        ObjectNode n = json.createObjectNode();
        n.put("_id", d.id);
        n.put("created_at", iso(d.createdAt));
        putOrNull(n, "last_message", last == null ? null : last.text);
        if (last == null) {
            n.putNull("last_message_date_sent");
            n.putNull("last_message_id");
            n.putNull("last_message_user_id");
        } else {
            n.put("last_message_date_sent", last.dateSent);
            n.put("last_message_id", last.id);
            n.put("last_message_user_id", last.senderId);
        }
        putOrNull(n, "name", d.name);
        ArrayNode occ = n.putArray("occupants_ids");
        d.occupants.forEach(occ::add);
        putOrNull(n, "photo", d.photo);
        if (d.joinRequired) {
            n.put("is_join_required", 1);
        }
        n.put("type", d.type);
        n.put("updated_at", iso(last == null || d.updatedAt.getEpochSecond() > last.dateSent ? d.updatedAt
                : Instant.ofEpochSecond(last.dateSent)));
        n.put("user_id", d.owner);
        if (d.type == PRIVATE) {
            n.putNull("xmpp_room_jid");
        } else {
            n.put("xmpp_room_jid", APPLICATION_ID + "_" + d.id + "@muc.chat.quickblox.com");
        }
        if (withUnread) {
            n.put("unread_messages_count", messages.values().stream()
                    .filter(m -> m.dialogId.equals(d.id) && unread(m, user)).count());
        } else {
            n.putNull("unread_messages_count");
        }
        return n;
    }

    private Long dialogTime(Dialog d, String field) {
        return switch (field) {
            case "created_at" -> d.createdAt.getEpochSecond();
            case "updated_at" -> d.updatedAt.getEpochSecond();
            default -> messages.values().stream().filter(m -> m.dialogId.equals(d.id))
                    .map(m -> m.dateSent).max(Long::compare).orElse(null);
        };
    }

    private long dialogTimeOrMin(Dialog d, String field) {
        Long t = dialogTime(d, field);
        return t == null ? Long.MIN_VALUE : t;
    }

    private boolean visible(Dialog d, long user) {
        return !d.hiddenFor.contains(user) && (d.type == PUBLIC_GROUP || d.occupants.contains(user));
    }

    // ------------------------------------------------------------------ messages

    private Dialog readableDialog(String id, long user) {
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

    private Response listMessages(RecordedRequest r, long user) {
        Map<String, List<String>> q = r.query();
        Map<String, String> p = single(q);
        Dialog d = readableDialog(p.get("chat_dialog_id"), user);
        List<Msg> list = new ArrayList<>();
        for (Msg m : messages.values()) {
            if (m.dialogId.equals(d.id) && !m.hiddenFor.contains(user)) {
                list.add(m);
            }
        }
        for (Map.Entry<String, List<String>> e : q.entrySet()) {
            if (MESSAGE_RESERVED.contains(e.getKey())) {
                continue;
            }
            for (String v : e.getValue()) {
                Predicate<Msg> keep = condition(e.getKey(), v);
                list.removeIf(keep.negate());
            }
        }
        if (p.containsKey("sort_asc") && p.containsKey("sort_desc")) {
            return base(422, "Use either sort_asc or sort_desc");
        }
        String sortField = p.getOrDefault("sort_asc", p.getOrDefault("sort_desc", "_id"));
        if (!MESSAGE_SORT.contains(sortField)) {
            return base(422, "Unsupported sort field " + sortField);
        }
        Comparator<Msg> order = comparator(sortField).thenComparing(m -> m.id);
        list.sort(p.containsKey("sort_desc") ? order.reversed() : order);
        int skip = intParam(p, "skip", 0, 0, Integer.MAX_VALUE);
        int limit = intParam(p, "limit", 100, 1, MAX_LIMIT);
        // the stricter reading of the documentation: listed messages become read unless mark_as_read=0
        String markAsRead = p.getOrDefault("mark_as_read", "1");
        if (!markAsRead.equals("0") && !markAsRead.equals("1")) {
            return field(422, "mark_as_read", "must be 0 or 1");
        }
        List<Msg> page = list.stream().skip(skip).limit(limit).toList();
        if (markAsRead.equals("1")) {
            page.forEach(m -> {
                m.readIds.add(user);
                m.deliveredIds.add(user);
            });
        }
        ArrayNode items = json.createArrayNode();
        page.forEach(m -> items.add(messageJson(m, false)));
        ObjectNode root = json.createObjectNode();
        root.put("skip", skip);
        root.put("limit", limit);
        root.set("items", items);
        return Response.json(200, root.toString());
    }

    private Predicate<Msg> condition(String key, String value) {
        Matcher m = OPERATOR.matcher(key);
        String field;
        String op;
        if (m.matches()) {
            field = m.group(1);
            op = m.group(2);
            Set<String> fields = MESSAGE_OPERATORS.get(op);
            if (fields == null || !fields.contains(field)) {
                throw new Refusal(base(422, "Operator " + op + " is not supported on " + field));
            }
        } else {
            field = key;
            op = "eq";
            if (!MESSAGE_EQ.contains(field)) {
                throw new Refusal(base(422, "Unknown parameter " + key));
            }
        }
        switch (op) {
            case "ctn": {
                String needle = value.toLowerCase(Locale.ROOT);
                return x -> x.text != null && x.text.toLowerCase(Locale.ROOT).contains(needle);
            }
            case "in":
            case "or": {
                Set<Long> set = longs(key, value);
                return x -> set.contains(numeric(x, field));
            }
            case "nin": {
                Set<Long> set = longs(key, value);
                return x -> !set.contains(numeric(x, field));
            }
            case "ne":
            case "eq": {
                Predicate<Msg> eq;
                if (field.equals("_id")) {
                    eq = x -> x.id.equals(value);
                } else if (field.equals("message")) {
                    eq = x -> value.equals(x.text);
                } else if (field.equals("updated_at")) {
                    long s = seconds(key, value);
                    eq = x -> x.updatedAt.getEpochSecond() == s;
                } else {
                    long n = longOr(value, key, 0);
                    eq = x -> numeric(x, field) == n;
                }
                return op.equals("eq") ? eq : eq.negate();
            }
            default: {
                long bound = field.equals("updated_at") ? seconds(key, value) : longOr(value, key, 0);
                return x -> compare(field.equals("updated_at") ? x.updatedAt.getEpochSecond() : numeric(x, field), op, bound);
            }
        }
    }

    private static long numeric(Msg m, String field) {
        return switch (field) {
            case "date_sent" -> m.dateSent;
            case "sender_id" -> m.senderId;
            case "recipient_id" -> m.recipientId;
            default -> throw new IllegalArgumentException(field);
        };
    }

    private static Comparator<Msg> comparator(String field) {
        return switch (field) {
            case "date_sent" -> Comparator.comparingLong(m -> m.dateSent);
            case "sender_id" -> Comparator.comparingLong(m -> m.senderId);
            case "recipient_id" -> Comparator.comparingLong(m -> m.recipientId);
            case "updated_at" -> Comparator.comparing(m -> m.updatedAt);
            case "created_at" -> Comparator.comparing(m -> m.createdAt);
            case "message" -> Comparator.comparing(m -> m.text == null ? "" : m.text);
            default -> Comparator.comparing(m -> m.id);
        };
    }

    private static boolean compare(long x, String op, long bound) {
        return switch (op) {
            case "lt" -> x < bound;
            case "lte" -> x <= bound;
            case "gt" -> x > bound;
            default -> x >= bound;
        };
    }

    private Response createMessage(RecordedRequest r, long user) {
        JsonNode body = bodyJson(r);
        String dialogId = text(body.get("chat_dialog_id"));
        Dialog d = readableDialog(dialogId, user);
        if ((d.type != PUBLIC_GROUP || d.joinRequired) && !d.occupants.contains(user)) {
            return errors(403, "You don't have appropriate permissions to perform this operation");
        }
        String text = text(body.get("message"));
        JsonNode attachments = body.get("attachments");
        boolean hasAttachments = attachments != null && attachments.size() > 0;
        if ((text == null || text.isEmpty()) && !hasAttachments) {
            return field(422, "message", "can't be blank");
        }
        long dateSent = body.hasNonNull("date_sent") ? longOr(text(body.get("date_sent")), "date_sent", 0)
                : clock.instant().getEpochSecond();
        Msg m = store(d, user, text, dateSent);
        if (hasAttachments) {
            attachments.elements().forEachRemaining(m.attachments::add);
        }
        String markable = text(body.get("markable"));
        if (markable != null) {
            m.markable = "1".equals(markable) || "true".equals(markable) ? 1 : 0;
        }
        body.fields().forEachRemaining(e -> {
            if (!MESSAGE_CREATE_RESERVED.contains(e.getKey())) {
                m.custom.put(e.getKey(), e.getValue());
            }
        });
        return Response.json(201, messageJson(m, true).toString());
    }

    private Response updateMessage(RecordedRequest r, long user, List<String> ids) {
        if (ids.size() != 1) {
            return base(422, "Update one message at a time");
        }
        JsonNode body = bodyJson(r);
        Dialog d = readableDialog(text(body.get("chat_dialog_id")), user);
        Msg m = messages.get(ids.get(0));
        if (m == null || !m.dialogId.equals(d.id) || m.hiddenFor.contains(user)) {
            return errors(404, "Resource not found");
        }
        if ("1".equals(text(body.get("read"))) || "true".equals(text(body.get("read")))) {
            m.readIds.add(user);
            m.deliveredIds.add(user);
        }
        if ("1".equals(text(body.get("delivered"))) || "true".equals(text(body.get("delivered")))) {
            m.deliveredIds.add(user);
        }
        String edit = text(body.get("message"));
        if (edit != null) {
            if (m.senderId != user) {
                return errors(403, "You don't have appropriate permissions to perform this operation");
            }
            m.text = edit;
            m.updatedAt = now();
        }
        return Response.empty(200);
    }

    private Response deleteMessages(RecordedRequest r, long user, List<String> ids) {
        boolean force = "1".equals(single(r.query()).get("force"));
        List<String> deleted = new ArrayList<>();
        List<String> notFound = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (String id : ids) {
            Msg m = messages.get(id);
            Dialog d = m == null ? null : dialogs.get(m.dialogId);
            if (m == null || d == null || !visible(d, user) || m.hiddenFor.contains(user)) {
                notFound.add(id);
            } else if (force && m.senderId != user) {
                wrong.add(id);
            } else {
                if (force) {
                    messages.remove(id);
                } else {
                    m.hiddenFor.add(user);
                }
                deleted.add(id);
            }
        }
        ObjectNode root = json.createObjectNode();
        deleted.forEach(root.putObject("SuccessfullyDeleted").putArray("ids")::add);
        notFound.forEach(root.putObject("NotFound").putArray("ids")::add);
        if (!wrong.isEmpty()) {
            wrong.forEach(root.putObject("WrongPermissions").putArray("ids")::add);
        }
        return Response.json(200, root.toString());
    }

    private Response unread(RecordedRequest r, long user) {
        String listed = single(r.query()).get("chat_dialog_ids");
        List<String> ids = new ArrayList<>();
        if (listed != null) {
            for (String s : listed.split(",")) {
                if (!s.isBlank()) {
                    ids.add(s.trim());
                }
            }
        } else {
            dialogs.values().stream().filter(d -> visible(d, user)).forEach(d -> ids.add(d.id));
        }
        ObjectNode root = json.createObjectNode();
        long total = 0;
        Map<String, Long> per = new LinkedHashMap<>();
        for (String id : ids) {
            Dialog d = dialogs.get(id);
            long n = d == null || !visible(d, user) ? 0 : messages.values().stream()
                    .filter(m -> m.dialogId.equals(id) && unread(m, user)).count();
            per.put(id, n);
            total += n;
        }
        root.put("total", total);
        if (listed != null) {
            per.forEach(root::put);
        }
        return Response.json(200, root.toString());
    }

    private ObjectNode messageJson(Msg m, boolean justCreated) {
        ObjectNode n = json.createObjectNode();
        n.put("_id", m.id);
        ArrayNode a = n.putArray("attachments");
        m.attachments.forEach(a::add);
        n.put("chat_dialog_id", m.dialogId);
        if (justCreated) {
            n.putNull("created_at");
        } else {
            n.put("created_at", iso(m.createdAt));
        }
        n.put("date_sent", m.dateSent);
        ArrayNode delivered = n.putArray("delivered_ids");
        m.deliveredIds.forEach(delivered::add);
        putOrNull(n, "message", m.text);
        ArrayNode read = n.putArray("read_ids");
        m.readIds.forEach(read::add);
        n.put("recipient_id", m.recipientId);
        n.put("sender_id", m.senderId);
        if (justCreated) {
            n.putNull("updated_at");
        } else {
            n.put("updated_at", iso(m.updatedAt));
        }
        n.put("read", m.recipientId != 0 && m.readIds.contains(m.recipientId) ? 1 : 0);
        if (m.markable != null) {
            n.put("markable", m.markable);
        }
        m.custom.forEach(n::set);
        return n;
    }

    private Msg store(Dialog d, long sender, String text, long dateSent) {
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

    private void markReadBy(String dialogId, long user, long upTo) {
        synchronized (lock) {
            messages.values().stream().filter(m -> m.dialogId.equals(dialogId) && m.dateSent <= upTo)
                    .forEach(m -> m.readIds.add(user));
        }
    }

    private static boolean unread(Msg m, long user) {
        return m.senderId != user && !m.readIds.contains(user) && !m.hiddenFor.contains(user);
    }

    // ------------------------------------------------------------------ parsing helpers

    /** Parameters of a POST/PUT (JSON or form) or GET, nested JSON objects flattened as {@code key[sub]}. */
    private Map<String, String> flatParams(RecordedRequest r) {
        Map<String, String> out = new LinkedHashMap<>();
        if (r.method().equals("GET") || r.body().length == 0) {
            out.putAll(single(r.query()));
            return out;
        }
        JsonNode body = bodyJson(r);
        flatten("", body, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        node.fields().forEachRemaining(e -> {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "[" + e.getKey() + "]";
            if (e.getValue().isObject()) {
                flatten(key, e.getValue(), out);
            } else if (!e.getValue().isNull()) {
                out.put(key, e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
            }
        });
    }

    /** The body as a JSON object: JSON as is; a form body with {@code a[b]=c} keys nested. */
    private JsonNode bodyJson(RecordedRequest r) {
        String type = r.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        String text = r.bodyText();
        if (type.contains("json") || text.trim().startsWith("{")) {
            try {
                JsonNode n = json.readTree(text);
                if (n == null || !n.isObject()) {
                    throw new Refusal(base(400, "The body must be a JSON object"));
                }
                return n;
            } catch (java.io.IOException e) {
                throw new Refusal(base(400, "The body is not valid JSON"));
            }
        }
        ObjectNode root = json.createObjectNode();
        parseQuery(text).forEach((k, values) -> {
            String v = values.get(0);
            Matcher m = Pattern.compile("([^\\[]+)\\[([^\\]]*)](?:\\[([^\\]]*)])?").matcher(k);
            if (m.matches()) {
                ObjectNode parent = root.has(m.group(1)) && root.get(m.group(1)).isObject()
                        ? (ObjectNode) root.get(m.group(1)) : root.putObject(m.group(1));
                if (m.group(3) != null) {
                    ObjectNode child = parent.has(m.group(2)) ? (ObjectNode) parent.get(m.group(2)) : parent.putObject(m.group(2));
                    child.put(m.group(3), v);
                } else {
                    parent.put(m.group(2).isEmpty() ? Integer.toString(parent.size()) : m.group(2), v);
                }
            } else {
                root.put(k, v);
            }
        });
        return root;
    }

    private static Map<String, String> single(Map<String, List<String>> q) {
        Map<String, String> out = new LinkedHashMap<>();
        q.forEach((k, v) -> out.put(k, v.isEmpty() ? "" : v.get(0)));
        return out;
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
    }

    private static int intParam(Map<String, String> p, String key, int dflt, int min, int max) {
        String v = p.get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.matches("\\d{1,9}")) {
            throw new Refusal(field(422, key, "must be a non-negative integer"));
        }
        int n = Integer.parseInt(v);
        if (n < min) {
            throw new Refusal(field(422, key, "must be at least " + min));
        }
        return Math.min(n, max);
    }

    private static long longOr(String v, String key, long dflt) {
        if (v == null) {
            return dflt;
        }
        if (!v.trim().matches("-?\\d{1,18}")) {
            throw new Refusal(field(422, key, "must be an integer, not '" + v + "'"));
        }
        return Long.parseLong(v.trim());
    }

    private static Set<Long> longs(String key, String csv) {
        Set<Long> out = new HashSet<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                out.add(longOr(s.trim(), key, 0));
            }
        }
        return out;
    }

    /** Unix seconds, or an ISO-8601 time. */
    private static long seconds(String key, String v) {
        if (v.trim().matches("\\d{1,12}")) {
            return Long.parseLong(v.trim());
        }
        try {
            return Instant.parse(v.trim()).getEpochSecond();
        } catch (DateTimeParseException e) {
            throw new Refusal(field(422, key, "must be Unix seconds or an ISO-8601 time"));
        }
    }

    private static List<String> idsOf(String path, String prefix) {
        String ids = path.substring(prefix.length(), path.length() - ".json".length());
        return ids.isEmpty() ? List.of() : List.of(ids.split(","));
    }

    private static String canonical(Map<String, String> params) {
        return params.entrySet().stream().filter(e -> !e.getKey().equals("signature"))
                .map(e -> e.getKey() + "=" + e.getValue()).sorted().collect(Collectors.joining("&"));
    }

    private static String hmacSha1(String key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            StringBuilder sb = new StringBuilder();
            for (byte b : mac.doFinal(text.getBytes(StandardCharsets.UTF_8))) {
                sb.append(String.format("%02x", b));
            }
            return sb.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * ObjectId-shaped ids (24 hex) with a fixed time part and a counter: ordered like real ones, and the same
     * in every run, so that a sandbox's refs stay valid from one {@code chatgw} command to the next.
     */
    private String objectId() {
        return String.format("%08x%016x", ID_TIME_PART, ++objectCounter);
    }

    private String randomHex(int length) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < length) {
            sb.append(Integer.toHexString(random.nextInt(16)));
        }
        return sb.toString();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static String iso(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static void putOrNull(ObjectNode n, String key, String value) {
        if (value == null) {
            n.putNull(key);
        } else {
            n.put(key, value);
        }
    }

    private static Response notAllowed() {
        return errors(405, "Method not allowed");
    }

    /** @return {@code {"errors":["message"]}} */
    private static Response errors(int status, String message) {
        return Response.json(status, "{\"errors\":[" + quote(message) + "]}");
    }

    /** @return {@code {"errors":{"base":["message"]}}} */
    private static Response base(int status, String message) {
        return field(status, "base", message);
    }

    /** @return {@code {"errors":{"<field>":["message"]}}} */
    private static Response field(int status, String field, String message) {
        return Response.json(status, "{\"errors\":{" + quote(field) + ":[" + quote(message) + "]}}");
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    // ------------------------------------------------------------------ standalone

    /**
     * Runs the simulator with demo data until the process is stopped.
     *
     * @param args {@code [--port N]} (default 0: a free port)
     * @throws InterruptedException when interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        int port = 0;
        for (Iterator<String> it = List.of(args).iterator(); it.hasNext(); ) {
            String a = it.next();
            if (a.equals("--port") && it.hasNext()) {
                port = Integer.parseInt(it.next());
            } else if (a.matches("\\d{1,5}")) {
                port = Integer.parseInt(a);
            }
        }
        QuickbloxSimulator sim = new QuickbloxSimulator(port);
        sim.seedDemoData();
        System.out.println("QuickBlox simulator listening on " + sim.baseUri());
        System.out.println("Account properties (session authentication):");
        sim.accountProperties("app").forEach((k, v) -> System.out.println(k + "=" + v));
        System.out.println("or API key authentication: api-key=" + API_KEY + " on-behalf-of=" + DEMO_USER_ID);
        new CountDownLatch(1).await();
    }
}
