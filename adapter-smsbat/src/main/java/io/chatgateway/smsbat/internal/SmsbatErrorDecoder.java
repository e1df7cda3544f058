package io.chatgateway.smsbat.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.AuthenticationException;
import io.chatgateway.ChatGatewayException;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.ProtocolException;
import io.chatgateway.spi.ErrorDecoder;
import io.chatgateway.spi.HttpAnswer;
import io.chatgateway.spi.JsonValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one place where ChatHub answers become typed exceptions.
 *
 * <p>ChatHub's error body is undocumented, so every shape seen around SMSBAT is read: the SMSBAT API's
 * {@code {"status","error","message","code"}}, ASP.NET ProblemDetails ({@code title}, {@code detail},
 * {@code errors} as a field map), {@code {"errors":[…]}}, a bare JSON string, plain text or HTML, and an
 * empty body. The SMSBAT codes 1001–1003 (invalid format, missing field, invalid phone) are request
 * errors whatever the HTTP status; otherwise {@link ErrorDecoder#byStatus} decides. A 2xx answer is an
 * error only when it says so in-band: {@code "success":false} / {@code "isSuccess":false}, or
 * {@code "isValid":false} (a rejected token). Thread-safe.
 */
final class SmsbatErrorDecoder implements ErrorDecoder {

    private static final Set<String> REQUEST_ERROR_CODES = Set.of("1001", "1002", "1003");

    @Override
    public Optional<ChatGatewayException> decode(HttpAnswer answer) {
        if (answer.isSuccess()) {
            return inBand(answer);
        }
        Said said = read(answer);
        if (said.code() != null && REQUEST_ERROR_CODES.contains(said.code())) {
            return Optional.of(new InvalidRequestException(ErrorDecoder.sentence(answer, said.code(), said.text()),
                    answer.details().withProviderCode(said.code())));
        }
        return Optional.of(ErrorDecoder.byStatus(answer, said.code(), said.text()));
    }

    private static Optional<ChatGatewayException> inBand(HttpAnswer answer) {
        if (!answer.looksLikeJson()) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = answer.json();
        } catch (ChatGatewayException unreadable) {
            return Optional.empty(); // the caller reads the body and reports it as unreadable in context
        }
        if (!node.isObject()) {
            return Optional.empty();
        }
        // what the body says is read only for a refusal: a successful answer (often the sent message) needs none of it
        if (Boolean.FALSE.equals(JsonValues.asBoolean(node.get("isValid")))) {
            Said said = said(node);
            return Optional.of(new AuthenticationException(answer.status() == 401 && answer.call().carriesCredential()
                    ? AuthenticationException.Reason.EXPIRED : AuthenticationException.Reason.REJECTED,
                    ErrorDecoder.sentence(answer, said.code(), said.text() == null ? "the token is not valid" : said.text()),
                    answer.details().withProviderCode(said.code()), null));
        }
        if (Boolean.FALSE.equals(JsonValues.asBoolean(node.get("success")))
                || Boolean.FALSE.equals(JsonValues.asBoolean(node.get("isSuccess")))) {
            Said said = said(node);
            String sentence = ErrorDecoder.sentence(answer, said.code(), said.text() == null ? "success is false" : said.text());
            if (said.code() != null && REQUEST_ERROR_CODES.contains(said.code())) {
                return Optional.of(new InvalidRequestException(sentence, answer.details().withProviderCode(said.code())));
            }
            // an explicit refusal: nothing was done, but repeating the same call will not help
            return Optional.of(new ProtocolException(sentence, answer.details().withProviderCode(said.code()), null, false));
        }
        return Optional.empty();
    }

    /** What an error body says: the provider's code and text, either may be {@code null}. */
    record Said(String code, String text) { }

    /**
     * @param answer an answer
     * @return its code and text; text {@code null} means "quote the body" (plain text, HTML, empty)
     */
    static Said read(HttpAnswer answer) {
        if (answer.isBlank() || !answer.looksLikeJson()) {
            return new Said(null, null);
        }
        JsonNode node;
        try {
            node = answer.json();
        } catch (ChatGatewayException unreadable) {
            return new Said(null, null);
        }
        if (node.isTextual()) {
            String t = node.textValue().trim();
            return new Said(null, t.isEmpty() ? null : t);
        }
        if (node.isArray()) {
            String joined = join(messages(node));
            return new Said(null, joined);
        }
        return node.isObject() ? said(node) : new Said(null, null);
    }

    private static Said said(JsonNode o) {
        String code = JsonValues.asText(o.get("code"));
        if (code == null) {
            code = JsonValues.asText(o.get("errorCode"));
        }
        List<String> parts = new ArrayList<>();
        String message = firstText(o, "message", "Message", "detail", "title", "error_description");
        JsonNode error = o.get("error");
        if (message == null && error != null) {
            message = error.isObject() ? firstText(error, "message", "Message", "detail", "title")
                    : JsonValues.asText(error);
        } else if (message != null && error != null && error.isTextual() && !error.textValue().isBlank()
                && !message.contains(error.textValue())) {
            message = error.textValue() + ": " + message; // {"error":"Bad Request","message":"…"}
        }
        if (message == null && o.hasNonNull("title") && o.hasNonNull("detail")) {
            message = o.get("title").asText() + ": " + o.get("detail").asText();
        }
        if (message != null && !message.isBlank()) {
            parts.add(message.trim());
        }
        JsonNode errors = o.has("errors") ? o.get("errors") : o.get("Errors");
        parts.addAll(messages(errors));
        if (error != null && error.isObject() && error.has("code") && code == null) {
            code = JsonValues.asText(error.get("code"));
        }
        String text = join(parts);
        return new Said(code, text);
    }

    private static String firstText(JsonNode o, String... names) {
        for (String n : names) {
            String t = JsonValues.asText(o.get(n));
            if (t != null && !t.isBlank()) {
                return t;
            }
        }
        return null;
    }

    /** Flattens {@code errors}: an array of strings or objects, or ASP.NET's field → messages map. */
    private static List<String> messages(JsonNode errors) {
        List<String> out = new ArrayList<>();
        if (JsonValues.isAbsent(errors)) {
            return out;
        }
        if (errors.isTextual()) {
            out.add(errors.textValue());
        } else if (errors.isArray()) {
            for (JsonNode e : errors) {
                if (e.isObject()) {
                    String t = firstText(e, "message", "Message", "detail", "title", "error", "description");
                    if (t != null) {
                        out.add(t);
                    }
                } else if (JsonValues.asText(e) != null) {
                    out.add(JsonValues.asText(e));
                }
            }
        } else if (errors.isObject()) {
            for (Map.Entry<String, JsonNode> f : errors.properties()) {
                List<String> inner = messages(f.getValue());
                String field = f.getKey().isEmpty() || f.getKey().equals("base") ? "" : f.getKey() + ": ";
                for (String m : inner) {
                    out.add(field + m);
                }
            }
        }
        return out;
    }

    private static String join(List<String> parts) {
        List<String> clean = parts.stream().map(String::trim).filter(p -> !p.isEmpty()).toList();
        if (clean.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (String p : clean) {
            if (sb.length() > 0) {
                sb.append(sb.charAt(sb.length() - 1) == '.' ? " " : "; ");
            }
            sb.append(p);
        }
        return sb.toString();
    }
}
