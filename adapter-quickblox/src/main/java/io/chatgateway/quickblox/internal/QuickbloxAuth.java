package io.chatgateway.quickblox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.AuthenticationException;
import io.chatgateway.ErrorDetails;
import io.chatgateway.Operation;
import io.chatgateway.Secret;
import io.chatgateway.quickblox.QuickbloxConfig;
import io.chatgateway.spi.HttpAnswer;
import io.chatgateway.spi.HttpCall;
import io.chatgateway.spi.JsonValues;
import io.chatgateway.spi.ProviderHttp;
import io.chatgateway.spi.SharedCredential;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Puts credentials on every request: {@code Authorization: ApiKey} with {@code On-Behalf-Of} (or without it for an
 * application-level key, which may only make calls that need no user), or a
 * {@code QB-Token} of a user session that is created on first use, renewed ahead of its idle expiry, and
 * renewed once (single-flight) when QuickBlox answers 401 "Required session does not exist".
 */
final class QuickbloxAuth {

    /** A user session: its token and the user it belongs to. */
    record Session(Secret token, long userId) { }

    private final QuickbloxConfig config;
    private final ProviderHttp http;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final SharedCredential<Session> session;
    private final ErrorDetails details;
    /** The {@code On-Behalf-Of} header's value, or {@code null}: written once, not per request. */
    private final String onBehalfOf;
    /** The configured acting user ({@code user-id} or {@code on-behalf-of}), or 0 when the session names it. */
    private final long configuredUser;

    QuickbloxAuth(QuickbloxConfig config, ProviderHttp http, Clock clock, ErrorDetails details) {
        this.config = config;
        this.http = http;
        this.clock = clock;
        this.details = details;
        this.onBehalfOf = config.onBehalfOf().isPresent() ? Long.toString(config.onBehalfOf().getAsLong()) : null;
        this.configuredUser = config.userId().isPresent() ? config.userId().getAsLong() : 0;
        if (config.usesApiKey()) {
            this.session = null;
        } else {
            Duration lifetime = config.sessionLifetime();
            Duration ahead = lifetime.dividedBy(24).compareTo(Duration.ofMinutes(5)) < 0 ? lifetime.dividedBy(24) : Duration.ofMinutes(5);
            this.session = SharedCredential.obtainedBy(this::createSession, clock, ahead, details.withOperation(Operation.AUTHENTICATE));
        }
    }

    /**
     * Sends a request with the account's credentials.
     *
     * @param request builds the request (called again for a replay after renewing the session)
     * @return the answer
     */
    CompletableFuture<HttpAnswer> exchange(Supplier<HttpCall.Builder> request) {
        if (session == null) {
            HttpCall.Builder b = request.get().credential("Authorization", "ApiKey ", config.apiKey().orElseThrow());
            if (onBehalfOf != null) {
                b.header("On-Behalf-Of", onBehalfOf);
            }
            return http.exchange(b.build());
        }
        return session.call(s -> http.exchange(request.get().credential("QB-Token", "", s.token()).build()),
                QuickbloxErrorDecoder::isSessionExpired);
    }

    /**
     * @param operation the call that needs a user
     * @return the id of the user the gateway acts as; failed with an {@link AuthenticationException} before any
     *         request when the account is an application-level API key (no {@code on-behalf-of})
     */
    CompletableFuture<Long> actingUser(Operation operation) {
        if (configuredUser != 0) {
            return CompletableFuture.completedFuture(configuredUser);
        }
        if (session == null) {
            return CompletableFuture.failedFuture(needsUser(operation));
        }
        return session.get().thenApply(Session::userId);
    }

    /**
     * @return the acting user when the configuration names it ({@code user-id}, or {@code on-behalf-of}), so that a
     *         call needs no future to learn it; 0 when only the session names it
     */
    long configuredUser() {
        return configuredUser;
    }

    /**
     * @param operation a call that must act for a user
     * @param call      makes the call
     * @return its answer; failed before any request when the account is an application-level API key
     */
    <T> CompletableFuture<T> asUser(Operation operation, Supplier<CompletableFuture<T>> call) {
        return applicationLevel() ? CompletableFuture.failedFuture(needsUser(operation)) : call.get();
    }

    /** @return whether the account is an API key acting for no user */
    boolean applicationLevel() {
        return session == null && config.onBehalfOf().isEmpty();
    }

    private AuthenticationException needsUser(Operation operation) {
        return new AuthenticationException(AuthenticationException.Reason.INSUFFICIENT_SESSION, "QuickBlox answers "
                + operation + " only for a user, and the account's API key acts for none: configure on-behalf-of"
                + " with the QuickBlox user id the gateway acts as (without it only deleteConversation with"
                + " force-delete works).", details.withOperation(operation), null);
    }

    private CompletableFuture<SharedCredential.Lease<Session>> createSession() {
        Instant now = clock.instant();
        String timestamp = Long.toString(now.getEpochSecond());
        String nonce = Integer.toString(1 + random.nextInt(Integer.MAX_VALUE - 1));
        String applicationId = config.applicationId().orElseThrow();
        Secret authKey = config.authKey().orElseThrow();
        Secret password = config.password().orElseThrow();
        Map<String, String> signed = new TreeMap<>();
        signed.put("application_id", applicationId);
        signed.put("auth_key", authKey.reveal());
        signed.put("nonce", nonce);
        signed.put("timestamp", timestamp);
        signed.put("user[login]", config.login().orElseThrow());
        signed.put("user[password]", password.reveal());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("application_id", applicationId.matches("\\d{1,18}") ? (Object) Long.parseLong(applicationId) : applicationId);
        body.put("auth_key", authKey.reveal());
        body.put("nonce", Long.parseLong(nonce));
        body.put("timestamp", now.getEpochSecond());
        body.put("signature", SessionSigner.sign(signed, config.authSecret().orElseThrow()));
        Map<String, String> credentials = new LinkedHashMap<>();
        credentials.put("login", config.login().orElseThrow());
        credentials.put("password", password.reveal());
        body.put("user", credentials);
        HttpCall call = HttpCall.post(config.baseUri(), "/session.json")
                .json(body)
                .redact(password)
                .redact(authKey)
                .operation(Operation.AUTHENTICATE)
                .build();
        return http.exchange(call).thenApply(answer -> {
            JsonNode s = answer.json().path("session");
            String token = JsonValues.asText(s.get("token"));
            if (token == null || token.isBlank()) {
                throw answer.unreadable("has no session token", null);
            }
            Long user = JsonValues.asLong(s.get("user_id"));
            if (user == null || user == 0) {
                user = JsonValues.asLong(s.path("user").get("id"));
            }
            if ((user == null || user == 0) && config.userId().isPresent()) {
                user = config.userId().getAsLong();
            }
            if (user == null || user == 0) {
                throw new AuthenticationException(AuthenticationException.Reason.INSUFFICIENT_SESSION,
                        "QuickBlox created an application session instead of a user session"
                        + " for login '" + config.login().orElseThrow() + "'; messages need a user session.",
                        answer.details(), null);
            }
            return new SharedCredential.Lease<>(new Session(Secret.of(token), user),
                    clock.instant().plus(config.sessionLifetime()));
        });
    }
}
