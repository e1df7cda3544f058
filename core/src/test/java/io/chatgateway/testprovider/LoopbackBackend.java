package io.chatgateway.testprovider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The state and routes of the loopback chat API, independent of any HTTP server: the core tests serve it
 * with a plain JDK {@code HttpServer} ({@link LoopbackServer}), the testkit tests with a {@code SimulatorServer}.
 *
 * <p>API below {@code /api} (JSON, {@code Authorization: Bearer <token>}):
 * <pre>
 * GET    /api/conversations?limit=&amp;cursor=&amp;q=                      list, keyset cursor, text search
 * GET    /api/conversations/{id}/messages?limit=&amp;order=asc|desc&amp;cursor=&amp;since=&amp;until=
 * GET    /api/conversations/{id}/messages/{mid}
 * POST   /api/conversations/{id}/messages      {"text":…}             send
 * PUT    /api/conversations/{id}/status        {"status":…}
 * DELETE /api/conversations/{id}
 * POST   /api/read         {"messages":[{"conversation":…,"id":…}]}
 * POST   /api/read-all     {"conversations":[…]}                     empty = all
 * GET    /api/unread                                                  {"counts":{id:n}}
 * POST   /api/last-activity {"conversations":[…]}                     {"last_activity":{id:instant}}
 * POST   /api/broadcast    {"conversations":[…],"text":…}             {"results":[…]}
 * </pre>
 * Errors: {@code {"error":{"code":…,"message":…}}} with codes {@code not_found} 404, {@code invalid} 400,
 * {@code unauthorized} 401, {@code forbidden} 403, {@code blocked} 409, {@code plan} 402. Thread-safe.
 */
public final class LoopbackBackend {

    /** An answer. @param status HTTP status @param headers headers @param body body */
    public record Reply(int status, Map<String, String> headers, byte[] body) {
        static Reply json(int status, JsonNode node) {
            return new Reply(status, Map.of("Content-Type", "application/json"),
                    node.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static final class Conv {
        final long seq;
        final String id;
        String title;
        String status = "OPEN";
        String assignee;
        boolean blocked;
        final List<Msg> messages = new ArrayList<>();

        Conv(long seq, String id, String title) {
            this.seq = seq;
            this.id = id;
            this.title = title;
        }
    }

    private static final class Msg {
        final long seq;
        final boolean inbound;
        final String authorId;
        final String text;
        final Instant sentAt;
        boolean read;

        Msg(long seq, boolean inbound, String authorId, String text, Instant sentAt) {
            this.seq = seq;
            this.inbound = inbound;
            this.authorId = authorId;
            this.text = text;
            this.sentAt = sentAt;
            this.read = !inbound;
        }
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, Conv> conversations = new LinkedHashMap<>();
    private final String token;
    private final Clock clock;
    private long seq;

    /**
     * @param token the bearer token the API accepts
     * @param clock the time stamped on messages
     */
    public LoopbackBackend(String token, Clock clock) {
        this.token = token;
        this.clock = clock;
    }

    /** @return the accepted token */
    public String token() {
        return token;
    }

    /**
     * @param id    conversation id, any text
     * @param title its title
     * @return the id
     */
    public synchronized String addConversation(String id, String title) {
        if (!conversations.containsKey(id)) {
            conversations.put(id, new Conv(++seq, id, title));
        }
        return id;
    }

    /**
     * @param conversationId the conversation (created when missing)
     * @param authorId       the customer's id
     * @param text           the text
     * @return the message id
     */
    public synchronized String addInbound(String conversationId, String authorId, String text) {
        Conv c = conversations.computeIfAbsent(conversationId, id -> new Conv(++seq, id, "Conversation " + id));
        Msg m = new Msg(++seq, true, authorId, text, clock.instant());
        c.messages.add(m);
        return "m" + m.seq;
    }

    /** @param conversationId a conversation @param blocked whether sends to it fail with {@code blocked} */
    public synchronized void setBlocked(String conversationId, boolean blocked) {
        conversations.get(conversationId).blocked = blocked;
    }

    /** @param conversationId a conversation @param assignee its assignee id */
    public synchronized void setAssignee(String conversationId, String assignee) {
        conversations.get(conversationId).assignee = assignee;
    }

    /** @param conversationId a conversation @return the texts of its messages, oldest first */
    public synchronized List<String> texts(String conversationId) {
        Conv c = conversations.get(conversationId);
        return c == null ? List.of() : c.messages.stream().map(m -> m.text).toList();
    }

    /** @param conversationId a conversation @return whether it exists */
    public synchronized boolean exists(String conversationId) {
        return conversations.containsKey(conversationId);
    }

    /** @param conversationId a conversation @return its status */
    public synchronized String status(String conversationId) {
        return conversations.get(conversationId).status;
    }

    /**
     * Serves one request.
     *
     * @param method        HTTP method
     * @param segments      decoded path segments, e.g. {@code [api, conversations, 42, messages]}
     * @param query         decoded query parameters
     * @param authorization the Authorization header, or {@code null}
     * @param body          the request body
     * @return the answer
     */
    public synchronized Reply handle(String method, List<String> segments, Map<String, List<String>> query,
                                     String authorization, byte[] body) {
        try {
            if (segments.isEmpty() || !segments.get(0).equals("api")) {
                return error(404, "not_found", "No such route.");
            }
            if (!("Bearer " + token).equals(authorization)) {
                return error(401, "unauthorized", "The token is missing or wrong.");
            }
            JsonNode in = body == null || body.length == 0 ? mapper.createObjectNode() : mapper.readTree(body);
            List<String> s = segments.subList(1, segments.size());
            String route = method + " " + shape(s);
            return switch (route) {
                case "GET conversations" -> listConversations(query);
                case "GET conversations/*/messages" -> listMessages(s.get(1), query);
                case "GET conversations/*/messages/*" -> oneMessage(s.get(1), s.get(3));
                case "POST conversations/*/messages" -> send(s.get(1), in.path("text").asText(null));
                case "PUT conversations/*/status" -> setStatus(s.get(1), in.path("status").asText(""));
                case "DELETE conversations/*" -> delete(s.get(1));
                case "POST read" -> markRead(in.path("messages"));
                case "POST read-all" -> markAllRead(in.path("conversations"));
                case "GET unread" -> unread();
                case "POST last-activity" -> lastActivity(in.path("conversations"));
                case "POST broadcast" -> broadcast(in.path("conversations"), in.path("text").asText(null));
                default -> error(404, "not_found", "No route " + route + ".");
            };
        } catch (java.io.IOException e) {
            return error(400, "invalid", "The body is not JSON.");
        }
    }

    private static String shape(List<String> s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.size(); i++) {
            if (i > 0) {
                sb.append('/');
            }
            sb.append(i % 2 == 1 && s.get(0).equals("conversations") ? "*" : s.get(i));
        }
        return sb.toString();
    }

    private Reply listConversations(Map<String, List<String>> query) {
        int limit = intParam(query, "limit", 20);
        long after = longParam(query, "cursor", 0);
        String q = param(query, "q");
        List<Conv> matching = conversations.values().stream()
                .filter(c -> c.seq > after)
                .filter(c -> q == null || c.title.toLowerCase(Locale.ROOT).contains(q.toLowerCase(Locale.ROOT))
                        || c.id.contains(q))
                .toList();
        ObjectNode out = mapper.createObjectNode();
        ArrayNode items = out.putArray("items");
        matching.stream().limit(limit).forEach(c -> {
            ObjectNode o = items.addObject();
            o.put("id", c.id);
            o.put("title", c.title);
            o.put("status", c.status);
            o.put("unread", c.messages.stream().filter(m -> !m.read).count());
            if (!c.messages.isEmpty()) {
                o.put("last_message_at", c.messages.get(c.messages.size() - 1).sentAt.toString());
            }
            if (c.assignee != null) {
                o.put("assignee", c.assignee);
            }
            o.put("color", "blue");
        });
        if (matching.size() > limit) {
            out.put("next", String.valueOf(matching.get(limit - 1).seq));
        } else {
            out.putNull("next");
        }
        return Reply.json(200, out);
    }

    private Reply listMessages(String id, Map<String, List<String>> query) {
        Conv c = conversations.get(id);
        if (c == null) {
            return error(404, "not_found", "Conversation " + id + " does not exist.");
        }
        int limit = intParam(query, "limit", 20);
        boolean desc = "desc".equals(param(query, "order"));
        String cursor = param(query, "cursor");
        Instant since = param(query, "since") == null ? null : Instant.parse(param(query, "since"));
        Instant until = param(query, "until") == null ? null : Instant.parse(param(query, "until"));
        List<Msg> ordered = new ArrayList<>(c.messages);
        if (desc) {
            java.util.Collections.reverse(ordered);
        }
        List<Msg> matching = ordered.stream()
                .filter(m -> cursor == null || (desc ? m.seq < Long.parseLong(cursor) : m.seq > Long.parseLong(cursor)))
                .filter(m -> since == null || !m.sentAt.isBefore(since))
                .filter(m -> until == null || m.sentAt.isBefore(until))
                .toList();
        ObjectNode out = mapper.createObjectNode();
        ArrayNode items = out.putArray("items");
        matching.stream().limit(limit).forEach(m -> items.add(message(c, m)));
        if (matching.size() > limit) {
            out.put("next", String.valueOf(matching.get(limit - 1).seq));
        } else {
            out.putNull("next");
        }
        return Reply.json(200, out);
    }

    private ObjectNode message(Conv c, Msg m) {
        ObjectNode o = mapper.createObjectNode();
        o.put("id", "m" + m.seq);
        o.put("conversation", c.id);
        o.put("direction", m.inbound ? "in" : "out");
        o.put("author", m.authorId);
        o.put("text", m.text);
        o.put("sent_at", m.sentAt.toString());
        o.put("read", m.read ? 1 : 0);
        o.put("channel", "loopback");
        return o;
    }

    private Reply oneMessage(String id, String messageId) {
        Conv c = conversations.get(id);
        Msg m = c == null ? null : find(c, messageId);
        if (m == null) {
            return error(404, "not_found", "Message " + messageId + " does not exist.");
        }
        return Reply.json(200, message(c, m));
    }

    private static Msg find(Conv c, String messageId) {
        return c.messages.stream().filter(m -> ("m" + m.seq).equals(messageId)).findFirst().orElse(null);
    }

    private Reply send(String id, String text) {
        Conv c = conversations.get(id);
        if (c == null) {
            return error(404, "not_found", "Conversation " + id + " does not exist.");
        }
        if (text == null || text.isBlank()) {
            return error(400, "invalid", "text is required.");
        }
        if (c.blocked) {
            return error(409, "blocked", "Conversation " + id + " is blocked.");
        }
        Msg m = new Msg(++seq, false, "me", text, clock.instant());
        c.messages.add(m);
        ObjectNode out = mapper.createObjectNode();
        out.put("id", "m" + m.seq);
        out.put("sent_at", m.sentAt.toString());
        return Reply.json(201, out);
    }

    private Reply setStatus(String id, String status) {
        Conv c = conversations.get(id);
        if (c == null) {
            return error(404, "not_found", "Conversation " + id + " does not exist.");
        }
        if (!List.of("NEW", "OPEN", "WAITING", "PAUSED", "CLOSED").contains(status)) {
            return error(400, "invalid", "Unknown status " + status + ".");
        }
        c.status = status;
        return Reply.json(200, mapper.createObjectNode().put("ok", true));
    }

    private Reply delete(String id) {
        if (conversations.remove(id) == null) {
            return error(404, "not_found", "Conversation " + id + " does not exist.");
        }
        return new Reply(204, Map.of(), new byte[0]);
    }

    private Reply markRead(JsonNode refs) {
        for (JsonNode r : refs) {
            Conv c = conversations.get(r.path("conversation").asText());
            Msg m = c == null ? null : find(c, r.path("id").asText());
            if (m == null) {
                return error(404, "not_found", "Message " + r.path("id").asText() + " does not exist.");
            }
        }
        refs.forEach(r -> find(conversations.get(r.path("conversation").asText()), r.path("id").asText()).read = true);
        return Reply.json(200, mapper.createObjectNode().put("ok", true));
    }

    private Reply markAllRead(JsonNode ids) {
        List<Conv> which = new ArrayList<>();
        if (ids.isEmpty()) {
            which.addAll(conversations.values());
        } else {
            for (JsonNode id : ids) {
                Conv c = conversations.get(id.asText());
                if (c == null) {
                    return error(404, "not_found", "Conversation " + id.asText() + " does not exist.");
                }
                which.add(c);
            }
        }
        which.forEach(c -> c.messages.forEach(m -> m.read = true));
        return Reply.json(200, mapper.createObjectNode().put("ok", true));
    }

    private Reply unread() {
        ObjectNode out = mapper.createObjectNode();
        ObjectNode counts = out.putObject("counts");
        conversations.values().forEach(c -> {
            long n = c.messages.stream().filter(m -> !m.read).count();
            if (n > 0) {
                counts.put(c.id, String.valueOf(n)); // numbers as strings, like real providers do
            }
        });
        return Reply.json(200, out);
    }

    private Reply lastActivity(JsonNode ids) {
        ObjectNode out = mapper.createObjectNode();
        ObjectNode last = out.putObject("last_activity");
        for (JsonNode id : ids) {
            Conv c = conversations.get(id.asText());
            if (c != null && !c.messages.isEmpty()) {
                last.put(c.id, c.messages.get(c.messages.size() - 1).sentAt.toString());
            }
        }
        return Reply.json(200, out);
    }

    private Reply broadcast(JsonNode ids, String text) {
        if (text == null || text.isBlank()) {
            return error(400, "invalid", "text is required.");
        }
        ObjectNode out = mapper.createObjectNode();
        ArrayNode results = out.putArray("results");
        for (JsonNode id : ids) {
            ObjectNode r = results.addObject();
            r.put("conversation", id.asText());
            Conv c = conversations.get(id.asText());
            if (c == null) {
                r.putObject("error").put("code", "not_found").put("message", "No conversation " + id.asText() + ".");
            } else if (c.blocked) {
                r.putObject("error").put("code", "blocked").put("message", "Conversation " + c.id + " is blocked.");
            } else {
                Msg m = new Msg(++seq, false, "me", text, clock.instant());
                c.messages.add(m);
                r.put("id", "m" + m.seq);
            }
        }
        return Reply.json(200, out);
    }

    private Reply error(int status, String code, String message) {
        ObjectNode out = mapper.createObjectNode();
        out.putObject("error").put("code", code).put("message", message);
        return Reply.json(status, out);
    }

    private static String param(Map<String, List<String>> query, String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static int intParam(Map<String, List<String>> query, String name, int fallback) {
        String v = param(query, name);
        return v == null ? fallback : Integer.parseInt(v);
    }

    private static long longParam(Map<String, List<String>> query, String name, long fallback) {
        String v = param(query, name);
        return v == null ? fallback : Long.parseLong(v);
    }
}
