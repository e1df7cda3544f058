package io.chatgateway.testkit.smsbat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatgateway.DeliveryStatus;
import io.chatgateway.testkit.ProviderSimulator;
import io.chatgateway.testkit.RecordedRequest;
import io.chatgateway.testkit.SimulatorServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A stateful in-memory fake of SMSBAT ChatHub ({@code chatapi.smsbat.com}) on a real HTTP server.
 *
 * <p>Implements the documented REST surface: company and operator tokens ({@code /api/company/get-token},
 * {@code /api/operator/get-token}, {@code /api/operator/validate-token}), organizations and operators,
 * the chat list with every documented filter and {@code total}-based paging, chat status changes,
 * deletes, both message-list paths ({@code /api/chat/chats/{id}/messages} and {@code /api/chat/{id}/messages};
 * either can be switched off), sends with optional base64 media, and message status updates (read
 * marking). Tokens are JWT-shaped with an {@code exp} claim; an expired or unknown token gets HTTP 401.
 * Where the real API is undocumented the simulator picks one plausible behaviour and lets tests switch
 * to others ({@link TokenAnswer}, {@link SendAnswer}). Error bodies vary on purpose like an ASP.NET
 * service: ProblemDetails JSON for 400/404 of known routes, an empty 404 for unknown routes, plain text
 * for a 401 without a token, an empty 401 for an expired token. Fault injection is inherited.
 *
 * <p>Thread-safe: requests are handled one at a time.
 */
public final class SmsbatSimulator extends SimulatorServer implements ProviderSimulator {

    /** Demo company login. */
    public static final String DEMO_LOGIN = "demo";
    /** Demo company password. */
    public static final String DEMO_PASSWORD = "demo-password";
    /** Demo operator (John Smith, Customer Support). */
    public static final long DEMO_OPERATOR_ID = 101;
    /** Longest text the simulator accepts. */
    public static final int MAX_TEXT = 4096;

    /** Chat sources the docs number. */
    public static final int SOURCE_VIBER_BOT = 1;
    /** Telegram. */
    public static final int SOURCE_TELEGRAM = 2;

    /** Message authors. */
    public static final int AUTHOR_OPERATOR = 0;
    /** The client. */
    public static final int AUTHOR_CLIENT = 1;
    /** The system bot. */
    public static final int AUTHOR_BOT = 2;
    /** Viber business account. */
    public static final int AUTHOR_VIBER_BUSINESS = 3;

    /** How {@code /api/company/get-token} answers (the docs contradict each other). */
    public enum TokenAnswer {
        /** A bare JSON string (help center authentication page; default). */
        BARE_STRING,
        /** {@code {"token":"…"}} (website sample). */
        OBJECT,
        /** {@code {"token":"…","expiration":"…"}} (help center index page). */
        OBJECT_WITH_EXPIRATION,
        /** The JWT as {@code text/plain}. */
        PLAIN_TEXT
    }

    /** How {@code POST /api/chat/{id}/message} answers (undocumented). */
    public enum SendAnswer {
        /** The created message object (default). */
        MESSAGE,
        /** The new message id as a bare JSON number. */
        ID,
        /** {@code {"id":…}}. */
        ID_OBJECT,
        /** HTTP 200 with an empty body. */
        EMPTY,
        /** HTTP 200 with the plain text {@code OK}. */
        OK_TEXT
    }

    private static final DateTimeFormatter WIRE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern CHAT_DELETE = Pattern.compile("/api/chat/chats/(\\d+)");
    private static final Pattern CHATS_MESSAGES = Pattern.compile("/api/chat/chats/([^/]+)/messages");
    private static final Pattern CHAT_MESSAGES = Pattern.compile("/api/chat/([^/]+)/messages");
    private static final Pattern CHAT_SEND = Pattern.compile("/api/chat/([^/]+)/message");

    private record Operator(long id, String name, String photo, int status, long organizationId) { }

    private record Token(String kind, Long operatorId, Instant expiresAt) { }

    private static final class Chat {
        final long id;
        String theme;
        String clientName;
        String phone;
        int source;
        Long tgUserId;
        long organizationId;
        Long operatorId;
        int status;
        final Instant createdAt;
        final List<Msg> messages = new ArrayList<>();

        Chat(long id, Instant createdAt) {
            this.id = id;
            this.createdAt = createdAt;
        }

        Instant lastActivity() {
            return messages.isEmpty() ? createdAt : messages.get(messages.size() - 1).date;
        }
    }

    private static final class Msg {
        final long id;
        final long chatId;
        final String text;
        final int author;
        int status;
        final Instant date;
        final Long operatorId;
        final int messageType;
        final ObjectNode media;

        Msg(long id, long chatId, String text, int author, int status, Instant date, Long operatorId, int messageType,
            ObjectNode media) {
            this.id = id;
            this.chatId = chatId;
            this.text = text;
            this.author = author;
            this.status = status;
            this.date = date;
            this.operatorId = operatorId;
            this.messageType = messageType;
            this.media = media;
        }
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final Clock clock;
    private long demoChat = -1;
    private final Map<Long, Chat> chats = new LinkedHashMap<>();
    private final Map<Long, Operator> operators = new LinkedHashMap<>();
    private final Map<Long, String> organizations = new LinkedHashMap<>();
    private final Map<String, Token> tokens = new LinkedHashMap<>();
    private final Map<String, Integer> tokensIssued = new LinkedHashMap<>();
    private long nextChatId = 1001;
    private long nextMessageId = 50_001;
    private long nextToken = 1;
    private boolean seeded;

    private String login = DEMO_LOGIN;
    private String password = DEMO_PASSWORD;
    private TokenAnswer tokenAnswer = TokenAnswer.BARE_STRING;
    private SendAnswer sendAnswer = SendAnswer.MESSAGE;
    private boolean chatsMessagesPath = true;
    private boolean chatMessagesPath = true;
    private Duration companyTokenLifetime;
    private boolean requireOperatorToken;
    private boolean deleteAnswersOk = true;

    /** @param port the port, 0 for a free one */
    public SmsbatSimulator(int port) {
        this(port, Clock.systemUTC());
    }

    /**
     * @param port  the port, 0 for a free one
     * @param clock the simulator's notion of now (message dates, token expiry); share a test's fake clock
     */
    public SmsbatSimulator(int port, Clock clock) {
        super(port);
        this.clock = clock;
        organizations.put(6L, "Customer Support");
        organizations.put(24L, "Sales Team");
        organizations.put(42L, "Technical Support");
        operators.put(101L, new Operator(101, "John Smith", "https://example.invalid/john.png", 0, 6));
        operators.put(102L, new Operator(102, "Sarah Johnson", null, 0, 6));
        operators.put(103L, new Operator(103, "Mike Wilson", null, 1, 24));
    }

    /**
     * Runs the simulator standalone with demo data until the process is stopped.
     *
     * @param args {@code [--port N]} (default 0: a free port)
     * @throws InterruptedException when interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        int port = 0;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) {
                port = Integer.parseInt(args[++i]);
            }
        }
        SmsbatSimulator sim = new SmsbatSimulator(port);
        sim.seedDemoData();
        System.out.println("SMSBAT ChatHub simulator listening on " + sim.baseUri());
        sim.accountProperties("support").forEach((k, v) -> System.out.println(k + "=" + v));
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stop.countDown();
        }));
        stop.await();
    }

    // ================================================================== ProviderSimulator

    @Override
    public String providerId() {
        return "smsbat";
    }

    @Override
    public URI baseUri() {
        return super.baseUri();
    }

    @Override
    public Map<String, String> accountProperties(String account) {
        String p = "chatgateway.account." + account + ".";
        Map<String, String> m = new LinkedHashMap<>();
        m.put(p + "provider", "smsbat");
        m.put(p + "base-url", baseUri().toString());
        m.put(p + "login", login);
        m.put(p + "password", password);
        m.put(p + "operator-id", Long.toString(DEMO_OPERATOR_ID));
        return m;
    }

    @Override
    public synchronized void seedDemoData() {
        if (seeded) {
            return;
        }
        seeded = true;
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        long olena = createChat("Delivery question", "Olena Kovalenko", "380936670003", SOURCE_VIBER_BOT);
        demoChat = olena;
        addMessage(olena, AUTHOR_BOT, "Welcome to Acme support! An operator will answer shortly.", now.minusSeconds(1500));
        addMessage(olena, AUTHOR_CLIENT, "Hi! Where is my order #48213?", now.minusSeconds(1490));
        addMessage(olena, AUTHOR_CLIENT, "It was due yesterday.", now.minusSeconds(1200));
        long taras = createChat("Refund", "Taras Melnyk", "380671234567", SOURCE_TELEGRAM);
        chats.get(taras).tgUserId = 781_234_567L;
        assign(taras, DEMO_OPERATOR_ID);
        setChatStatus(taras, 1);
        addMessage(taras, AUTHOR_CLIENT, "I'd like to return the headphones.", now.minusSeconds(7200));
        addMessage(taras, AUTHOR_OPERATOR, "Sure, I've opened a return for you.", now.minusSeconds(6900));
        addMessage(taras, AUTHOR_CLIENT, "Thanks, what's next?", now.minusSeconds(600));
        long iryna = createChat("Opening hours", "Iryna Bondar", "380501112233", SOURCE_VIBER_BOT);
        addMessage(iryna, AUTHOR_VIBER_BUSINESS, "Our shop is open 9:00-20:00 every day.", now.minusSeconds(86_400));
        addMessage(iryna, AUTHOR_CLIENT, "Great, thank you!", now.minusSeconds(86_100));
        setChatStatus(iryna, 4);
    }

    @Override
    public String addInbound(String conversationId, String text) {
        return String.valueOf(addMessage(id("chat", conversationId), AUTHOR_CLIENT, text));
    }

    /**
     * {@inheritDoc} ChatHub message statuses: 0 New (PENDING), 1 Success (SENT), 2 Failed (FAILED), 3 Read
     * (READ); it has no DELIVERED.
     */
    @Override
    public synchronized DeliveryStatus deliver(String conversationId, String messageId, @Nullable DeliveryStatus status) {
        Chat c = require(id("chat", conversationId));
        long mid = id("message", messageId);
        Msg m = c.messages.stream().filter(x -> x.id == mid).findFirst().orElseThrow(
                () -> new IllegalArgumentException("No message " + messageId + " in chat " + conversationId));
        if (m.author == AUTHOR_CLIENT) {
            throw new IllegalArgumentException("Message " + messageId + " is the client's; only outbound messages are delivered");
        }
        if (status == null) {
            m.status = switch (m.status) {
                case 0 -> 1;
                case 1 -> 3;
                default -> m.status;
            };
        } else {
            m.status = switch (status) {
                case PENDING -> 0;
                case SENT -> 1;
                case FAILED -> 2;
                case READ -> 3;
                default -> throw new IllegalArgumentException(
                        "SMSBAT reports PENDING, SENT, FAILED and READ message statuses only, not " + status);
            };
        }
        return switch (m.status) {
            case 0 -> DeliveryStatus.PENDING;
            case 1 -> DeliveryStatus.SENT;
            case 2 -> DeliveryStatus.FAILED;
            case 3 -> DeliveryStatus.READ;
            default -> DeliveryStatus.UNKNOWN;
        };
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
        if (demoChat < 0) {
            throw new IllegalStateException("seedDemoData() first");
        }
        return String.valueOf(demoChat);
    }

    @Override
    public SimulatorServer server() {
        return this;
    }

    // ================================================================== state hooks for tests

    /**
     * @param theme      chat theme
     * @param clientName client's name
     * @param phone      client's phone (digits)
     * @param source     1 Viber Bot, 2 Telegram
     * @return the new chat's id (status New, unassigned, organization 6)
     */
    public synchronized long createChat(String theme, String clientName, String phone, int source) {
        Chat c = new Chat(nextChatId++, clock.instant());
        c.theme = theme;
        c.clientName = clientName;
        c.phone = phone;
        c.source = source;
        c.organizationId = 6;
        chats.put(c.id, c);
        return c.id;
    }

    /**
     * Adds a message as if it had arrived; client messages start as New (0, unread), others as Success (1).
     *
     * @param chatId the chat
     * @param author 0 operator, 1 client, 2 bot, 3 Viber business account
     * @param text   the text
     * @return the message id
     */
    public synchronized long addMessage(long chatId, int author, String text) {
        return addMessage(chatId, author, text, clock.instant());
    }

    /**
     * Adds a message sent at a given time, as {@link #addMessage(long, int, String)} does at "now".
     *
     * @param chatId the chat
     * @param author 0 operator, 1 client, 2 bot, 3 Viber business account
     * @param text   the text
     * @param at     when it was sent
     * @return the message id
     */
    public synchronized long addMessage(long chatId, int author, String text, Instant at) {
        Chat c = require(chatId);
        Long operator = author == AUTHOR_OPERATOR ? (c.operatorId != null ? c.operatorId : DEMO_OPERATOR_ID) : null;
        Msg m = new Msg(nextMessageId++, chatId, text, author, author == AUTHOR_CLIENT ? 0 : 1, at, operator,
                0, null);
        c.messages.add(m);
        return m.id;
    }

    /**
     * Adds a client photo message with inline media.
     *
     * @param chatId the chat
     * @param name   file name
     * @param data   the bytes
     * @return the message id
     */
    public synchronized long addClientPhoto(long chatId, String name, byte[] data) {
        Chat c = require(chatId);
        ObjectNode media = mapper.createObjectNode().put("name", name).put("format", "image/jpeg")
                .put("dataBase64", Base64.getEncoder().encodeToString(data)).put("type", 1);
        Msg m = new Msg(nextMessageId++, chatId, "", AUTHOR_CLIENT, 0, clock.instant(), null, 1, media);
        c.messages.add(m);
        return m.id;
    }

    /**
     * @param chatId chat
     * @param operatorId operator to assign
     */
    public synchronized void assign(long chatId, @Nullable Long operatorId) {
        require(chatId).operatorId = operatorId;
    }

    /**
     * @param chatId chat
     * @param status 0–4 (other values are kept as they are, like unknown provider values)
     */
    public synchronized void setChatStatus(long chatId, int status) {
        require(chatId).status = status;
    }

    /**
     * @param chatId         chat
     * @param telegramUserId the Telegram user writing in it (filter {@code tg_user_id})
     */
    public synchronized void setTelegramUser(long chatId, long telegramUserId) {
        require(chatId).tgUserId = telegramUserId;
    }

    /**
     * @param chatId chat
     * @param organizationId organization
     */
    public synchronized void setOrganization(long chatId, long organizationId) {
        require(chatId).organizationId = organizationId;
    }

    /**
     * @param chatId chat
     * @return its status number
     */
    public synchronized int chatStatus(long chatId) {
        return require(chatId).status;
    }

    /**
     * @param chatId chat
     * @return whether it exists
     */
    public synchronized boolean hasChat(long chatId) {
        return chats.containsKey(chatId);
    }

    /**
     * @param chatId chat
     * @return unread client messages (status other than 3)
     */
    public synchronized long countUnread(long chatId) {
        return countUnread(require(chatId));
    }

    /**
     * @param messageId message
     * @return its status number, or -1 when unknown
     */
    public synchronized int messageStatus(long messageId) {
        Msg m = findMessage(messageId);
        return m == null ? -1 : m.status;
    }

    /**
     * @param chatId chat
     * @return texts of its messages, oldest first
     */
    public synchronized List<String> messageTexts(long chatId) {
        return require(chatId).messages.stream().map(m -> m.text).toList();
    }

    /**
     * @param value how get-token answers
     * @return this
     */
    public synchronized SmsbatSimulator tokenAnswer(TokenAnswer value) {
        this.tokenAnswer = value;
        return this;
    }

    /**
     * @param value how a send answers
     * @return this
     */
    public synchronized SmsbatSimulator sendAnswer(SendAnswer value) {
        this.sendAnswer = value;
        return this;
    }

    /**
     * @param chatsPath serve {@code /api/chat/chats/{id}/messages}
     * @param chatPath  serve {@code /api/chat/{id}/messages}
     * @return this
     */
    public synchronized SmsbatSimulator messagesPaths(boolean chatsPath, boolean chatPath) {
        this.chatsMessagesPath = chatsPath;
        this.chatMessagesPath = chatPath;
        return this;
    }

    /**
     * @param value lifetime of company tokens, {@code null} for none (default)
     * @return this
     */
    public synchronized SmsbatSimulator companyTokenLifetime(@Nullable Duration value) {
        this.companyTokenLifetime = value;
        return this;
    }

    /**
     * @param value answer 403 to chat calls made with a company token
     * @return this
     */
    public synchronized SmsbatSimulator requireOperatorToken(boolean value) {
        this.requireOperatorToken = value;
        return this;
    }

    /**
     * @param ok answer deletes with the text {@code OK} (default) or an empty body
     * @return this
     */
    public synchronized SmsbatSimulator deleteAnswersOk(boolean ok) {
        this.deleteAnswersOk = ok;
        return this;
    }

    /**
     * @param newLogin company login
     * @param newPassword company password
     * @return this
     */
    public synchronized SmsbatSimulator credentials(String newLogin, String newPassword) {
        this.login = newLogin;
        this.password = newPassword;
        return this;
    }

    /**
     * Issues a company token directly (for accounts configured with a static token).
     *
     * @return the token
     */
    public synchronized String issueCompanyToken() {
        return issue("company", null, companyTokenLifetime == null ? null : clock.instant().plus(companyTokenLifetime));
    }

    @Override
    public Map<String, String> loginAccountProperties(String account) {
        return accountProperties(account);
    }

    @Override
    public void expireCredentials() {
        expireAllTokens();
    }

    /** @return operator tokens issued: the demo account's chat credential (company tokens only mint them) */
    @Override
    public synchronized int authentications() {
        return tokensIssued("operator");
    }

    /** Makes every issued token expired: the next call with one gets 401. */
    public synchronized void expireAllTokens() {
        tokens.replaceAll((k, t) -> new Token(t.kind(), t.operatorId(), Instant.MIN));
    }

    /**
     * @param kind {@code company} or {@code operator}
     * @return how many such tokens were issued
     */
    public synchronized int tokensIssued(String kind) {
        return tokensIssued.getOrDefault(kind, 0);
    }

    // ================================================================== HTTP

    @Override
    protected synchronized Response handle(RecordedRequest r) {
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
            if (method.equals("GET") && (m = CHATS_MESSAGES.matcher(path)).matches() && chatsMessagesPath) {
                String id = m.group(1);
                return withToken(r, false, t -> listMessages(id));
            }
            if (method.equals("GET") && (m = CHAT_MESSAGES.matcher(path)).matches() && !path.startsWith("/api/chat/chats/")
                    && chatMessagesPath) {
                String id = m.group(1);
                return withToken(r, false, t -> listMessages(id));
            }
            if (method.equals("POST") && (m = CHAT_SEND.matcher(path)).matches()) {
                String id = m.group(1);
                return withToken(r, false, t -> send(id, r, t));
            }
            return Response.empty(404);
        } catch (BadRequest e) {
            return problem(400, "One or more validation errors occurred.", e.field, e.getMessage());
        }
    }

    private interface Handler {
        Response handle(Token token);
    }

    private Response withToken(RecordedRequest r, boolean companyOnly, Handler h) {
        String value = r.header("Authorization").map(v -> v.regionMatches(true, 0, "Bearer ", 0, 7) ? v.substring(7).trim() : "")
                .orElse(r.header("X-Authorization-Key").orElse(""));
        if (value.isEmpty()) {
            return Response.text(401, "Unauthorized: no token was sent.");
        }
        Token t = tokens.get(value);
        if (t == null) {
            return Response.text(401, "Unauthorized: the token is not valid.");
        }
        if (t.expiresAt() != null && !clock.instant().isBefore(t.expiresAt())) {
            return new Response(401, Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"The token expired\""),
                    new byte[0]);
        }
        if (companyOnly && !t.kind().equals("company")) {
            return problem(403, "Forbidden", null, "This call needs a company token.");
        }
        if (!companyOnly && requireOperatorToken && !t.kind().equals("operator")) {
            return problem(403, "Forbidden", null, "Chat calls need an operator token.");
        }
        return h.handle(t);
    }

    private Response companyToken(RecordedRequest r) {
        JsonNode body = body(r);
        if (!body.isObject() || !body.path("login").isTextual() || !body.path("password").isTextual()) {
            throw new BadRequest("login", "The login and password fields are required.");
        }
        if (!body.get("login").textValue().equals(login) || !body.get("password").textValue().equals(password)) {
            return Response.json(401, "{\"message\":\"Invalid login or password.\"}");
        }
        Instant expiry = companyTokenLifetime == null ? null : clock.instant().plus(companyTokenLifetime);
        String token = issue("company", null, expiry);
        return switch (tokenAnswer) {
            case BARE_STRING -> Response.json(200, quote(token));
            case OBJECT -> Response.json(200, "{\"token\":" + quote(token) + "}");
            case OBJECT_WITH_EXPIRATION -> Response.json(200, "{\"token\":" + quote(token) + ",\"expiration\":"
                    + (expiry == null ? "null" : quote(expiry.truncatedTo(ChronoUnit.SECONDS).toString())) + "}");
            case PLAIN_TEXT -> Response.text(200, token);
        };
    }

    private Response operatorToken(RecordedRequest r) {
        JsonNode body = body(r);
        if (!body.isObject() || !body.path("id").canConvertToLong()) {
            throw new BadRequest("id", "The operator id is required.");
        }
        Operator op = operators.get(body.get("id").asLong());
        if (op == null) {
            return problem(404, "Not Found", null, "Operator " + body.get("id").asLong() + " was not found.");
        }
        if (op.status() != 0) {
            throw new BadRequest("id", "Operator " + op.id() + " is not active.");
        }
        Instant now = clock.instant();
        Instant expiresAt;
        try {
            expiresAt = OffsetDateTime.parse(body.path("expiresAt").asText("")).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequest("expiresAt", "expiresAt must be an ISO-8601 date-time.");
        }
        if (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(Duration.ofHours(24)).plusSeconds(60))) {
            throw new BadRequest("expiresAt", "expiresAt must be in the future and at most 24 hours ahead.");
        }
        return Response.json(200, quote(issue("operator", op.id(), expiresAt)));
    }

    private Response validateToken(RecordedRequest r) {
        String token = body(r).path("token").asText("");
        Token t = tokens.get(token);
        if (t == null || t.expiresAt() != null && !clock.instant().isBefore(t.expiresAt())) {
            return Response.json(200, "{\"isValid\":false,\"error\":\"Invalid token\"}");
        }
        ObjectNode o = mapper.createObjectNode().put("isValid", true);
        o.put("operatorId", t.operatorId() == null ? 0 : t.operatorId());
        o.put("clientId", 0);
        o.put("expiresAt", t.expiresAt() == null ? null : t.expiresAt().toString());
        o.putNull("error");
        return json(200, o);
    }

    private Response organizations() {
        ArrayNode a = mapper.createArrayNode();
        organizations.forEach((id, name) -> a.addObject().put("id", id).put("name", name));
        return json(200, a);
    }

    private Response operatorsOf(RecordedRequest r) {
        Long org = longParam(r, "organizationId");
        ArrayNode a = mapper.createArrayNode();
        for (Operator op : operators.values()) {
            if (org == null || op.organizationId() == org) {
                ObjectNode o = a.addObject().put("id", op.id()).put("name", op.name()).put("status", op.status());
                o.putObject("organization").put("id", op.organizationId()).put("name", organizations.get(op.organizationId()));
            }
        }
        return json(200, a);
    }

    private Response listChats(RecordedRequest r) {
        Long page = longParam(r, "page");
        Long perPage = longParam(r, "per_page");
        int p = page == null ? 1 : (int) Math.max(1, page);
        int size = perPage == null ? 20 : (int) Math.max(1, Math.min(1000, perPage));
        String search = r.queryParam("search").map(s -> s.toLowerCase(Locale.ROOT)).orElse(null);
        Long source = longParam(r, "source");
        Long tgUser = longParam(r, "tg_user_id");
        String phone = r.queryParam("phone").map(SmsbatSimulator::digits).orElse(null);
        Long status = longParam(r, "status");
        Long org = longParam(r, "organizationId");
        Long operator = longParam(r, "operatorId");
        List<String> dates = r.query().getOrDefault("date", List.of());
        LocalDate from = dates.isEmpty() ? null : day(dates.get(0));
        LocalDate to = dates.size() < 2 ? from : day(dates.get(1));
        List<Chat> matching = chats.values().stream()
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
                .sorted(Comparator.comparing(Chat::lastActivity).thenComparingLong(c -> c.id).reversed())
                .toList();
        ObjectNode out = mapper.createObjectNode().put("total", matching.size());
        ArrayNode items = out.putArray("items");
        for (int i = (p - 1) * size; i < Math.min(matching.size(), (long) p * size); i++) {
            Chat c = matching.get(i);
            ObjectNode o = items.addObject().put("id", c.id).put("theme", c.theme);
            Operator op = c.operatorId == null ? null : operators.get(c.operatorId);
            if (op == null) {
                o.putNull("operator");
            } else {
                ObjectNode on = o.putObject("operator").put("id", op.id()).put("name", op.name());
                on.put("photo", op.photo());
            }
            o.put("chatStatus", c.status).put("countUnread", countUnread(c));
            o.put("source", c.source).put("phone", c.phone).put("clientName", c.clientName);
        }
        return json(200, out);
    }

    private Response changeStatus(RecordedRequest r) {
        JsonNode body = body(r);
        if (!body.path("id").canConvertToLong()) {
            throw new BadRequest("id", "The id field is required.");
        }
        if (!body.path("status").isInt() || body.get("status").intValue() < 0 || body.get("status").intValue() > 4) {
            throw new BadRequest("status", "The status must be 0 (New) to 4 (Closed).");
        }
        Chat c = chats.get(body.get("id").asLong());
        if (c == null) {
            return notFound(body.get("id").asLong());
        }
        c.status = body.get("status").intValue();
        return Response.empty(200);
    }

    private Response deleteChat(long id) {
        if (chats.remove(id) == null) {
            return notFound(id);
        }
        return deleteAnswersOk ? Response.text(200, "OK") : Response.empty(200);
    }

    private Response listMessages(String rawId) {
        Chat c = rawId.matches("\\d{1,18}") ? chats.get(Long.parseLong(rawId)) : null;
        if (c == null) {
            return rawId.matches("\\d{1,18}") ? notFound(Long.parseLong(rawId))
                    : problem(400, "One or more validation errors occurred.", "chatId", "The value '" + rawId + "' is not valid.");
        }
        ArrayNode a = mapper.createArrayNode();
        c.messages.forEach(m -> a.add(messageJson(c, m)));
        return json(200, a);
    }

    private ObjectNode messageJson(Chat c, Msg m) {
        ObjectNode o = mapper.createObjectNode().put("id", m.id).put("chatId", m.chatId).put("message", m.text)
                .put("phone", c.phone).put("author", m.author).put("status", m.status).put("date", WIRE_TIME.format(m.date));
        Operator op = m.operatorId == null ? null : operators.get(m.operatorId);
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

    private Response send(String rawId, RecordedRequest r, Token token) {
        Chat c = rawId.matches("\\d{1,18}") ? chats.get(Long.parseLong(rawId)) : null;
        if (c == null) {
            return rawId.matches("\\d{1,18}") ? notFound(Long.parseLong(rawId)) : Response.empty(404);
        }
        JsonNode body = body(r);
        JsonNode text = body.get("textMessage");
        if (text != null && !text.isTextual() && !text.isNull()) {
            throw new BadRequest("textMessage", "textMessage must be a string.");
        }
        String t = text == null || text.isNull() ? "" : text.textValue();
        JsonNode media = body.get("media");
        if (t.isBlank() && (media == null || media.isNull())) {
            throw new BadRequest("textMessage", "The textMessage field is required.");
        }
        if (t.codePointCount(0, t.length()) > MAX_TEXT) {
            throw new BadRequest("textMessage", "The text is longer than " + MAX_TEXT + " characters.");
        }
        int author = body.path("author").asInt(0);
        if (author < 0 || author > 3) {
            throw new BadRequest("author", "author must be 0 to 3.");
        }
        int type = 0;
        ObjectNode storedMedia = null;
        if (media != null && !media.isNull()) {
            if (!media.isObject() || !media.path("name").isTextual() || !media.path("dataBase64").isTextual()) {
                throw new BadRequest("media", "media needs name, format, dataBase64 and type.");
            }
            try {
                Base64.getDecoder().decode(media.get("dataBase64").textValue());
            } catch (IllegalArgumentException e) {
                throw new BadRequest("media.dataBase64", "dataBase64 is not base64.");
            }
            type = media.path("type").asInt(2);
            storedMedia = ((ObjectNode) media).deepCopy();
        }
        Long operatorId = token.operatorId() != null ? token.operatorId() : c.operatorId;
        Msg m = new Msg(nextMessageId++, c.id, t, author, 1, clock.instant(), author == AUTHOR_OPERATOR ? operatorId : null,
                type, storedMedia);
        c.messages.add(m);
        return switch (sendAnswer) {
            case MESSAGE -> json(200, messageJson(c, m));
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
            throw new BadRequest("ids", "The ids field is required.");
        }
        for (long[] u : updates) {
            if (u[1] < 0 || u[1] > 10) {
                throw new BadRequest("status", "The status is not valid.");
            }
            if (findMessage(u[0]) == null) {
                return problem(404, "Not Found", null, "Message " + u[0] + " was not found.");
            }
        }
        for (long[] u : updates) {
            findMessage(u[0]).status = (int) u[1];
        }
        return Response.empty(200);
    }

    // ================================================================== helpers

    private String issue(String kind, Long operatorId, Instant expiresAt) {
        long n = nextToken++;
        String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String payload = b64("{\"sub\":\"" + kind + (operatorId == null ? "" : ":" + operatorId) + "\",\"jti\":" + n
                + (expiresAt == null ? "" : ",\"exp\":" + expiresAt.getEpochSecond()) + "}");
        String token = header + "." + payload + "." + b64("simulator-signature-" + n);
        tokens.put(token, new Token(kind, operatorId, expiresAt));
        tokensIssued.merge(kind, 1, Integer::sum);
        return token;
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private Chat require(long chatId) {
        Chat c = chats.get(chatId);
        if (c == null) {
            throw new IllegalArgumentException("No chat " + chatId + " in the simulator.");
        }
        return c;
    }

    private Msg findMessage(long id) {
        for (Chat c : chats.values()) {
            for (Msg m : c.messages) {
                if (m.id == id) {
                    return m;
                }
            }
        }
        return null;
    }

    private static long countUnread(Chat c) {
        return c.messages.stream().filter(m -> m.author == AUTHOR_CLIENT && m.status != 3).count();
    }

    private JsonNode body(RecordedRequest r) {
        if (r.body().length == 0) {
            throw new BadRequest("", "A non-empty request body is required.");
        }
        try {
            return mapper.readTree(r.body());
        } catch (IOException e) {
            throw new BadRequest("", "The request body is not valid JSON.");
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
            throw new BadRequest(name, "The value '" + v + "' is not valid for " + name + ".");
        }
    }

    private static LocalDate day(String v) {
        try {
            return LocalDate.parse(v.length() >= 10 ? v.substring(0, 10) : v);
        } catch (DateTimeParseException e) {
            throw new BadRequest("date", "The value '" + v + "' is not a valid date.");
        }
    }

    private static boolean contains(String haystack, String needle) {
        return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(needle);
    }

    private static String digits(String phone) {
        return phone == null ? null : phone.replaceAll("\\D", "");
    }

    private Response notFound(long chatId) {
        return problem(404, "Not Found", null, "Chat " + chatId + " was not found.");
    }

    private Response problem(int status, String title, String field, String detail) {
        ObjectNode o = mapper.createObjectNode().put("type", "https://tools.ietf.org/html/rfc9110#section-15")
                .put("title", title).put("status", status);
        if (field != null) {
            o.putObject("errors").putArray(field.isEmpty() ? "$" : field).add(detail);
        } else {
            o.put("detail", detail);
        }
        return json(status, o);
    }

    private Response json(int status, JsonNode node) {
        try {
            return Response.json(status, mapper.writeValueAsString(node));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String quote(String s) {
        try {
            return mapper.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String field;

        BadRequest(String field, String message) {
            super(message);
            this.field = field;
        }
    }
}
