package io.chatgateway.smsbat.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.AuthenticationException;
import io.chatgateway.ChatGatewayException;
import io.chatgateway.ErrorDetails;
import io.chatgateway.Operation;
import io.chatgateway.ProtocolException;
import io.chatgateway.Secret;
import io.chatgateway.smsbat.SmsbatConfig;
import io.chatgateway.spi.HttpAnswer;
import io.chatgateway.spi.HttpCall;
import io.chatgateway.spi.JsonValues;
import io.chatgateway.spi.ProviderHttp;
import io.chatgateway.spi.SharedCredential;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * ChatHub's two token levels. The company token is the configured static token, or obtained with the
 * login and password from {@code POST /api/company/get-token}. With an operator id, the chat calls use
 * operator tokens minted with the company token from {@code POST /api/operator/get-token}
 * ({@code expiresAt} at most 24 h ahead); otherwise they use the company token.
 *
 * <p>Each level is a {@link SharedCredential}: one (re-)authentication for all concurrent callers,
 * renewal ahead of a known expiry (from the answer's {@code expiration}, the JWT's {@code exp}, or the
 * requested {@code expiresAt}), and one renewal plus one replay when the provider answers 401. Token
 * answers are read as a bare JSON string, an object with {@code token} (and optional
 * {@code expiration}/{@code expiresAt}), or plain text. Thread-safe.
 */
final class SmsbatAuth {

    private final SmsbatConfig config;
    private final ProviderHttp http;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final ErrorDetails details;
    private final SharedCredential<Secret> company;
    private final SharedCredential<Secret> chat;

    SmsbatAuth(SmsbatConfig config, ProviderHttp http, ObjectMapper mapper, Clock clock, ErrorDetails details) {
        this.config = config;
        this.http = http;
        this.mapper = mapper;
        this.clock = clock;
        this.details = details;
        this.company = config.token().isPresent()
                ? SharedCredential.fixed(config.token().get(), details)
                : SharedCredential.obtainedBy(this::companyToken, clock, config.renewAhead(), details);
        this.chat = config.operatorId().isPresent()
                ? SharedCredential.obtainedBy(this::operatorToken, clock, config.renewAhead(), details)
                : company;
    }

    /**
     * Runs a chat request with the current token; on 401 renews the token once and replays once.
     *
     * @param request the request, given the token
     * @param <R>     result type
     * @return the result
     */
    <R> CompletableFuture<R> call(Function<Secret, CompletableFuture<R>> request) {
        if (config.token().isPresent() && config.operatorId().isEmpty()) {
            return chat.call(request, t -> false); // a static token cannot be renewed: report the provider's 401 as is
        }
        return chat.call(request, SmsbatAuth::expired);
    }

    /**
     * @param b     a request
     * @param token the token to send
     * @return the request carrying the token in the configured header
     */
    HttpCall.Builder authorize(HttpCall.Builder b, Secret token) {
        return config.authHeader() == SmsbatConfig.AuthHeader.AUTHORIZATION
                ? b.credential("Authorization", "Bearer ", token)
                : b.credential("X-Authorization-Key", "", token);
    }

    static boolean expired(Throwable t) {
        return t instanceof AuthenticationException a && a.reason() == AuthenticationException.Reason.EXPIRED;
    }

    private CompletableFuture<SharedCredential.Lease<Secret>> companyToken() {
        Secret password = config.password().orElseThrow();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("login", config.login().orElseThrow());
        body.put("password", password.reveal());
        HttpCall call = HttpCall.post(config.baseUri(), "/api/company/get-token")
                .json(body).redact(password).operation(Operation.AUTHENTICATE).build();
        return http.exchange(call).thenApply(answer -> lease(answer, "company", null));
    }

    private CompletableFuture<SharedCredential.Lease<Secret>> operatorToken() {
        long operatorId = config.operatorId().orElseThrow();
        Instant requested = clock.instant().plus(config.operatorTokenLifetime()).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", operatorId);
        body.put("expiresAt", requested.toString());
        return company.call(token -> http.exchange(authorize(HttpCall.post(config.baseUri(), "/api/operator/get-token"), token)
                        .json(body).operation(Operation.AUTHENTICATE).build()), SmsbatAuth::expired)
                .thenApply(answer -> lease(answer, "operator", requested));
    }

    private SharedCredential.Lease<Secret> lease(HttpAnswer answer, String level, Instant requested) {
        Token t = parseToken(answer, mapper, level);
        Instant expiry = t.expiresAt() != null ? t.expiresAt() : jwtExpiry(t.value().reveal(), mapper);
        if (expiry == null || requested != null && requested.isBefore(expiry)) {
            expiry = requested == null ? expiry : requested;
        }
        return new SharedCredential.Lease<>(t.value(), expiry);
    }

    /** A token and its expiry, if the answer gave one. */
    record Token(Secret value, Instant expiresAt) { }

    /**
     * @param answer a successful answer of a get-token call
     * @param mapper the JSON mapper
     * @param level  {@code company} or {@code operator}, for messages
     * @return the token it carries
     * @throws ChatGatewayException when the answer carries no usable token
     */
    static Token parseToken(HttpAnswer answer, ObjectMapper mapper, String level) {
        String value;
        Instant expiry = null;
        if (answer.isBlank()) {
            throw noToken(answer, level, "an empty body");
        }
        if (answer.looksLikeJson()) {
            JsonNode node = answer.json();
            if (node.isTextual()) {
                value = node.textValue();
            } else if (node.isObject()) {
                value = first(node, "token", "accessToken", "access_token", "jwt");
                if (value == null && node.get("tokenData") != null) {
                    value = first(node.get("tokenData"), "token", "accessToken");
                }
                for (String name : new String[] {"expiration", "expiresAt", "expires_at", "expires"}) {
                    if (expiry == null) {
                        expiry = SmsbatMapper.instant(node.get(name));
                    }
                }
            } else {
                throw noToken(answer, level, "JSON without a token");
            }
            if (value == null) {
                throw noToken(answer, level, "JSON without a token");
            }
        } else {
            value = answer.text();
        }
        value = value.trim();
        if (value.length() > 1 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1).trim();
        }
        if (value.isEmpty() || value.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw noToken(answer, level, "text that is not a token");
        }
        return new Token(Secret.of(value), expiry);
    }

    private static String first(JsonNode node, String... names) {
        for (String n : names) {
            String t = JsonValues.asText(node.get(n));
            if (t != null && !t.isBlank()) {
                return t;
            }
        }
        return null;
    }

    private static ChatGatewayException noToken(HttpAnswer answer, String level, String what) {
        // never quote the body: it may hold a token
        return new ProtocolException("The " + level + " token request " + answer.call().method() + " "
                + answer.call().pathForLogs() + " answered HTTP " + answer.status() + " with " + what
                + " instead of a token.", answer.details(), null, false);
    }

    /**
     * @param jwt    a token
     * @param mapper the JSON mapper
     * @return the {@code exp} claim of a JWT, or {@code null} when the token is not a JWT or has none
     */
    static Instant jwtExpiry(String jwt, ObjectMapper mapper) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(parts[1].replace('+', '-').replace('/', '_').replace("=", ""));
            Long exp = JsonValues.asLong(mapper.readTree(new String(payload, StandardCharsets.UTF_8)).get("exp"));
            return exp == null || exp <= 0 ? null : Instant.ofEpochSecond(exp);
        } catch (RuntimeException | java.io.IOException e) {
            return null;
        }
    }

    /** @return account and provider, for errors */
    ErrorDetails details() {
        return details;
    }
}
