package io.chatgateway.testkit.quickblox;

import static io.chatgateway.testkit.quickblox.QuickbloxSimulator.*;
import static io.chatgateway.testkit.quickblox.QuickbloxWire.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatgateway.testkit.RecordedRequest;
import io.chatgateway.testkit.SimulatorServer.Response;
import io.chatgateway.testkit.quickblox.QuickbloxState.Session;
import io.chatgateway.testkit.quickblox.QuickbloxState.User;
import io.chatgateway.testkit.quickblox.QuickbloxWire.Refusal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** {@code POST /session.json} (signature, timestamp, nonce, login) and the credentials of every other request. */
final class QuickbloxAuthApi {

    private final QuickbloxState state;

    QuickbloxAuthApi(QuickbloxState state) {
        this.state = state;
    }

    Response createSession(RecordedRequest r) {
        Map<String, String> p = flatParams(state.json, r);
        if (!APPLICATION_ID.equals(p.get("application_id"))) {
            return base(422, "Unexpected application id");
        }
        if (!AUTH_KEY.equals(p.get("auth_key"))) {
            return base(422, "Unexpected auth key");
        }
        String ts = p.get("timestamp");
        String nonce = p.get("nonce");
        if (ts == null || !ts.matches("\\d{1,12}") || nonce == null || nonce.isBlank()) {
            return base(422, "timestamp and nonce are required");
        }
        long skew = Math.abs(Long.parseLong(ts) - state.clock.instant().getEpochSecond());
        if (skew > 3600) {
            return base(422, "Unexpected timestamp: it must be within 60 minutes of the server time");
        }
        String signature = p.get("signature");
        String expected = hmacSha1(AUTH_SECRET, canonical(p));
        if (signature == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                signature.getBytes(StandardCharsets.UTF_8))) {
            return base(422, "Unexpected signature");
        }
        if (!state.usedNonces.add(ts + ":" + nonce)) {
            return base(422, "Unexpected nonce: this timestamp and nonce were already used");
        }
        long userId = 0;
        String login = p.get("user[login]");
        if (login != null || p.containsKey("user[email]")) {
            User u = state.users.values().stream().filter(x -> x.login.equals(login)).findFirst().orElse(null);
            if (u == null || !u.password.equals(p.get("user[password]"))) {
                return errors(401, "Unauthorized");
            }
            userId = u.id;
        }
        String token = state.randomHex(40);
        long id = ++state.sessionCounter;
        Instant now = state.now();
        state.sessions.put(token, new Session(userId, id, now));
        ObjectNode s = state.json.createObjectNode();
        s.put("application_id", Long.parseLong(APPLICATION_ID));
        s.put("created_at", now.toString());
        s.put("id", id);
        s.put("nonce", nonce.matches("\\d{1,18}") ? Long.parseLong(nonce) : 0);
        s.put("token", token);
        s.put("ts", Long.parseLong(ts));
        s.put("updated_at", now.toString());
        s.put("user_id", userId);
        s.put("_id", Long.toString(id));
        ObjectNode root = state.json.createObjectNode();
        root.set("session", s);
        return Response.json(201, root.toString());
    }

    /** @return the acting user id, 0 for an application session or an API key without On-Behalf-Of */
    long authenticate(RecordedRequest r) {
        String token = r.header("QB-Token").orElse(null);
        if (token != null) {
            Session s = state.sessions.get(token);
            Instant now = state.now();
            if (s == null || s.lastUsed.plus(SESSION_LIFETIME).isBefore(now)) {
                state.sessions.remove(token);
                throw new Refusal(errors(401, "Required session does not exist"));
            }
            s.lastUsed = now;
            return s.userId;
        }
        String authorization = r.header("Authorization").orElse(null);
        if (authorization != null) {
            if (!authorization.equals("ApiKey " + API_KEY)) {
                throw new Refusal(errors(401, "Unauthorized"));
            }
            String onBehalf = r.header("On-Behalf-Of").orElse(null);
            if (onBehalf == null) {
                return 0;
            }
            if (!onBehalf.matches("\\d{1,18}") || !state.users.containsKey(Long.parseLong(onBehalf))) {
                throw new Refusal(errors(401, "Unauthorized: On-Behalf-Of names no user of this application"));
            }
            return Long.parseLong(onBehalf);
        }
        throw new Refusal(errors(401, "Token is required"));
    }

    static String canonical(Map<String, String> params) {
        return params.entrySet().stream().filter(e -> !e.getKey().equals("signature"))
                .map(e -> e.getKey() + "=" + e.getValue()).sorted().collect(Collectors.joining("&"));
    }

    static String hmacSha1(String key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            StringBuilder sb = new StringBuilder();
            for (byte b : mac.doFinal(text.getBytes(StandardCharsets.UTF_8))) {
                sb.append(String.format("%02x", b));
            }
            return sb.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

}
