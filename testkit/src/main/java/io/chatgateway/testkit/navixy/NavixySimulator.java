package io.chatgateway.testkit.navixy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.chatgateway.DeliveryStatus;
import io.chatgateway.testkit.ProviderSimulator;
import io.chatgateway.testkit.RecordedRequest;
import io.chatgateway.testkit.SimulatorServer;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * <p>Thread-safe. Fault injection comes from {@link SimulatorServer}.
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
    private static final DateTimeFormatter PLAIN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final int MAX_LIMIT = 1024;
    private static final int MAX_TRACKERS = 300;
    private static final int MAX_TEXT = 20_000;

    /** A tracker of the simulated account. */
    private static final class Tracker {
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
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private long demoTracker = -1;
    private final Map<Long, Tracker> trackers = new TreeMap<>();
    private final Map<Long, ChatMessage> messages = new TreeMap<>();
    private final Set<String> sessions = new HashSet<>();
    private int logins;
    private final Set<String> endedSessions = new HashSet<>();
    private final Set<String> apiKeys = new HashSet<>(Set.of(DEMO_API_KEY));
    private final Map<String, String> users = new LinkedHashMap<>(Map.of(DEMO_LOGIN, DEMO_PASSWORD));
    private ZoneId zone;
    private boolean tariffHasChat = true;
    private boolean deviceLimitExceeded;
    private boolean secondFactor;
    private boolean seeded;
    private long nextTrackerId = 10_181_001;
    private long nextMessageId = 500_001;

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
        this.zone = zone;
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
        return logins;
    }

    @Override
    public synchronized void seedDemoData() {
        if (seeded) {
            return;
        }
        seeded = true;
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        long truck = addTracker("Truck 12 – Riga depot");
        demoTracker = truck;
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
        ChatMessage m = messages.get(id("message", messageId));
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
        if (demoTracker < 0) {
            throw new IllegalStateException("seedDemoData() first");
        }
        return String.valueOf(demoTracker);
    }

    // ------------------------------------------------------------------ state API for tests

    /** @return the account's time zone */
    public synchronized ZoneId timeZone() {
        return zone;
    }

    /** @param value the account's new time zone */
    public synchronized void setTimeZone(ZoneId value) {
        this.zone = value;
    }

    /**
     * @param label tracker label
     * @return the new tracker's id
     */
    public synchronized long addTracker(String label) {
        long id = nextTrackerId++;
        trackers.put(id, new Tracker(id, label));
        return id;
    }

    /**
     * @param trackerId tracker
     * @param blocked whether its tariff is blocked (chat answers 208)
     */
    public synchronized void blockTracker(long trackerId, boolean blocked) {
        tracker(trackerId).blocked = blocked;
    }

    /** @param trackerId tracker whose device has no chat (chat answers 214) */
    public synchronized void disableChat(long trackerId) {
        tracker(trackerId).chat = false;
    }

    /**
     * @param trackerId tracker
     * @param value     whether its tariff has the chat feature (otherwise its chat answers 236 and lists
     *                  naming it answer 217); {@code tracker/list} does not show it, as at Navixy
     */
    public synchronized void setTrackerTariffHasChat(long trackerId, boolean value) {
        tracker(trackerId).tariffChat = value;
    }

    /** @param trackerId a tracker that vanishes from the account with its messages (lists naming it answer 217) */
    public synchronized void removeTracker(long trackerId) {
        tracker(trackerId);
        trackers.remove(trackerId);
        messages.values().removeIf(m -> m.trackerId() == trackerId);
    }

    /** @param value whether the dealer's device limit is exceeded ({@code updated/list} and {@code broadcast} answer 221) */
    public synchronized void setDeviceLimitExceeded(boolean value) {
        this.deviceLimitExceeded = value;
    }

    /** @param value whether the account's tariff includes chat (otherwise 236) */
    public synchronized void setTariffHasChat(boolean value) {
        this.tariffHasChat = value;
    }

    /** @param value whether {@code user/auth} answers {@code second_factor_required} */
    public synchronized void requireSecondFactor(boolean value) {
        this.secondFactor = value;
    }

    /** Ends every session from {@code user/auth}: their hashes now answer code 4. API keys stay valid. */
    public synchronized void endSessions() {
        endedSessions.addAll(sessions);
        sessions.clear();
    }

    /** @return the hashes {@code user/auth} issued that are still valid */
    public synchronized Set<String> sessions() {
        return Set.copyOf(sessions);
    }

    /**
     * @param trackerId  tracker
     * @param text       text
     * @param at         submit time (truncated to seconds)
     * @param employeeId driver's employee id
     * @return the message id
     */
    public synchronized long addIncoming(long trackerId, String text, Instant at, @Nullable Long employeeId) {
        tracker(trackerId);
        long id = nextMessageId++;
        messages.put(id, new ChatMessage(id, trackerId, at.truncatedTo(ChronoUnit.SECONDS), null, text, true, true,
                employeeId, false));
        return id;
    }

    /**
     * @param trackerId tracker
     * @param text      text
     * @param at        submit time
     * @param delivered whether it was delivered (at the same time)
     * @return the message id
     */
    public synchronized long addOutgoing(long trackerId, String text, Instant at, boolean delivered) {
        tracker(trackerId);
        long id = nextMessageId++;
        Instant t = at.truncatedTo(ChronoUnit.SECONDS);
        messages.put(id, new ChatMessage(id, trackerId, t, delivered ? t : null, text, false, delivered, null, true));
        return id;
    }

    /**
     * @param messageId an outgoing message
     * @param at delivery time
     */
    public synchronized void deliver(long messageId, Instant at) {
        messages.computeIfPresent(messageId, (k, m) -> m.withDelivered(at.truncatedTo(ChronoUnit.SECONDS)));
    }

    /**
     * @param trackerId tracker
     * @return its messages in id order
     */
    public synchronized List<ChatMessage> messages(long trackerId) {
        return messages.values().stream().filter(m -> m.trackerId() == trackerId).toList();
    }

    /**
     * @param trackerId tracker
     * @return unread incoming messages
     */
    public synchronized long unread(long trackerId) {
        return messages.values().stream().filter(m -> m.trackerId() == trackerId && m.incoming() && !m.read()).count();
    }

    private Tracker tracker(long id) {
        Tracker t = trackers.get(id);
        if (t == null) {
            throw new IllegalArgumentException("No tracker " + id);
        }
        return t;
    }

    // ------------------------------------------------------------------ HTTP

    /** A Navixy error answer. */
    private static final class NavixyError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int code;
        final int http;
        final transient ArrayNode errors;

        NavixyError(int code, String description, int http, ArrayNode errors) {
            super(description, null, false, false);
            this.code = code;
            this.http = http;
            this.errors = errors;
        }
    }

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
            Params p = Params.of(request, mapper);
            boolean iso = "true".equalsIgnoreCase(request.header("NVX-ISO-DateTime").orElse(""))
                    || Boolean.TRUE.equals(p.bool("iso_datetime"));
            ObjectNode ok;
            synchronized (this) {
                if (!action.equals("user/auth")) {
                    authenticate(request, p);
                }
                ok = route(action, p, iso);
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

    private void authenticate(RecordedRequest request, Params p) {
        String hash = null;
        String header = request.header("Authorization").orElse(null);
        if (header != null) {
            if (!header.startsWith("NVX ")) {
                throw new NavixyError(3, "Wrong hash", 400, null);
            }
            hash = header.substring(4).trim();
        }
        if (hash == null) {
            hash = p.text("hash");
        }
        if (hash == null || hash.isBlank()) {
            throw new NavixyError(3, "Wrong hash", 400, null);
        }
        if (endedSessions.contains(hash)) {
            throw new NavixyError(4, "User or API key not found or session ended", 400, null);
        }
        if (!sessions.contains(hash) && !apiKeys.contains(hash)) {
            throw new NavixyError(3, "Wrong hash", 400, null);
        }
    }

    private ObjectNode route(String action, Params p, boolean iso) {
        return switch (action) {
            case "user/auth" -> userAuth(p);
            case "user/get_info" -> userInfo();
            case "tracker/list" -> trackerList(p);
            case "tracker/chat/list" -> chatList(p, iso);
            case "tracker/chat/send" -> chatSend(p);
            case "tracker/chat/broadcast" -> chatBroadcast(p);
            case "tracker/chat/mark_read" -> markRead(p);
            case "tracker/chat/mark_read_all" -> markReadAll(p);
            case "tracker/chat/updated/list" -> updatedList(p, iso);
            case "tracker/chat/unread/count" -> unreadCount();
            default -> throw new NavixyError(111, "Wrong handler", 400, null);
        };
    }

    private ObjectNode userAuth(Params p) {
        String login = p.text("login");
        String password = p.text("password");
        if (login == null || password == null) {
            throw invalid(login == null ? "login" : "password", "required");
        }
        if (!password.equals(users.get(login))) {
            throw new NavixyError(102, "Wrong login or password", 400, null);
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String hash = HexFormat.of().formatHex(bytes);
        ObjectNode out = nodes.objectNode();
        if (secondFactor) {
            out.put("type", "second_factor_required").put("factor_type", "email").put("hash", hash);
            return out;
        }
        sessions.add(hash);
        logins++;
        return out.put("type", "authenticated").put("hash", hash);
    }

    private ObjectNode userInfo() {
        ObjectNode out = nodes.objectNode();
        out.putObject("user_info").put("id", 1).put("login", DEMO_LOGIN).put("title", "Demo dispatcher")
                .put("time_zone", zone.getId()).put("locale", "en_US");
        return out;
    }

    private ObjectNode trackerList(Params p) {
        List<String> labels = p.strings("labels");
        ArrayNode list = nodes.arrayNode();
        for (Tracker t : trackers.values()) {
            if (!labels.isEmpty() && labels.stream().noneMatch(l -> t.label.toLowerCase(Locale.ROOT)
                    .contains(l.toLowerCase(Locale.ROOT)))) {
                continue;
            }
            ObjectNode n = list.addObject();
            n.put("id", t.id).put("label", t.label).put("group_id", 0).put("clone", false);
            ObjectNode s = n.putObject("source");
            s.put("id", t.id + 7_000_000).put("device_id", "35963210" + t.id).put("model", t.chat ? "navixy_app" : "asset_tag")
                    .put("blocked", t.blocked).put("tariff_id", 5856).putNull("status_listing_id")
                    .put("creation_date", "2023-03-08").put("tariff_end_date", t.blocked ? "2025-12-01" : "2027-12-01")
                    .put("phone", "+3712000" + (t.id % 10_000));
            n.putArray("tag_bindings");
        }
        ObjectNode out = nodes.objectNode();
        out.set("list", list);
        return out;
    }

    private Tracker chatTracker(long id) {
        Tracker t = trackers.get(id);
        if (t == null) {
            throw new NavixyError(201, "Not found in the database", 400, null);
        }
        if (!tariffHasChat || !t.tariffChat) {
            throw new NavixyError(236, "Feature unavailable due to tariff restrictions", 402, null);
        }
        if (t.blocked) {
            throw new NavixyError(208, "Device blocked", 403, null);
        }
        if (!t.chat) {
            throw new NavixyError(214, "Requested operation or parameters are not supported by the device", 400, null);
        }
        return t;
    }

    private ObjectNode chatList(Params p, boolean iso) {
        long trackerId = p.requireLong("tracker_id");
        chatTracker(trackerId);
        Instant now = clock.instant();
        Instant from = p.has("from") ? p.time("from", zone) : now.minus(Duration.ofDays(7));
        Instant to = p.has("to") ? p.time("to", zone) : now;
        Long limit = p.longValue("limit");
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw new NavixyError(212, "Requested limit is too big", 400, null);
        }
        Boolean ascending = p.has("ascending") ? p.bool("ascending") : Boolean.TRUE;
        if (ascending == null) {
            throw invalid("ascending", "must be a boolean");
        }
        long fromSec = from.getEpochSecond();
        long toSec = to.getEpochSecond();
        Comparator<ChatMessage> order = Comparator.comparing(ChatMessage::submitTime).thenComparingLong(ChatMessage::id);
        List<ChatMessage> selected = new ArrayList<>(messages.values().stream()
                .filter(m -> m.trackerId() == trackerId)
                .filter(m -> m.submitTime().getEpochSecond() >= fromSec && m.submitTime().getEpochSecond() <= toSec)
                .sorted(ascending ? order : order.reversed())
                .toList());
        int max = limit == null ? MAX_LIMIT : limit.intValue();
        ArrayNode list = nodes.arrayNode();
        for (ChatMessage m : selected.subList(0, Math.min(max, selected.size()))) {
            ObjectNode n = list.addObject();
            n.put("id", m.id()).put("submit_time", format(m.submitTime(), iso));
            if (m.updateTime() != null) {
                n.put("update_time", format(m.updateTime(), iso));
            }
            n.put("text", m.text()).put("type", m.incoming() ? "INCOMING" : "OUTGOING")
                    .put("status", m.delivered() ? "DELIVERED" : "PENDING");
            if (m.employeeId() != null) {
                n.put("employee_id", m.employeeId());
            }
        }
        ObjectNode out = nodes.objectNode();
        out.set("list", list);
        return out;
    }

    private ObjectNode chatSend(Params p) {
        long trackerId = p.requireLong("tracker_id");
        String text = requireMessage(p);
        chatTracker(trackerId);
        long id = addOutgoing(trackerId, text, clock.instant(), false);
        return nodes.objectNode().put("id", id);
    }

    private String requireMessage(Params p) {
        String text = p.text("message");
        if (text == null) {
            throw invalid("message", "required");
        }
        if (text.codePointCount(0, text.length()) > MAX_TEXT) {
            throw invalid("message", "length must be at most " + MAX_TEXT);
        }
        return text;
    }

    private ObjectNode chatBroadcast(Params p) {
        List<Long> ids = p.requireLongs("trackers");
        String text = requireMessage(p);
        if (ids.size() > MAX_TRACKERS) {
            throw invalid("trackers", "size must be at most " + MAX_TRACKERS);
        }
        requireChatCapable(ids);
        ArrayNode sent = nodes.arrayNode();
        ArrayNode notSent = nodes.arrayNode();
        for (Long id : new LinkedHashSet<>(ids)) {
            Tracker t = trackers.get(id);
            if (!t.chat) {
                notSent.add(id);
            } else {
                addOutgoing(id, text, clock.instant(), false);
                sent.add(id);
            }
        }
        ObjectNode out = nodes.objectNode();
        out.set("sent_to", sent);
        out.set("not_sent_to", notSent);
        return out;
    }

    /** As documented for updated/list and broadcast: 221 over the device limit, 217 for a bad tracker in the list. */
    private void requireChatCapable(List<Long> ids) {
        if (deviceLimitExceeded) {
            throw new NavixyError(221, "Device limit exceeded", 403, null);
        }
        for (Long id : ids) {
            Tracker t = trackers.get(id);
            if (t == null || t.blocked || !t.tariffChat || !tariffHasChat) {
                throw new NavixyError(217, "List contains nonexistent entities", 400, null);
            }
        }
    }

    private ObjectNode markRead(Params p) {
        Set<Long> ids = new LinkedHashSet<>();
        if (p.has("message_id")) {
            ids.add(p.requireLong("message_id"));
        }
        if (p.has("message_ids")) {
            ids.addAll(p.requireLongs("message_ids"));
        }
        if (ids.isEmpty()) {
            throw invalid("message_id", "required");
        }
        for (Long id : ids) {
            if (!messages.containsKey(id)) {
                throw new NavixyError(201, "Not found in the database", 400, null);
            }
        }
        ids.forEach(id -> messages.computeIfPresent(id, (k, m) -> m.withRead()));
        return nodes.objectNode();
    }

    private ObjectNode markReadAll(Params p) {
        Set<Long> ids;
        if (p.has("trackers")) {
            ids = new HashSet<>(p.requireLongs("trackers"));
            for (Long id : ids) {
                if (!trackers.containsKey(id)) {
                    throw new NavixyError(201, "Not found in the database", 400, null);
                }
            }
        } else {
            ids = new HashSet<>(trackers.keySet());
        }
        messages.replaceAll((k, m) -> ids.contains(m.trackerId()) && m.incoming() ? m.withRead() : m);
        return nodes.objectNode();
    }

    private ObjectNode updatedList(Params p, boolean iso) {
        List<Long> ids = p.requireLongs("trackers");
        if (ids.size() > MAX_TRACKERS) {
            throw invalid("trackers", "size must be at most " + MAX_TRACKERS);
        }
        requireChatCapable(ids);
        ObjectNode value = nodes.objectNode();
        for (Long id : new LinkedHashSet<>(ids)) {
            messages.values().stream().filter(m -> m.trackerId() == id)
                    .map(m -> m.updateTime() != null && m.updateTime().isAfter(m.submitTime()) ? m.updateTime() : m.submitTime())
                    .max(Comparator.naturalOrder())
                    .ifPresent(t -> value.put(Long.toString(id), format(t, iso)));
        }
        ObjectNode out = nodes.objectNode();
        out.set("value", value);
        return out;
    }

    private ObjectNode unreadCount() {
        if (!tariffHasChat) {
            throw new NavixyError(236, "Feature unavailable due to tariff restrictions", 402, null);
        }
        Map<Long, Long> counts = new TreeMap<>();
        messages.values().stream().filter(m -> m.incoming() && !m.read())
                .forEach(m -> counts.merge(m.trackerId(), 1L, Long::sum));
        ObjectNode value = nodes.objectNode();
        counts.forEach((id, n) -> value.put(Long.toString(id), n));
        ObjectNode out = nodes.objectNode();
        out.set("value", value);
        return out;
    }

    private String format(Instant t, boolean iso) {
        return iso ? ISO.format(t.atZone(zone)) : PLAIN.format(t.atZone(zone));
    }

    private static NavixyError invalid(String parameter, String error) {
        ArrayNode errors = JsonNodeFactory.instance.arrayNode();
        errors.addObject().put("parameter", parameter).put("error", error);
        return new NavixyError(7, "Invalid parameters", 400, errors);
    }

    /** Request parameters from the query string, a form body or a JSON body, all as JSON nodes. */
    private static final class Params {
        private final Map<String, JsonNode> values = new LinkedHashMap<>();

        static Params of(RecordedRequest request, ObjectMapper mapper) {
            Params p = new Params();
            request.query().forEach((k, v) -> p.values.put(k, TextNode.valueOf(v.get(0))));
            String type = request.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            String body = request.bodyText();
            if (body.isBlank()) {
                return p;
            }
            if (type.contains("json") || body.trim().startsWith("{")) {
                try {
                    JsonNode root = mapper.readTree(body);
                    if (root == null || !root.isObject()) {
                        throw new NavixyError(5, "Wrong request format", 400, null);
                    }
                    root.fields().forEachRemaining(e -> p.values.put(e.getKey(), e.getValue()));
                } catch (IOException e) {
                    throw new NavixyError(5, "Wrong request format", 400, null);
                }
            } else {
                parseQuery(body).forEach((k, v) -> p.values.put(k, TextNode.valueOf(v.get(0))));
            }
            return p;
        }

        boolean has(String name) {
            JsonNode n = values.get(name);
            return n != null && !n.isNull();
        }

        String text(String name) {
            JsonNode n = values.get(name);
            return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
        }

        Boolean bool(String name) {
            String t = text(name);
            if (t == null) {
                return null;
            }
            return switch (t.trim().toLowerCase(Locale.ROOT)) {
                case "true", "1" -> Boolean.TRUE;
                case "false", "0" -> Boolean.FALSE;
                default -> null;
            };
        }

        Long longValue(String name) {
            String t = text(name);
            if (t == null) {
                return null;
            }
            try {
                return Long.parseLong(t.trim());
            } catch (NumberFormatException e) {
                throw invalid(name, "must be an integer");
            }
        }

        long requireLong(String name) {
            Long v = longValue(name);
            if (v == null) {
                throw invalid(name, "required");
            }
            return v;
        }

        List<Long> requireLongs(String name) {
            JsonNode n = values.get(name);
            if (n == null || n.isNull()) {
                throw invalid(name, "required");
            }
            List<Long> out = new ArrayList<>();
            for (String s : items(n)) {
                try {
                    out.add(Long.parseLong(s.trim()));
                } catch (NumberFormatException e) {
                    throw invalid(name, "must be an array of integers");
                }
            }
            return out;
        }

        List<String> strings(String name) {
            JsonNode n = values.get(name);
            return n == null || n.isNull() ? List.of() : items(n);
        }

        private static List<String> items(JsonNode n) {
            JsonNode array = n;
            if (n.isTextual()) {
                String t = n.asText().trim();
                if (!t.startsWith("[")) {
                    return List.of(t.split(","));
                }
                try {
                    array = new ObjectMapper().readTree(t);
                } catch (IOException e) {
                    throw new NavixyError(5, "Wrong request format", 400, null);
                }
            }
            if (!array.isArray()) {
                return List.of(array.asText());
            }
            List<String> out = new ArrayList<>();
            array.forEach(i -> out.add(i.asText()));
            return out;
        }

        Instant time(String name, ZoneId zone) {
            String t = text(name);
            try {
                if (t.contains("T")) {
                    return OffsetDateTime.parse(t.trim()).toInstant();
                }
                return ZonedDateTime.ofLocal(LocalDateTime.parse(t.trim(), PLAIN), zone, null).toInstant();
            } catch (DateTimeParseException e) {
                throw invalid(name, "wrong date/time format");
            }
        }
    }
}
