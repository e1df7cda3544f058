package io.chatgateway.testkit.smsbat;

import static io.chatgateway.testkit.smsbat.SmsbatSimulator.AUTHOR_CLIENT;
import static io.chatgateway.testkit.smsbat.SmsbatSimulator.DEMO_LOGIN;
import static io.chatgateway.testkit.smsbat.SmsbatSimulator.DEMO_PASSWORD;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatgateway.testkit.smsbat.SmsbatSimulator.SendAnswer;
import io.chatgateway.testkit.smsbat.SmsbatSimulator.TokenAnswer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The simulated company: operators, organizations, chats with their messages, tokens and answer switches. Not thread-safe: the simulator locks. */
final class SmsbatState {

    record Operator(long id, String name, String photo, int status, long organizationId) { }

    record Token(String kind, Long operatorId, Instant expiresAt) { }

    static final class Chat {
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

    static final class Msg {
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

    long demoChat = -1;
    final Map<Long, Chat> chats = new LinkedHashMap<>();
    final Map<Long, Operator> operators = new LinkedHashMap<>();
    final Map<Long, String> organizations = new LinkedHashMap<>();
    final Map<String, Token> tokens = new LinkedHashMap<>();
    final Map<String, Integer> tokensIssued = new LinkedHashMap<>();
    long nextChatId = 1001;
    long nextMessageId = 50_001;
    long nextToken = 1;
    boolean seeded;

    String login = DEMO_LOGIN;
    String password = DEMO_PASSWORD;
    TokenAnswer tokenAnswer = TokenAnswer.BARE_STRING;
    SendAnswer sendAnswer = SendAnswer.MESSAGE;
    boolean chatsMessagesPath = true;
    boolean chatMessagesPath = true;
    Duration companyTokenLifetime;
    boolean requireOperatorToken;
    boolean deleteAnswersOk = true;

    String issue(String kind, Long operatorId, Instant expiresAt) {
        long n = nextToken++;
        String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String payload = b64("{\"sub\":\"" + kind + (operatorId == null ? "" : ":" + operatorId) + "\",\"jti\":" + n
                + (expiresAt == null ? "" : ",\"exp\":" + expiresAt.getEpochSecond()) + "}");
        String token = header + "." + payload + "." + b64("simulator-signature-" + n);
        tokens.put(token, new Token(kind, operatorId, expiresAt));
        tokensIssued.merge(kind, 1, Integer::sum);
        return token;
    }

    static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    Chat require(long chatId) {
        Chat c = chats.get(chatId);
        if (c == null) {
            throw new IllegalArgumentException("No chat " + chatId + " in the simulator.");
        }
        return c;
    }

    Msg findMessage(long id) {
        for (Chat c : chats.values()) {
            for (Msg m : c.messages) {
                if (m.id == id) {
                    return m;
                }
            }
        }
        return null;
    }

    static long countUnread(Chat c) {
        return c.messages.stream().filter(m -> m.author == AUTHOR_CLIENT && m.status != 3).count();
    }
}
