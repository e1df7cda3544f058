package io.chatgateway.testkit.navixy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatgateway.DeliveryStatus;
import io.chatgateway.testkit.ProviderSimulator;
import io.chatgateway.testkit.RecordedRequest;
import io.chatgateway.testkit.SimulatorServer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A stateful, in-memory fake of Navixy's user API v2 as far as tracker chat needs it: {@code user/auth},
 * {@code user/get_info}, {@code tracker/list} and every {@code tracker/chat/*} action.
 *
 * <p>Like the real service it accepts JSON bodies, form bodies and GET query strings; string-typed
 * numbers and arrays sent as JSON text; the hash in the {@code Authorization: NVX <hash>} header, the body
 * or the query; and answers with Navixy's envelopes and codes ({@code {"success":false,"status":{...}}}):
 * 3 for a wrong hash (HTTP 400), 4 for an ended session, 201 unknown tracker or message, 208 blocked
 * tracker, 214 tracker without chat, 236 tariff without chat, 7 invalid parameters, 212 limit too big, 102
 * wrong login. As documented, {@code updated/list} and {@code broadcast} reject the WHOLE list with 217
 * when one tracker does not exist, is blocked or its tariff has no chat feature (nothing is sent), and with
 * 221 while the dealer's device limit is exceeded; {@code broadcast} lists devices without chat support in
 * {@code not_sent_to}. Admin hooks make a tracker blocked ({@link #blockTracker}), tariff-less
 * ({@link #setTrackerTariffHasChat}) or vanish ({@link #removeTracker}). Date/times are written in the account's time zone
 * (default {@code Asia/Kathmandu}, +05:45, so that UTC assumptions show) without offset, or as ISO 8601
 * when the request says {@code NVX-ISO-DateTime: true} or {@code iso_datetime=true}.
 *
 * <p>Thread-safe (one lock, this simulator). The account lives in {@code NavixyState}, the API actions in
 * {@code NavixyApi}, request parameters in {@code NavixyParams} and error answers in {@code NavixyError}. Fault
 * injection comes from {@link SimulatorServer}.
 */
public final class NavixySimulator extends SimulatorServer implements ProviderSimulator {

    /** Login of the demo user. */
    public static final String DEMO_LOGIN = "dispatcher@demo.navixy.test";
    /** Password of the demo user. */
    public static final String DEMO_PASSWORD = "demo-password";
    /** The demo API key (a 32-hex hash usable as {@code hash}). */
    public static final String DEMO_API_KEY = "5e1f0c2a9b7d4e3f8a6c1b2d3e4f5a6b";
    /** Default account time zone: a non-whole-hour offset, so that UTC assumptions show. */
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Asia/Kathmandu");

    private static final String BASE = "/v2";

    /**
     * A chat message as the simulator holds it.
     *
     * @param id         message id
     * @param trackerId  tracker
     * @param submitTime when it was submitted (whole seconds)
     * @param updateTime delivery time
     * @param text       text
     * @param incoming   {@code true} for INCOMING (from the device), {@code false} for OUTGOING
     * @param delivered  DELIVERED or PENDING
     * @param employeeId employee (driver) id
     * @param read       read by the dispatcher (incoming only)
     */
    public record ChatMessage(long id, long trackerId, Instant submitTime, @Nullable Instant updateTime, String text,
                              boolean incoming, boolean delivered, @Nullable Long employeeId, boolean read) {
        ChatMessage withRead() {
            return new ChatMessage(id, trackerId, submitTime, updateTime, text, incoming, delivered, employeeId, true);
        }

        ChatMessage withDelivered(Instant at) {
            return new ChatMessage(id, trackerId, submitTime, at, text, incoming, true, employeeId, read);
        }
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Clock clock;
    private final NavixyState state;
    private final NavixyApi api;

    /** Starts on a free port with the system clock and {@link #DEFAULT_ZONE}. */
    public NavixySimulator() {
        this(0);
    }

    /** @param port the port, 0 for a free one */
    public NavixySimulator(int port) {
        this(port, Clock.systemUTC(), DEFAULT_ZONE);
    }

    /**
     * @param port  the port, 0 for a free one
     * @param clock the simulator's notion of now (share a test's fake clock)
     * @param zone  the account's time zone
     */
    public NavixySimulator(int port, Clock clock, ZoneId zone) {
        super(port);
        this.clock = clock;
        this.state = new NavixyState(zone);
        this.api = new NavixyApi(state, clock);
    }

    /**
     * Runs the simulator standalone with demo data until killed.
     *
     * @param args optional port (default 0 = free port)
     * @throws InterruptedException when interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        NavixySimulator sim = new NavixySimulator(port);
        sim.seedDemoData();
        System.out.println("Navixy simulator running at " + sim.baseUri());
        System.out.println("  hash (API key): " + DEMO_API_KEY);
        System.out.println("  login:          " + DEMO_LOGIN + "  password: " + DEMO_PASSWORD);
        System.out.println("  time zone:      " + sim.timeZone());
        Thread.currentThread().join();
    }

    @Override
    protected String basePath() {
        return BASE;
    }

    @Override
    public String providerId() {
        return "navixy";
    }

    @Override
    public SimulatorServer server() {
        return this;
    }

    @Override
    public Map<String, String> accountProperties(String account) {
        String p = "chatgateway.account." + account + ".";
        Map<String, String> props = new LinkedHashMap<>();
        props.put(p + "provider", "navixy");
        props.put(p + "base-url", baseUri().toString());
        props.put(p + "hash", DEMO_API_KEY);
        return props;
    }

    @Override
    public Map<String, String> loginAccountProperties(String account) {
        String p = "chatgateway.account." + account + ".";
        Map<String, String> props = new LinkedHashMap<>();
        props.put(p + "provider", "navixy");
        props.put(p + "base-url", baseUri().toString());
        props.put(p + "login", DEMO_LOGIN);
        props.put(p + "password", DEMO_PASSWORD);
        return props;
    }

    @Override
    public void expireCredentials() {
        endSessions();
    }

    @Override
    public synchronized int authentications() {
        return state.logins;
    }

    @Override
    public synchronized void seedDemoData() {
        if (state.seeded) {
            return;
        }
        state.seeded = true;
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        long truck = addTracker("Truck 12 – Riga depot");
        state.demoTracker = truck;
        long van = addTracker("Van 7 – city deliveries");
        long reefer = addTracker("Reefer 3 – frozen goods");
        long trailer = addTracker("Trailer 9 (tariff ended)");
        long tag = addTracker("Asset tag 21 (no chat)");
        blockTracker(trailer, true);
        disableChat(tag);
        addOutgoing(truck, "Please confirm the delivery window for order 4711.", now.minus(Duration.ofMinutes(95)), true);
        addIncoming(truck, "Confirmed, 14:00–16:00.", now.minus(Duration.ofMinutes(90)), 3001L);
        addIncoming(truck, "Arrived at the depot, waiting at gate 4.", now.minus(Duration.ofMinutes(12)), 3001L);
        addIncoming(van, "Traffic jam on the A2, ETA +30 min.", now.minus(Duration.ofMinutes(40)), 3002L);
        addIncoming(van, "Customer not at home, leaving a notice.", now.minus(Duration.ofMinutes(5)), 3002L);
        addIncoming(reefer, "Temperature alarm cleared, -18 °C again.", now.minus(Duration.ofHours(3)), 3003L);
        addOutgoing(reefer, "Thanks, keep the door closed.", now.minus(Duration.ofHours(2)), false);
    }

    @Override
    public String addInbound(String conversationId, String text) {
        return String.valueOf(addIncoming(id("tracker", conversationId), text, clock.instant(), null));
    }

    /**
     * {@inheritDoc} Navixy reports PENDING and DELIVERED only (the delivery time becomes {@code update_time}).
     */
    @Override
    public synchronized DeliveryStatus deliver(String conversationId, String messageId, @Nullable DeliveryStatus status) {
        long trackerId = id("tracker", conversationId);
        ChatMessage m = state.messages.get(id("message", messageId));
        if (m == null || m.trackerId() != trackerId) {
            throw new IllegalArgumentException("No message " + messageId + " in the chat of tracker " + conversationId);
        }
        if (m.incoming()) {
            throw new IllegalArgumentException("Message " + messageId + " is INCOMING; only OUTGOING messages are delivered");
        }
        if (status != null && status != DeliveryStatus.DELIVERED) {
            throw new IllegalArgumentException("Navixy reports PENDING and DELIVERED only, not " + status);
        }
        if (!m.delivered()) {
            deliver(m.id(), clock.instant());
        }
        return DeliveryStatus.DELIVERED;
    }

    private static long id(String what, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("A " + what + " id is a number, not '" + value + "'");
        }
    }

    @Override
    public synchronized String demoConversation() {
        if (state.demoTracker < 0) {
            throw new IllegalStateException("seedDemoData() first");
        }
        return String.valueOf(state.demoTracker);
    }


    // ------------------------------------------------------------------ state API for tests

    /** @return the account's time zone */
    public synchronized ZoneId timeZone() {
        return state.timeZone();
    }

    /** @param value the account's new time zone */
    public synchronized void setTimeZone(ZoneId value) {
        state.setTimeZone(value);
    }

    /**
     * @param label tracker label
     * @return the new tracker's id
     */
    public synchronized long addTracker(String label) {
        return state.addTracker(label);
    }

    /**
     * @param trackerId tracker
     * @param blocked whether its tariff is blocked (chat answers 208)
     */
    public synchronized void blockTracker(long trackerId, boolean blocked) {
        state.blockTracker(trackerId, blocked);
    }

    /** @param trackerId tracker whose device has no chat (chat answers 214) */
    public synchronized void disableChat(long trackerId) {
        state.disableChat(trackerId);
    }

    /**
     * @param trackerId tracker
     * @param value     whether its tariff has the chat feature (otherwise its chat answers 236 and lists
     *                  naming it answer 217); {@code tracker/list} does not show it, as at Navixy
     */
    public synchronized void setTrackerTariffHasChat(long trackerId, boolean value) {
        state.setTrackerTariffHasChat(trackerId, value);
    }

    /** @param trackerId a tracker that vanishes from the account with its messages (lists naming it answer 217) */
    public synchronized void removeTracker(long trackerId) {
        state.removeTracker(trackerId);
    }

    /** @param value whether the dealer's device limit is exceeded ({@code updated/list} and {@code broadcast} answer 221) */
    public synchronized void setDeviceLimitExceeded(boolean value) {
        state.setDeviceLimitExceeded(value);
    }

    /** @param value whether the account's tariff includes chat (otherwise 236) */
    public synchronized void setTariffHasChat(boolean value) {
        state.setTariffHasChat(value);
    }

    /** @param value whether {@code user/auth} answers {@code second_factor_required} */
    public synchronized void requireSecondFactor(boolean value) {
        state.requireSecondFactor(value);
    }

    /** Ends every session from {@code user/auth}: their hashes now answer code 4. API keys stay valid. */
    public synchronized void endSessions() {
        state.endSessions();
    }

    /** @return the hashes {@code user/auth} issued that are still valid */
    public synchronized Set<String> sessions() {
        return state.sessions();
    }

    /**
     * @param trackerId  tracker
     * @param text       text
     * @param at         submit time (truncated to seconds)
     * @param employeeId driver's employee id
     * @return the message id
     */
    public synchronized long addIncoming(long trackerId, String text, Instant at, @Nullable Long employeeId) {
        return state.addIncoming(trackerId, text, at, employeeId);
    }

    /**
     * @param trackerId tracker
     * @param text      text
     * @param at        submit time
     * @param delivered whether it was delivered (at the same time)
     * @return the message id
     */
    public synchronized long addOutgoing(long trackerId, String text, Instant at, boolean delivered) {
        return state.addOutgoing(trackerId, text, at, delivered);
    }

    /**
     * @param messageId an outgoing message
     * @param at delivery time
     */
    public synchronized void deliver(long messageId, Instant at) {
        state.deliver(messageId, at);
    }

    /**
     * @param trackerId tracker
     * @return its messages in id order
     */
    public synchronized List<ChatMessage> messages(long trackerId) {
        return state.messages(trackerId);
    }

    /**
     * @param trackerId tracker
     * @return unread incoming messages
     */
    public synchronized long unread(long trackerId) {
        return state.unread(trackerId);
    }

    // ------------------------------------------------------------------ HTTP

    @Override
    protected Response handle(RecordedRequest request) {
        try {
            String path = request.path();
            if (!path.startsWith(BASE + "/")) {
                throw new NavixyError(111, "Wrong handler", 404, null);
            }
            String action = path.substring(BASE.length() + 1);
            if (action.endsWith("/")) {
                action = action.substring(0, action.length() - 1);
            }
            NavixyParams p = NavixyParams.of(request, mapper);
            boolean iso = "true".equalsIgnoreCase(request.header("NVX-ISO-DateTime").orElse(""))
                    || Boolean.TRUE.equals(p.bool("iso_datetime"));
            ObjectNode ok;
            synchronized (this) {
                if (!action.equals("user/auth")) {
                    api.authenticate(request, p);
                }
                ok = api.route(action, p, iso);
            }
            ok.put("success", true);
            return Response.json(200, mapper.writeValueAsString(ok));
        } catch (NavixyError e) {
            ObjectNode body = nodes.objectNode();
            body.put("success", false);
            body.putObject("status").put("code", e.code).put("description", e.getMessage());
            if (e.errors != null) {
                body.set("errors", e.errors);
            }
            return Response.json(e.http, body.toString());
        } catch (IOException e) {
            return Response.json(500, "{\"success\":false,\"status\":{\"code\":6,\"description\":\"Unexpected error\"}}");
        }
    }
}
