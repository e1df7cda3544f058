package io.chatgateway.testkit.smsbat;

import static io.chatgateway.testkit.smsbat.SmsbatSimulator.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatgateway.testkit.RecordedRequest;
import io.chatgateway.testkit.SimulatorServer.Response;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ChatHub's REST API (tokens, organizations, operators, chats, messages) over the simulated state; the caller locks. */
final class SmsbatApi {

    private static final DateTimeFormatter WIRE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern CHAT_DELETE = Pattern.compile("/api/chat/chats/(\\d+)");
    private static final Pattern CHATS_MESSAGES = Pattern.compile("/api/chat/chats/([^/]+)/messages");
    private static final Pattern CHAT_MESSAGES = Pattern.compile("/api/chat/([^/]+)/messages");
    private static final Pattern CHAT_SEND = Pattern.compile("/api/chat/([^/]+)/message");

    private final ObjectMapper mapper = new ObjectMapper();
    private final SmsbatState state;
    private final Clock clock;

    SmsbatApi(SmsbatState state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    Response handle(RecordedRequest r) {
        String path = r.path();
        String method = r.method();
        try {
            if (method.equals("POST") && path.equals("/api/company/get-token")) {
                return companyToken(r);
            }
            if (method.equals("POST") && path.equals("/api/operator/get-token")) {
                return withToken(r, true, t -> operatorToken(r));
            }
            if (method.equals("POST") && path.equals("/api/operator/validate-token")) {
                return withToken(r, true, t -> validateToken(r));
            }
            if (method.equals("GET") && path.equals("/api/company/organization")) {
                return withToken(r, true, t -> organizations());
            }
            if (method.equals("GET") && path.equals("/api/operator")) {
                return withToken(r, true, t -> operatorsOf(r));
            }
            if (method.equals("GET") && path.equals("/api/chat/chats")) {
                return withToken(r, false, t -> listChats(r));
            }
            if (method.equals("PUT") && path.equals("/api/chat/status")) {
                return withToken(r, false, t -> changeStatus(r));
            }
            if (method.equals("PUT") && path.equals("/api/chat/messages/status")) {
                return withToken(r, false, t -> messageStatus(r));
            }
            Matcher m;
            if (method.equals("DELETE") && (m = CHAT_DELETE.matcher(path)).matches()) {
                long id = Long.parseLong(m.group(1));
                return withToken(r, false, t -> deleteChat(id));
            }
            if (method.equals("GET") && (m = CHATS_MESSAGES.matcher(path)).matches() && state.chatsMessagesPath) {
                String id = m.group(1);
                return withToken(r, false, t -> listMessages(id));
            }
            if (method.equals("GET") && (m = CHAT_MESSAGES.matcher(path)).matches() && !path.startsWith("/api/chat/chats/")
                    && state.chatMessagesPath) {
                String id = m.group(1);
                return withToken(r, false, t -> listMessages(id));
            }
            if (method.equals("POST") && (m = CHAT_SEND.matcher(path)).matches()) {
                String id = m.group(1);
                return withToken(r, false, t -> send(id, r, t));
            }
            return Response.empty(404);
        } catch (SmsbatAnswers.BadRequest e) {
            return SmsbatAnswers.problem(400, "One or more validation errors occurred.", e.field, e.getMessage());
        }
    }

    private interface Handler {
        Response handle(SmsbatState.Token token);
    }

    private Response withToken(RecordedRequest r, boolean companyOnly, Handler h) {
        String value = r.header("Authorization").map(v -> v.regionMatches(true, 0, "Bearer ", 0, 7) ? v.substring(7).trim() : "")
                .orElse(r.header("X-Authorization-Key").orElse(""));
        if (value.isEmpty()) {
            return Response.text(401, "Unauthorized: no token was sent.");
        }
        SmsbatState.Token t = state.tokens.get(value);
        if (t == null) {
            return Response.text(401, "Unauthorized: the token is not valid.");
        }
        if (t.expiresAt() != null && !clock.instant().isBefore(t.expiresAt())) {
            return new Response(401, Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"The token expired\""),
                    new byte[0]);
        }
        if (companyOnly && !t.kind().equals("company")) {
            return SmsbatAnswers.problem(403, "Forbidden", null, "This call needs a company token.");
        }
        if (!companyOnly && state.requireOperatorToken && !t.kind().equals("operator")) {
            return SmsbatAnswers.problem(403, "Forbidden", null, "SmsbatState.Chat calls need an operator token.");
        }
        return h.handle(t);
    }

    private Response companyToken(RecordedRequest r) {
        JsonNode body = body(r);
        if (!body.isObject() || !body.path("login").isTextual() || !body.path("password").isTextual()) {
            throw new SmsbatAnswers.BadRequest("login", "The login and password fields are required.");
        }
        if (!body.get("login").textValue().equals(state.login) || !body.get("password").textValue().equals(state.password)) {
            return Response.json(401, "{\"message\":\"Invalid login or password.\"}");
        }
        Instant expiry = state.companyTokenLifetime == null ? null : clock.instant().plus(state.companyTokenLifetime);
        String token = state.issue("company", null, expiry);
        return switch (state.tokenAnswer) {
            case BARE_STRING -> Response.json(200, SmsbatAnswers.quote(token));
            case OBJECT -> Response.json(200, "{\"token\":" + SmsbatAnswers.quote(token) + "}");
            case OBJECT_WITH_EXPIRATION -> Response.json(200, "{\"token\":" + SmsbatAnswers.quote(token) + ",\"expiration\":"
                    + (expiry == null ? "null" : SmsbatAnswers.quote(expiry.truncatedTo(ChronoUnit.SECONDS).toString())) + "}");
            case PLAIN_TEXT -> Response.text(200, token);
        };
    }

    private Response operatorToken(RecordedRequest r) {
        JsonNode body = body(r);
        if (!body.isObject() || !body.path("id").canConvertToLong()) {
            throw new SmsbatAnswers.BadRequest("id", "The operator id is required.");
        }
        SmsbatState.Operator op = state.operators.get(body.get("id").asLong());
        if (op == null) {
            return SmsbatAnswers.problem(404, "Not Found", null, "SmsbatState.Operator " + body.get("id").asLong() + " was not found.");
        }
        if (op.status() != 0) {
            throw new SmsbatAnswers.BadRequest("id", "SmsbatState.Operator " + op.id() + " is not active.");
        }
        Instant now = clock.instant();
        Instant expiresAt;
        try {
            expiresAt = OffsetDateTime.parse(body.path("expiresAt").asText("")).toInstant();
        } catch (DateTimeParseException e) {
            throw new SmsbatAnswers.BadRequest("expiresAt", "expiresAt must be an ISO-8601 date-time.");
        }
        if (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(Duration.ofHours(24)).plusSeconds(60))) {
            throw new SmsbatAnswers.BadRequest("expiresAt", "expiresAt must be in the future and at most 24 hours ahead.");
        }
        return Response.json(200, SmsbatAnswers.quote(state.issue("operator", op.id(), expiresAt)));
    }

    private Response validateToken(RecordedRequest r) {
        String token = body(r).path("token").asText("");
        SmsbatState.Token t = state.tokens.get(token);
        if (t == null || t.expiresAt() != null && !clock.instant().isBefore(t.expiresAt())) {
            return Response.json(200, "{\"isValid\":false,\"error\":\"Invalid token\"}");
        }
        ObjectNode o = mapper.createObjectNode().put("isValid", true);
        o.put("operatorId", t.operatorId() == null ? 0 : t.operatorId());
        o.put("clientId", 0);
        o.put("expiresAt", t.expiresAt() == null ? null : t.expiresAt().toString());
        o.putNull("error");
        return SmsbatAnswers.json(200, o);
    }

    private Response organizations() {
        ArrayNode a = mapper.createArrayNode();
        state.organizations.forEach((id, name) -> a.addObject().put("id", id).put("name", name));
        return SmsbatAnswers.json(200, a);
    }

    private Response operatorsOf(RecordedRequest r) {
        Long org = longParam(r, "organizationId");
        ArrayNode a = mapper.createArrayNode();
        for (SmsbatState.Operator op : state.operators.values()) {
            if (org == null || op.organizationId() == org) {
                ObjectNode o = a.addObject().put("id", op.id()).put("name", op.name()).put("status", op.status());
                o.putObject("organization").put("id", op.organizationId()).put("name", state.organizations.get(op.organizationId()));
            }
        }
        return SmsbatAnswers.json(200, a);
    }

    private Response listChats(RecordedRequest r) {
        Long page = longParam(r, "page");
        Long perPage = longParam(r, "per_page");
        int p = page == null ? 1 : (int) Math.max(1, page);
        int size = perPage == null ? 20 : (int) Math.max(1, Math.min(1000, perPage));
        String search = r.queryParam("search").map(s -> s.toLowerCase(Locale.ROOT)).orElse(null);
        Long source = longParam(r, "source");
        Long tgUser = longParam(r, "tg_user_id");
        String phone = r.queryParam("phone").map(SmsbatApi::digits).orElse(null);
        Long status = longParam(r, "status");
        Long org = longParam(r, "organizationId");
        Long operator = longParam(r, "operatorId");
        List<String> dates = r.query().getOrDefault("date", List.of());
        LocalDate from = dates.isEmpty() ? null : day(dates.get(0));
        LocalDate to = dates.size() < 2 ? from : day(dates.get(1));
        List<SmsbatState.Chat> matching = state.chats.values().stream()
                .filter(c -> search == null || contains(c.theme, search) || contains(c.clientName, search) || contains(c.phone, search))
                .filter(c -> source == null || c.source == source)
                .filter(c -> tgUser == null || tgUser.equals(c.tgUserId))
                .filter(c -> phone == null || phone.equals(digits(c.phone)))
                .filter(c -> status == null || c.status == status)
                .filter(c -> org == null || c.organizationId == org)
                .filter(c -> operator == null || operator.equals(c.operatorId))
                .filter(c -> {
                    if (from == null) {
                        return true;
                    }
                    LocalDate d = LocalDate.ofInstant(c.lastActivity(), ZoneOffset.UTC);
                    return !d.isBefore(from) && !d.isAfter(to);
                })
                .sorted(Comparator.comparing(SmsbatState.Chat::lastActivity).thenComparingLong(c -> c.id).reversed())
                .toList();
        ObjectNode out = mapper.createObjectNode().put("total", matching.size());
        ArrayNode items = out.putArray("items");
        for (int i = (p - 1) * size; i < Math.min(matching.size(), (long) p * size); i++) {
            SmsbatState.Chat c = matching.get(i);
            ObjectNode o = items.addObject().put("id", c.id).put("theme", c.theme);
            SmsbatState.Operator op = c.operatorId == null ? null : state.operators.get(c.operatorId);
            if (op == null) {
                o.putNull("operator");
            } else {
                ObjectNode on = o.putObject("operator").put("id", op.id()).put("name", op.name());
                on.put("photo", op.photo());
            }
            o.put("chatStatus", c.status).put("countUnread", SmsbatState.countUnread(c));
            o.put("source", c.source).put("phone", c.phone).put("clientName", c.clientName);
        }
        return SmsbatAnswers.json(200, out);
    }

    private Response changeStatus(RecordedRequest r) {
        JsonNode body = body(r);
        if (!body.path("id").canConvertToLong()) {
            throw new SmsbatAnswers.BadRequest("id", "The id field is required.");
        }
        if (!body.path("status").isInt() || body.get("status").intValue() < 0 || body.get("status").intValue() > 4) {
            throw new SmsbatAnswers.BadRequest("status", "The status must be 0 (New) to 4 (Closed).");
        }
        SmsbatState.Chat c = state.chats.get(body.get("id").asLong());
        if (c == null) {
            return SmsbatAnswers.notFound(body.get("id").asLong());
        }
        c.status = body.get("status").intValue();
        return Response.empty(200);
    }

    private Response deleteChat(long id) {
        if (state.chats.remove(id) == null) {
            return SmsbatAnswers.notFound(id);
        }
        return state.deleteAnswersOk ? Response.text(200, "OK") : Response.empty(200);
    }

    private Response listMessages(String rawId) {
        SmsbatState.Chat c = rawId.matches("\\d{1,18}") ? state.chats.get(Long.parseLong(rawId)) : null;
        if (c == null) {
            return rawId.matches("\\d{1,18}") ? SmsbatAnswers.notFound(Long.parseLong(rawId))
                    : SmsbatAnswers.problem(400, "One or more validation errors occurred.", "chatId", "The value '" + rawId + "' is not valid.");
        }
        ArrayNode a = mapper.createArrayNode();
        c.messages.forEach(m -> a.add(messageJson(c, m)));
        return SmsbatAnswers.json(200, a);
    }

    private ObjectNode messageJson(SmsbatState.Chat c, SmsbatState.Msg m) {
        ObjectNode o = mapper.createObjectNode().put("id", m.id).put("chatId", m.chatId).put("message", m.text)
                .put("phone", c.phone).put("author", m.author).put("status", m.status).put("date", WIRE_TIME.format(m.date));
        SmsbatState.Operator op = m.operatorId == null ? null : state.operators.get(m.operatorId);
        if (op == null) {
            o.putNull("operator");
        } else {
            o.putObject("operator").put("id", op.id()).put("name", op.name());
        }
        o.put("messageType", m.messageType);
        if (m.media != null) {
            o.set("media", m.media.deepCopy());
        }
        return o;
    }

    private Response send(String rawId, RecordedRequest r, SmsbatState.Token token) {
        SmsbatState.Chat c = rawId.matches("\\d{1,18}") ? state.chats.get(Long.parseLong(rawId)) : null;
        if (c == null) {
            return rawId.matches("\\d{1,18}") ? SmsbatAnswers.notFound(Long.parseLong(rawId)) : Response.empty(404);
        }
        JsonNode body = body(r);
        JsonNode text = body.get("textMessage");
        if (text != null && !text.isTextual() && !text.isNull()) {
            throw new SmsbatAnswers.BadRequest("textMessage", "textMessage must be a string.");
        }
        String t = text == null || text.isNull() ? "" : text.textValue();
        JsonNode media = body.get("media");
        if (t.isBlank() && (media == null || media.isNull())) {
            throw new SmsbatAnswers.BadRequest("textMessage", "The textMessage field is required.");
        }
        if (t.codePointCount(0, t.length()) > MAX_TEXT) {
            throw new SmsbatAnswers.BadRequest("textMessage", "The text is longer than " + MAX_TEXT + " characters.");
        }
        int author = body.path("author").asInt(0);
        if (author < 0 || author > 3) {
            throw new SmsbatAnswers.BadRequest("author", "author must be 0 to 3.");
        }
        int type = 0;
        ObjectNode storedMedia = null;
        if (media != null && !media.isNull()) {
            if (!media.isObject() || !media.path("name").isTextual() || !media.path("dataBase64").isTextual()) {
                throw new SmsbatAnswers.BadRequest("media", "media needs name, format, dataBase64 and type.");
            }
            try {
                Base64.getDecoder().decode(media.get("dataBase64").textValue());
            } catch (IllegalArgumentException e) {
                throw new SmsbatAnswers.BadRequest("media.dataBase64", "dataBase64 is not base64.");
            }
            type = media.path("type").asInt(2);
            storedMedia = ((ObjectNode) media).deepCopy();
        }
        Long operatorId = token.operatorId() != null ? token.operatorId() : c.operatorId;
        SmsbatState.Msg m = new SmsbatState.Msg(state.nextMessageId++, c.id, t, author, 1, clock.instant(), author == AUTHOR_OPERATOR ? operatorId : null,
                type, storedMedia);
        c.messages.add(m);
        return switch (state.sendAnswer) {
            case MESSAGE -> SmsbatAnswers.json(200, messageJson(c, m));
            case ID -> Response.json(200, Long.toString(m.id));
            case ID_OBJECT -> Response.json(200, "{\"id\":" + m.id + "}");
            case EMPTY -> Response.empty(200);
            case OK_TEXT -> Response.text(200, "OK");
        };
    }

    private Response messageStatus(RecordedRequest r) {
        JsonNode body = body(r);
        List<long[]> updates = new ArrayList<>(); // {id, status}
        if (body.isArray()) {
            for (JsonNode e : body) {
                updates.add(new long[] {e.path("id").asLong(-1), e.path("status").asInt(-1)});
            }
        } else if (body.isObject()) {
            int status = body.path("status").asInt(-1);
            JsonNode ids = body.has("ids") ? body.get("ids") : body.has("messageIds") ? body.get("messageIds") : null;
            if (ids != null && ids.isArray()) {
                ids.forEach(id -> updates.add(new long[] {id.asLong(-1), status}));
            } else if (body.has("id")) {
                updates.add(new long[] {body.get("id").asLong(-1), status});
            }
        }
        if (updates.isEmpty()) {
            throw new SmsbatAnswers.BadRequest("ids", "The ids field is required.");
        }
        for (long[] u : updates) {
            if (u[1] < 0 || u[1] > 10) {
                throw new SmsbatAnswers.BadRequest("status", "The status is not valid.");
            }
            if (state.findMessage(u[0]) == null) {
                return SmsbatAnswers.problem(404, "Not Found", null, "Message " + u[0] + " was not found.");
            }
        }
        for (long[] u : updates) {
            state.findMessage(u[0]).status = (int) u[1];
        }
        return Response.empty(200);
    }

    private JsonNode body(RecordedRequest r) {
        if (r.body().length == 0) {
            throw new SmsbatAnswers.BadRequest("", "A non-empty request body is required.");
        }
        try {
            return mapper.readTree(r.body());
        } catch (IOException e) {
            throw new SmsbatAnswers.BadRequest("", "The request body is not valid JSON.");
        }
    }

    private static Long longParam(RecordedRequest r, String name) {
        String v = r.queryParam(name).orElse(null);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new SmsbatAnswers.BadRequest(name, "The value '" + v + "' is not valid for " + name + ".");
        }
    }

    private static LocalDate day(String v) {
        try {
            return LocalDate.parse(v.length() >= 10 ? v.substring(0, 10) : v);
        } catch (DateTimeParseException e) {
            throw new SmsbatAnswers.BadRequest("date", "The value '" + v + "' is not a valid date.");
        }
    }

    private static boolean contains(String haystack, String needle) {
        return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(needle);
    }

    private static String digits(String phone) {
        return phone == null ? null : phone.replaceAll("\\D", "");
    }
}
