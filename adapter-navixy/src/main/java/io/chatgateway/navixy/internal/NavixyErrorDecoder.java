package io.chatgateway.navixy.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.AuthenticationException;
import io.chatgateway.ChatGatewayException;
import io.chatgateway.ConversationUnavailableException;
import io.chatgateway.ErrorDetails;
import io.chatgateway.FeatureUnavailableException;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.NotFoundException;
import io.chatgateway.PermissionDeniedException;
import io.chatgateway.ProtocolException;
import io.chatgateway.ProviderUnavailableException;
import io.chatgateway.RateLimitedException;
import io.chatgateway.spi.ErrorDecoder;
import io.chatgateway.spi.HttpAnswer;
import io.chatgateway.spi.JsonValues;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one place where Navixy answers become typed exceptions. Navixy reports errors as
 * {@code {"success":false,"status":{"code":N,"description":"…"}}} with HTTP 200 or 4xx/5xx alike (and,
 * in one published spec, {@code {"success":false,"error":{"code":N,"message":"…"}}}); the decision is by
 * {@code code} first and by HTTP status only when there is no code. Thread-safe.
 */
final class NavixyErrorDecoder implements ErrorDecoder {

    /** Codes that mean the session hash or API key is wrong or expired. */

    private static final Set<String> ENVELOPE = Set.of("success", "status", "error", "errors");

    @Override
    public Optional<ChatGatewayException> decode(HttpAnswer answer) {
        if (!answer.looksLikeJson()) {
            if (answer.isSuccess()) {
                return Optional.of(answer.unreadable(answer.isBlank() ? "is empty" : "is not JSON: " + answer.quote(), null));
            }
            return Optional.of(ErrorDecoder.byStatus(answer, null, null));
        }
        JsonNode root;
        try {
            root = answer.json();
        } catch (ChatGatewayException unreadable) {
            return Optional.of(answer.isSuccess() ? unreadable : ErrorDecoder.byStatus(answer, null, null));
        }
        if (!root.isObject()) {
            return Optional.of(answer.isSuccess()
                    ? answer.unreadable("is not a Navixy envelope: " + answer.quote(), null)
                    : ErrorDecoder.byStatus(answer, null, null));
        }
        Boolean success = JsonValues.asBoolean(root.get("success"));
        JsonNode status = root.path("status").isObject() ? root.get("status") : root.path("error");
        String code = status.isObject() ? JsonValues.asText(status.get("code")) : null;
        if (Boolean.TRUE.equals(success) && answer.isSuccess()) {
            return Optional.empty();
        }
        if (success == null && code == null && answer.isSuccess()) {
            return Optional.empty(); // no envelope marker at all: a tolerant reading treats a 2xx object as data
        }
        String description = status.isObject()
                ? firstText(status.get("description"), status.get("message")) : null;
        String text = describe(description, root);
        if (code == null) {
            return Optional.of(answer.isSuccess()
                    ? new InvalidRequestException(ErrorDecoder.sentence(answer, null, text), answer.details())
                    : ErrorDecoder.byStatus(answer, null, text));
        }
        return Optional.of(byCode(answer, code.trim(), text, root));
    }

    /**
     * @param answer the answer
     * @param code   Navixy's {@code status.code}
     * @param text   description plus details, may be {@code null}
     * @param root   the whole body, for extra fields
     * @return the typed exception
     */
    static ChatGatewayException byCode(HttpAnswer answer, String code, String text, JsonNode root) {
        ErrorDetails d = answer.details().withProviderCode(code);
        String sentence = ErrorDecoder.sentence(answer, code, text);
        return switch (code) {
            case "1", "6" -> ErrorDecoder.serverFault(answer, d, sentence);
            case "2", "102", "103", "104", "105" -> new AuthenticationException(sentence, d);
            case "3", "4" -> new AuthenticationException(AuthenticationException.Reason.EXPIRED, sentence
                    .replaceFirst("\\.$", "") + " (the session hash or API key is wrong or expired).", d, null);
            case "8", "14", "215" -> new ProviderUnavailableException(sentence, d);
            case "11", "13", "101", "219", "221" -> new PermissionDeniedException(sentence, d);
            case "12", "201", "204" -> new NotFoundException(sentence, d);
            case "15" -> new RateLimitedException(sentence, d,
                    answer.header("Retry-After").flatMap(h -> ErrorDecoder.retryAfter(h, answer.receivedAt())).orElse(null));
            case "264" -> new RateLimitedException(sentence, d, isoDuration(root.get("remainder")));
            case "208", "213", "214" -> new ConversationUnavailableException(sentence, d);
            case "236", "268" -> new FeatureUnavailableException(sentence, d);
            case "5", "7", "9", "111", "112", "203", "211", "212", "217", "242", "263" ->
                    new InvalidRequestException(sentence, d);
            default -> byStatusOrInvalid(answer, d, sentence);
        };
    }

    private static ChatGatewayException byStatusOrInvalid(HttpAnswer answer, ErrorDetails d, String sentence) {
        int s = answer.status();
        if (s >= 500) {
            return ErrorDecoder.serverFault(answer, d, sentence);
        }
        return switch (s) {
            case 401 -> new AuthenticationException(sentence, d);
            case 402 -> new FeatureUnavailableException(sentence, d);
            case 403 -> new PermissionDeniedException(sentence, d);
            case 404 -> new NotFoundException(sentence, d);
            case 429 -> new RateLimitedException(sentence, d,
                    answer.header("Retry-After").flatMap(h -> ErrorDecoder.retryAfter(h, answer.receivedAt())).orElse(null));
            default -> s >= 300 && s < 400 ? new ProtocolException(sentence, d) : new InvalidRequestException(sentence, d);
        };
    }

    private static Duration isoDuration(JsonNode node) {
        String t = JsonValues.asText(node);
        if (t == null) {
            return null;
        }
        try {
            Duration d = Duration.parse(t.trim());
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Description, then the items of {@code errors} in any of their shapes, then other scalar extras. */
    private static String describe(String description, JsonNode root) {
        List<String> parts = new ArrayList<>();
        JsonNode errors = root.get("errors");
        if (errors != null && errors.isArray()) {
            for (JsonNode e : errors) {
                if (e.isObject()) {
                    String where = firstText(e.get("parameter"), e.get("field_id"), e.get("field"));
                    String what = firstText(e.get("error"), e.get("message"), e.get("description"));
                    String code = JsonValues.asText(e.get("code"));
                    StringBuilder sb = new StringBuilder();
                    if (where != null) {
                        sb.append(where).append(": ");
                    }
                    sb.append(what != null ? what : "invalid");
                    if (code != null) {
                        sb.append(" (code ").append(code).append(')');
                    }
                    parts.add(sb.toString());
                } else if (JsonValues.asText(e) != null) {
                    parts.add(JsonValues.asText(e));
                }
            }
        } else if (JsonValues.asText(errors) != null) {
            parts.add(JsonValues.asText(errors));
        }
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!ENVELOPE.contains(f.getKey()) && JsonValues.asText(f.getValue()) != null) {
                parts.add(f.getKey() + " " + JsonValues.asText(f.getValue()));
            }
        }
        String base = description == null || description.isBlank() ? null : description.trim();
        if (parts.isEmpty()) {
            return base;
        }
        return (base == null ? "" : base + " ") + "(" + String.join("; ", parts) + ")";
    }

    private static String firstText(JsonNode... nodes) {
        for (JsonNode n : nodes) {
            String t = JsonValues.asText(n);
            if (t != null && !t.isBlank()) {
                return t;
            }
        }
        return null;
    }
}
