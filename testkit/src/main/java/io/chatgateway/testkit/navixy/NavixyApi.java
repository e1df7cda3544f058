package io.chatgateway.testkit.navixy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatgateway.testkit.RecordedRequest;
import io.chatgateway.testkit.navixy.NavixySimulator.ChatMessage;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The Navixy API actions (auth, user, tracker list, every chat action) over the simulated state; the caller locks. */
final class NavixyApi {

    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final int MAX_LIMIT = 1024;
    private static final int MAX_TRACKERS = 300;
    private static final int MAX_TEXT = 20_000;

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final SecureRandom random = new SecureRandom();
    private final NavixyState state;
    private final Clock clock;

    NavixyApi(NavixyState state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    void authenticate(RecordedRequest request, NavixyParams p) {
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
        if (state.endedSessions.contains(hash)) {
            throw new NavixyError(4, "User or API key not found or session ended", 400, null);
        }
        if (!state.sessions.contains(hash) && !state.apiKeys.contains(hash)) {
            throw new NavixyError(3, "Wrong hash", 400, null);
        }
    }

    ObjectNode route(String action, NavixyParams p, boolean iso) {
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

    private ObjectNode userAuth(NavixyParams p) {
        String login = p.text("login");
        String password = p.text("password");
        if (login == null || password == null) {
            throw NavixyError.invalid(login == null ? "login" : "password", "required");
        }
        if (!password.equals(state.users.get(login))) {
            throw new NavixyError(102, "Wrong login or password", 400, null);
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String hash = HexFormat.of().formatHex(bytes);
        ObjectNode out = nodes.objectNode();
        if (state.secondFactor) {
            out.put("type", "second_factor_required").put("factor_type", "email").put("hash", hash);
            return out;
        }
        state.sessions.add(hash);
        state.logins++;
        return out.put("type", "authenticated").put("hash", hash);
    }

    private ObjectNode userInfo() {
        ObjectNode out = nodes.objectNode();
        out.putObject("user_info").put("id", 1).put("login", NavixySimulator.DEMO_LOGIN).put("title", "Demo dispatcher")
                .put("time_zone", state.zone.getId()).put("locale", "en_US");
        return out;
    }

    private ObjectNode trackerList(NavixyParams p) {
        List<String> labels = p.strings("labels");
        ArrayNode list = nodes.arrayNode();
        for (NavixyState.Tracker t : state.trackers.values()) {
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

    private NavixyState.Tracker chatTracker(long id) {
        NavixyState.Tracker t = state.trackers.get(id);
        if (t == null) {
            throw new NavixyError(201, "Not found in the database", 400, null);
        }
        if (!state.tariffHasChat || !t.tariffChat) {
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

    private ObjectNode chatList(NavixyParams p, boolean iso) {
        long trackerId = p.requireLong("tracker_id");
        chatTracker(trackerId);
        Instant now = clock.instant();
        Instant from = p.has("from") ? p.time("from", state.zone) : now.minus(Duration.ofDays(7));
        Instant to = p.has("to") ? p.time("to", state.zone) : now;
        Long limit = p.longValue("limit");
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw new NavixyError(212, "Requested limit is too big", 400, null);
        }
        Boolean ascending = p.has("ascending") ? p.bool("ascending") : Boolean.TRUE;
        if (ascending == null) {
            throw NavixyError.invalid("ascending", "must be a boolean");
        }
        long fromSec = from.getEpochSecond();
        long toSec = to.getEpochSecond();
        Comparator<ChatMessage> order = Comparator.comparing(ChatMessage::submitTime).thenComparingLong(ChatMessage::id);
        List<ChatMessage> selected = new ArrayList<>(state.messages(trackerId).stream()
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

    private ObjectNode chatSend(NavixyParams p) {
        long trackerId = p.requireLong("tracker_id");
        String text = requireMessage(p);
        chatTracker(trackerId);
        long id = state.addOutgoing(trackerId, text, clock.instant(), false);
        return nodes.objectNode().put("id", id);
    }

    private String requireMessage(NavixyParams p) {
        String text = p.text("message");
        if (text == null) {
            throw NavixyError.invalid("message", "required");
        }
        if (text.codePointCount(0, text.length()) > MAX_TEXT) {
            throw NavixyError.invalid("message", "length must be at most " + MAX_TEXT);
        }
        return text;
    }

    private ObjectNode chatBroadcast(NavixyParams p) {
        List<Long> ids = p.requireLongs("trackers");
        String text = requireMessage(p);
        if (ids.size() > MAX_TRACKERS) {
            throw NavixyError.invalid("trackers", "size must be at most " + MAX_TRACKERS);
        }
        requireChatCapable(ids);
        ArrayNode sent = nodes.arrayNode();
        ArrayNode notSent = nodes.arrayNode();
        for (Long id : new LinkedHashSet<>(ids)) {
            NavixyState.Tracker t = state.trackers.get(id);
            if (!t.chat) {
                notSent.add(id);
            } else {
                state.addOutgoing(id, text, clock.instant(), false);
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
        if (state.deviceLimitExceeded) {
            throw new NavixyError(221, "Device limit exceeded", 403, null);
        }
        for (Long id : ids) {
            NavixyState.Tracker t = state.trackers.get(id);
            if (t == null || t.blocked || !t.tariffChat || !state.tariffHasChat) {
                throw new NavixyError(217, "List contains nonexistent entities", 400, null);
            }
        }
    }

    private ObjectNode markRead(NavixyParams p) {
        Set<Long> ids = new LinkedHashSet<>();
        if (p.has("message_id")) {
            ids.add(p.requireLong("message_id"));
        }
        if (p.has("message_ids")) {
            ids.addAll(p.requireLongs("message_ids"));
        }
        if (ids.isEmpty()) {
            throw NavixyError.invalid("message_id", "required");
        }
        for (Long id : ids) {
            if (!state.messages.containsKey(id)) {
                throw new NavixyError(201, "Not found in the database", 400, null);
            }
        }
        ids.forEach(id -> state.messages.computeIfPresent(id, (k, m) -> m.withRead()));
        return nodes.objectNode();
    }

    private ObjectNode markReadAll(NavixyParams p) {
        Set<Long> ids;
        if (p.has("trackers")) {
            ids = new HashSet<>(p.requireLongs("trackers"));
            for (Long id : ids) {
                if (!state.trackers.containsKey(id)) {
                    throw new NavixyError(201, "Not found in the database", 400, null);
                }
            }
        } else {
            ids = new HashSet<>(state.trackers.keySet());
        }
        state.messages.replaceAll((k, m) -> ids.contains(m.trackerId()) && m.incoming() ? m.withRead() : m);
        return nodes.objectNode();
    }

    private ObjectNode updatedList(NavixyParams p, boolean iso) {
        List<Long> ids = p.requireLongs("trackers");
        if (ids.size() > MAX_TRACKERS) {
            throw NavixyError.invalid("trackers", "size must be at most " + MAX_TRACKERS);
        }
        requireChatCapable(ids);
        ObjectNode value = nodes.objectNode();
        for (Long id : new LinkedHashSet<>(ids)) {
            state.messages(id).stream()
                    .map(m -> m.updateTime() != null && m.updateTime().isAfter(m.submitTime()) ? m.updateTime() : m.submitTime())
                    .max(Comparator.naturalOrder())
                    .ifPresent(t -> value.put(Long.toString(id), format(t, iso)));
        }
        ObjectNode out = nodes.objectNode();
        out.set("value", value);
        return out;
    }

    private ObjectNode unreadCount() {
        if (!state.tariffHasChat) {
            throw new NavixyError(236, "Feature unavailable due to tariff restrictions", 402, null);
        }
        Map<Long, Long> counts = new TreeMap<>();
        state.messages.values().stream().filter(m -> m.incoming() && !m.read())
                .forEach(m -> counts.merge(m.trackerId(), 1L, Long::sum));
        ObjectNode value = nodes.objectNode();
        counts.forEach((id, n) -> value.put(Long.toString(id), n));
        ObjectNode out = nodes.objectNode();
        out.set("value", value);
        return out;
    }

    private String format(Instant t, boolean iso) {
        return iso ? ISO.format(t.atZone(state.zone)) : NavixyParams.PLAIN.format(t.atZone(state.zone));
    }
}
