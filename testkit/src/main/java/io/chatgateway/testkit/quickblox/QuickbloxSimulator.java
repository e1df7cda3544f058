package io.chatgateway.testkit.quickblox;

import static io.chatgateway.testkit.quickblox.QuickbloxWire.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatgateway.DeliveryStatus;
import io.chatgateway.testkit.ProviderSimulator;
import io.chatgateway.testkit.RecordedRequest;
import io.chatgateway.testkit.SimulatorServer;
import io.chatgateway.testkit.quickblox.QuickbloxState.Dialog;
import io.chatgateway.testkit.quickblox.QuickbloxState.Msg;
import io.chatgateway.testkit.quickblox.QuickbloxState.User;
import io.chatgateway.testkit.quickblox.QuickbloxWire.Refusal;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
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
 * case-insensitively. Thread-safe (one lock). This class holds the public surface (demo data, test hooks, routing);
 * package-private classes do the rest: {@code QuickbloxState} (users, sessions, dialogs, messages and their shared
 * rules), {@code QuickbloxAuthApi} (sessions and credentials), {@code QuickbloxDialogApi}, {@code QuickbloxMessageApi}
 * (the endpoints) and {@code QuickbloxWire} (parameter parsing, error shapes).
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

    private final QuickbloxState state;
    private final QuickbloxAuthApi auth;
    private final QuickbloxDialogApi dialogApi;
    private final QuickbloxMessageApi messageApi;
    private String demoDialog;
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
        this.state = new QuickbloxState(clock);
        this.auth = new QuickbloxAuthApi(state);
        this.dialogApi = new QuickbloxDialogApi(state);
        this.messageApi = new QuickbloxMessageApi(state);
        state.users.put(DEMO_USER_ID, new User(DEMO_USER_ID, DEMO_LOGIN, DEMO_PASSWORD));
        state.users.put(1002L, new User(1002, "alice", "alice-password"));
        state.users.put(1003L, new User(1003, "bob", "bob-password"));
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
        synchronized (state.lock) {
            if (seeded) {
                return;
            }
            seeded = true;
        }
        long now = state.clock.instant().getEpochSecond();
        String alice = createDialog(PRIVATE, "Alice", DEMO_USER_ID, 1002);
        synchronized (state.lock) {
            demoDialog = alice;
        }
        addMessage(alice, 1002, "Hi! My order #1042 has not arrived yet.", now - 3600);
        addMessage(alice, DEMO_USER_ID, "Sorry to hear that, let me check.", now - 3500);
        addMessage(alice, 1002, "Thanks, I'm waiting.", now - 600);
        addMessage(alice, 1002, "Any news?", now - 120);
        state.markReadBy(alice, DEMO_USER_ID, now - 3500);
        String team = createDialog(GROUP, "Support team", 1003, DEMO_USER_ID, 1002);
        addMessage(team, 1003, "Morning all, the new release is out.", now - 7200);
        String photo = addMessage(team, 1002, "Screenshot of the bug", now - 5400);
        synchronized (state.lock) {
            Msg m = state.messages.get(photo);
            ObjectNode a = state.json.createObjectNode().put("type", "image").put("id", "47863")
                    .put("name", "bug.png").put("content-type", "image/png").put("size", 48213);
            m.attachments.add(a);
            m.custom.put("priority", state.json.getNodeFactory().textNode("high"));
        }
        state.markReadBy(team, DEMO_USER_ID, now - 7000);
        createDialog(PUBLIC_GROUP, "Announcements", 1003, 1003);
    }

    @Override
    public String addInbound(String conversationId, String text) {
        long sender;
        synchronized (state.lock) {
            Dialog d = state.dialogs.get(conversationId);
            if (d == null) {
                throw new IllegalArgumentException("No dialog " + conversationId);
            }
            sender = d.occupants.stream().filter(o -> o != DEMO_USER_ID).findFirst().orElse(d.owner);
        }
        return addMessage(conversationId, sender, text, state.clock.instant().getEpochSecond());
    }

    /**
     * {@inheritDoc} The other occupants join the message's {@code delivered_ids} (DELIVERED) or also its
     * {@code read_ids} (READ), and {@code updated_at} moves.
     */
    @Override
    public DeliveryStatus deliver(String conversationId, String messageId, @Nullable DeliveryStatus status) {
        synchronized (state.lock) {
            Dialog d = state.dialogs.get(conversationId);
            if (d == null) {
                throw new IllegalArgumentException("No dialog " + conversationId);
            }
            Msg m = state.messages.get(messageId);
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
            m.updatedAt = state.now();
            return m.readIds.stream().anyMatch(others::contains) ? DeliveryStatus.READ : DeliveryStatus.DELIVERED;
        }
    }

    @Override
    public String demoConversation() {
        synchronized (state.lock) {
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
        synchronized (state.lock) {
            long id = state.nextUserId++;
            state.users.put(id, new User(id, login, password));
            return id;
        }
    }

    /** @return a new user id of someone to talk to (no password) */
    public long addUser() {
        synchronized (state.lock) {
            long id = state.nextUserId;
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
        synchronized (state.lock) {
            Dialog d = new Dialog(state.objectId(), type, name, owner, state.now());
            d.occupants.add(owner);
            for (long o : occupants) {
                if (!d.occupants.contains(o)) {
                    d.occupants.add(o);
                }
            }
            state.dialogs.put(d.id, d);
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
        synchronized (state.lock) {
            Dialog d = state.dialogs.get(dialogId);
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
        synchronized (state.lock) {
            Dialog d = state.dialogs.get(dialogId);
            if (d == null) {
                throw new IllegalArgumentException("No dialog " + dialogId);
            }
            return state.store(d, sender, text, dateSent).id;
        }
    }

    /**
     * @param messageId a message
     * @param userId    a user
     * @return whether the user is in the message's {@code read_ids}
     */
    public boolean isReadBy(String messageId, long userId) {
        synchronized (state.lock) {
            Msg m = state.messages.get(messageId);
            return m != null && m.readIds.contains(userId);
        }
    }

    /**
     * @param dialogId a dialog
     * @param userId   a user
     * @return how many messages of others the user has not read there
     */
    public int unreadCount(String dialogId, long userId) {
        synchronized (state.lock) {
            return (int) state.messages.values().stream().filter(m -> m.dialogId.equals(dialogId) && QuickbloxState.isUnread(m, userId)).count();
        }
    }

    /**
     * @param dialogId a dialog
     * @return whether it still exists
     */
    public boolean dialogExists(String dialogId) {
        synchronized (state.lock) {
            return state.dialogs.containsKey(dialogId);
        }
    }

    /**
     * @param dialogId a dialog
     * @param userId a user
     * @return whether the user still sees it
     */
    public boolean dialogVisibleTo(String dialogId, long userId) {
        synchronized (state.lock) {
            Dialog d = state.dialogs.get(dialogId);
            return d != null && state.visible(d, userId);
        }
    }

    /** Forgets every session: the next request with a token gets 401 "Required session does not exist". */
    public void expireSessions() {
        synchronized (state.lock) {
            state.sessions.clear();
        }
    }

    /** @return how many sessions were created so far (successful {@code POST /session.json}) */
    public int sessionsCreated() {
        synchronized (state.lock) {
            return (int) (state.sessionCounter - QuickbloxState.FIRST_SESSION);
        }
    }

    // ------------------------------------------------------------------ routing

    @Override
    protected Response handle(RecordedRequest r) {
        synchronized (state.lock) {
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
            return auth.createSession(r);
        }
        long user = auth.authenticate(r);
        if (path.equals("/session.json") && method.equals("DELETE")) {
            state.sessions.remove(r.header("QB-Token").orElse(""));
            return Response.empty(200);
        }
        if (path.equals("/chat/Dialog.json")) {
            return switch (method) {
                case "GET" -> dialogApi.listDialogs(r, needUser(user));
                case "POST" -> dialogApi.createDialog(r, needUser(user));
                default -> notAllowed();
            };
        }
        if (path.startsWith("/chat/Dialog/") && path.endsWith(".json") && method.equals("DELETE")) {
            // an application-level API key (no user) may delete for everyone (force=1), not hide for itself
            boolean force = "1".equals(single(r.query()).get("force"));
            return dialogApi.deleteDialogs(r, force ? user : needUser(user), idsOf(path, "/chat/Dialog/"));
        }
        if (path.equals("/chat/Message.json")) {
            return switch (method) {
                case "GET" -> messageApi.listMessages(r, needUser(user));
                case "POST" -> messageApi.createMessage(r, needUser(user));
                default -> notAllowed();
            };
        }
        if (path.equals("/chat/Message/unread.json") && method.equals("GET")) {
            return messageApi.unreadCounts(r, needUser(user));
        }
        if (path.startsWith("/chat/Message/") && path.endsWith(".json")) {
            List<String> ids = idsOf(path, "/chat/Message/");
            return switch (method) {
                case "PUT" -> messageApi.updateMessage(r, needUser(user), ids);
                case "DELETE" -> messageApi.deleteMessages(r, needUser(user), ids);
                default -> notAllowed();
            };
        }
        return errors(404, "Resource not found");
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
