package io.chatgateway.testkit.smsbat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatgateway.DeliveryStatus;
import io.chatgateway.testkit.ProviderSimulator;
import io.chatgateway.testkit.RecordedRequest;
import io.chatgateway.testkit.SimulatorServer;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
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
 * <p>Thread-safe: requests are handled one at a time. The company lives in {@code SmsbatState}, the REST
 * actions in {@code SmsbatApi}, error answers in {@code SmsbatAnswers}.
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

    private final ObjectMapper mapper = new ObjectMapper();
    private final Clock clock;
    private final SmsbatState state = new SmsbatState();
    private final SmsbatApi api;

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
        this.api = new SmsbatApi(state, clock);
        state.organizations.put(6L, "Customer Support");
        state.organizations.put(24L, "Sales Team");
        state.organizations.put(42L, "Technical Support");
        state.operators.put(101L, new SmsbatState.Operator(101, "John Smith", "https://example.invalid/john.png", 0, 6));
        state.operators.put(102L, new SmsbatState.Operator(102, "Sarah Johnson", null, 0, 6));
        state.operators.put(103L, new SmsbatState.Operator(103, "Mike Wilson", null, 1, 24));
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
        m.put(p + "login", state.login);
        m.put(p + "password", state.password);
        m.put(p + "operator-id", Long.toString(DEMO_OPERATOR_ID));
        return m;
    }

    @Override
    public synchronized void seedDemoData() {
        if (state.seeded) {
            return;
        }
        state.seeded = true;
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        long olena = createChat("Delivery question", "Olena Kovalenko", "380936670003", SOURCE_VIBER_BOT);
        state.demoChat = olena;
        addMessage(olena, AUTHOR_BOT, "Welcome to Acme support! An operator will answer shortly.", now.minusSeconds(1500));
        addMessage(olena, AUTHOR_CLIENT, "Hi! Where is my order #48213?", now.minusSeconds(1490));
        addMessage(olena, AUTHOR_CLIENT, "It was due yesterday.", now.minusSeconds(1200));
        long taras = createChat("Refund", "Taras Melnyk", "380671234567", SOURCE_TELEGRAM);
        state.chats.get(taras).tgUserId = 781_234_567L;
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
        SmsbatState.Chat c = state.require(id("chat", conversationId));
        long mid = id("message", messageId);
        SmsbatState.Msg m = c.messages.stream().filter(x -> x.id == mid).findFirst().orElseThrow(
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
        if (state.demoChat < 0) {
            throw new IllegalStateException("seedDemoData() first");
        }
        return String.valueOf(state.demoChat);
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
        SmsbatState.Chat c = new SmsbatState.Chat(state.nextChatId++, clock.instant());
        c.theme = theme;
        c.clientName = clientName;
        c.phone = phone;
        c.source = source;
        c.organizationId = 6;
        state.chats.put(c.id, c);
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
        SmsbatState.Chat c = state.require(chatId);
        Long operator = author == AUTHOR_OPERATOR ? (c.operatorId != null ? c.operatorId : DEMO_OPERATOR_ID) : null;
        SmsbatState.Msg m = new SmsbatState.Msg(state.nextMessageId++, chatId, text, author, author == AUTHOR_CLIENT ? 0 : 1, at, operator,
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
        SmsbatState.Chat c = state.require(chatId);
        ObjectNode media = mapper.createObjectNode().put("name", name).put("format", "image/jpeg")
                .put("dataBase64", Base64.getEncoder().encodeToString(data)).put("type", 1);
        SmsbatState.Msg m = new SmsbatState.Msg(state.nextMessageId++, chatId, "", AUTHOR_CLIENT, 0, clock.instant(), null, 1, media);
        c.messages.add(m);
        return m.id;
    }

    /**
     * @param chatId chat
     * @param operatorId operator to assign
     */
    public synchronized void assign(long chatId, @Nullable Long operatorId) {
        state.require(chatId).operatorId = operatorId;
    }

    /**
     * @param chatId chat
     * @param status 0–4 (other values are kept as they are, like unknown provider values)
     */
    public synchronized void setChatStatus(long chatId, int status) {
        state.require(chatId).status = status;
    }

    /**
     * @param chatId         chat
     * @param telegramUserId the Telegram user writing in it (filter {@code tg_user_id})
     */
    public synchronized void setTelegramUser(long chatId, long telegramUserId) {
        state.require(chatId).tgUserId = telegramUserId;
    }

    /**
     * @param chatId chat
     * @param organizationId organization
     */
    public synchronized void setOrganization(long chatId, long organizationId) {
        state.require(chatId).organizationId = organizationId;
    }

    /**
     * @param chatId chat
     * @return its status number
     */
    public synchronized int chatStatus(long chatId) {
        return state.require(chatId).status;
    }

    /**
     * @param chatId chat
     * @return whether it exists
     */
    public synchronized boolean hasChat(long chatId) {
        return state.chats.containsKey(chatId);
    }

    /**
     * @param chatId chat
     * @return unread client messages (status other than 3)
     */
    public synchronized long countUnread(long chatId) {
        return SmsbatState.countUnread(state.require(chatId));
    }

    /**
     * @param messageId message
     * @return its status number, or -1 when unknown
     */
    public synchronized int messageStatus(long messageId) {
        SmsbatState.Msg m = state.findMessage(messageId);
        return m == null ? -1 : m.status;
    }

    /**
     * @param chatId chat
     * @return texts of its messages, oldest first
     */
    public synchronized List<String> messageTexts(long chatId) {
        return state.require(chatId).messages.stream().map(m -> m.text).toList();
    }

    /**
     * @param value how get-token answers
     * @return this
     */
    public synchronized SmsbatSimulator tokenAnswer(TokenAnswer value) {
        state.tokenAnswer = value;
        return this;
    }

    /**
     * @param value how a send answers
     * @return this
     */
    public synchronized SmsbatSimulator sendAnswer(SendAnswer value) {
        state.sendAnswer = value;
        return this;
    }

    /**
     * @param chatsPath serve {@code /api/chat/chats/{id}/messages}
     * @param chatPath  serve {@code /api/chat/{id}/messages}
     * @return this
     */
    public synchronized SmsbatSimulator messagesPaths(boolean chatsPath, boolean chatPath) {
        state.chatsMessagesPath = chatsPath;
        state.chatMessagesPath = chatPath;
        return this;
    }

    /**
     * @param value lifetime of company tokens, {@code null} for none (default)
     * @return this
     */
    public synchronized SmsbatSimulator companyTokenLifetime(@Nullable Duration value) {
        state.companyTokenLifetime = value;
        return this;
    }

    /**
     * @param value answer 403 to chat calls made with a company token
     * @return this
     */
    public synchronized SmsbatSimulator requireOperatorToken(boolean value) {
        state.requireOperatorToken = value;
        return this;
    }

    /**
     * @param ok answer deletes with the text {@code OK} (default) or an empty body
     * @return this
     */
    public synchronized SmsbatSimulator deleteAnswersOk(boolean ok) {
        state.deleteAnswersOk = ok;
        return this;
    }

    /**
     * @param newLogin company login
     * @param newPassword company password
     * @return this
     */
    public synchronized SmsbatSimulator credentials(String newLogin, String newPassword) {
        state.login = newLogin;
        state.password = newPassword;
        return this;
    }

    /**
     * Issues a company token directly (for accounts configured with a static token).
     *
     * @return the token
     */
    public synchronized String issueCompanyToken() {
        return state.issue("company", null, state.companyTokenLifetime == null ? null : clock.instant().plus(state.companyTokenLifetime));
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
        state.tokens.replaceAll((k, t) -> new SmsbatState.Token(t.kind(), t.operatorId(), Instant.MIN));
    }

    /**
     * @param kind {@code company} or {@code operator}
     * @return how many such tokens were issued
     */
    public synchronized int tokensIssued(String kind) {
        return state.tokensIssued.getOrDefault(kind, 0);
    }

    // ================================================================== HTTP

    @Override
    protected synchronized Response handle(RecordedRequest r) {
        return api.handle(r);
    }
}
