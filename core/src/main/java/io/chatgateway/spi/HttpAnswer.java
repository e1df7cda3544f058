package io.chatgateway.spi;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.chatgateway.ChatGatewayException;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.ErrorDetails;
import io.chatgateway.ProtocolException;
import io.chatgateway.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The provider's answer to an {@link HttpCall}: status, headers and the whole (size-capped) body.
 *
 * <p>{@link #json()} parses with the gateway's hardened mapper; an unparseable body becomes a
 * {@link ProtocolException}, or a {@link DeliveryUncertainException} when the call delivered a message.
 * Immutable and thread-safe.
 */
public final class HttpAnswer {

    /** Longest quote of a body in an error message. */
    public static final int MAX_QUOTE = 256;

    private final HttpCall call;
    private final ErrorDetails details;
    private final int status;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final ObjectMapper mapper;
    private final Instant receivedAt;
    private final List<Secret> accountSecrets;
    /** The parse of the body, done once: the error decoder and the adapter both read it. */
    private volatile @Nullable Object parsed;

    /**
     * Made by the gateway's transport; public for adapters' unit tests.
     *
     * @param call       the call answered
     * @param details    account, provider and operation of the call
     * @param status     HTTP status
     * @param headers    response headers
     * @param body       the body, possibly empty
     * @param mapper     the mapper for {@link #json()}
     * @param receivedAt when the answer arrived (for HTTP-date {@code Retry-After})
     */
    public HttpAnswer(HttpCall call, ErrorDetails details, int status, Map<String, List<String>> headers, byte[] body,
                      ObjectMapper mapper, Instant receivedAt) {
        this(call, details, status, headers, body, mapper, receivedAt, List.of());
    }

    /**
     * Made by the gateway's transport.
     *
     * @param call          the call answered
     * @param details       account, provider and operation of the call
     * @param status        HTTP status
     * @param headers       response headers
     * @param body          the body, possibly empty
     * @param mapper        the mapper for {@link #json()}
     * @param receivedAt    when the answer arrived (for HTTP-date {@code Retry-After})
     * @param accountSecrets every credential of the account, redacted from quotes besides the call's own
     */
    public HttpAnswer(HttpCall call, ErrorDetails details, int status, Map<String, List<String>> headers, byte[] body,
                      ObjectMapper mapper, Instant receivedAt, List<Secret> accountSecrets) {
        this.call = call;
        this.details = details.withHttpStatus(status);
        this.status = status;
        this.headers = immutable(headers) ? headers : copy(headers);
        this.body = body == null ? new byte[0] : body;
        this.mapper = mapper;
        this.receivedAt = receivedAt;
        this.accountSecrets = List.copyOf(accountSecrets);
    }

    /** The JDK's response headers and {@code Map.of} maps are immutable: no copy needed. */
    private static final Set<Class<?>> IMMUTABLE_MAPS = Set.copyOf(List.of(
            Collections.unmodifiableMap(new TreeMap<>()).getClass(), Map.of().getClass(), Map.of("", "").getClass(),
            Map.of("", "", " ", "").getClass()));

    private static boolean immutable(Map<String, List<String>> headers) {
        return IMMUTABLE_MAPS.contains(headers.getClass());
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> headers) {
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(h);
    }

    /** @return the credentials to redact from anything quoted from this answer */
    List<Secret> redactions() {
        List<Secret> all = new java.util.ArrayList<>(call.secrets());
        all.addAll(accountSecrets);
        return all;
    }

    /** @return the call this answers */
    public HttpCall call() { return call; }

    /** @return account, provider, operation and HTTP status */
    public ErrorDetails details() { return details; }

    /** @return the HTTP status */
    public int status() { return status; }

    /** @return {@code true} for 2xx */
    public boolean isSuccess() { return status >= 200 && status < 300; }

    /** @return when the answer arrived */
    public Instant receivedAt() { return receivedAt; }

    /**
     * @param name header name, any case
     * @return its first value
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        if (values == null) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    values = e.getValue();
                    break;
                }
            }
        }
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** @return the body bytes; do not modify */
    public byte[] bytes() { return body; }

    /** @return the body as UTF-8 text */
    public String text() { return new String(body, StandardCharsets.UTF_8); }

    /** @return {@code true} when the body is empty or only white space */
    public boolean isBlank() {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /** @return {@code true} when the body looks like JSON (starts with <code>{</code>, <code>[</code> or <code>"</code>) */
    public boolean looksLikeJson() {
        for (byte b : body) {
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                continue;
            }
            return b == '{' || b == '[' || b == '"';
        }
        return false;
    }

    /**
     * Parses the body once; later calls return the same tree (treat it as read-only) or throw the same
     * exception.
     *
     * @return the body parsed as JSON; {@link MissingNode} for an empty body
     * @throws ProtocolException           when it is not JSON or breaks the parser's limits
     * @throws DeliveryUncertainException  instead, when the call delivered a message
     */
    public JsonNode json() {
        Object result = parsed;
        if (result == null) {
            result = parse();
            parsed = result;
        }
        if (result instanceof ChatGatewayException e) {
            throw e;
        }
        return (JsonNode) result;
    }

    /** @return the tree, or the exception that reading the body gave; never throws */
    private Object parse() {
        if (isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return mapper.readTree(body);
        } catch (StreamConstraintsException e) {
            return unreadable("broke the JSON parser's limits (" + e.getOriginalMessage() + ")", e);
        } catch (JacksonException e) {
            return unreadable("is not valid JSON: " + quote(), e);
        } catch (IOException e) {
            return unreadable("could not be read", e);
        }
    }

    /**
     * @param type the type to bind to
     * @param <T>  the type
     * @return the body bound to {@code type}
     */
    public <T> T json(Class<T> type) {
        try {
            return mapper.treeToValue(json(), type);
        } catch (JacksonException e) {
            throw unreadable("does not have the expected shape (" + type.getSimpleName() + ")", e);
        }
    }

    /**
     * @param problem what is wrong with the answer, completing "the answer ..."
     * @param cause   the parser's exception
     * @return the exception to throw: {@link ProtocolException}, or {@link DeliveryUncertainException} for a send
     */
    public ChatGatewayException unreadable(String problem, @Nullable Throwable cause) {
        String where = call.method() + " " + call.pathForLogs();
        if (call.deliversMessage()) {
            return new DeliveryUncertainException("The answer to " + where + " (HTTP " + status + ") " + problem
                    + "; the message may have been sent, so it is not sent again.", details, null, null, cause);
        }
        return new ProtocolException("The answer to " + where + " (HTTP " + status + ") " + problem + ".", details, cause);
    }

    /**
     * @return at most {@value #MAX_QUOTE} characters of the body for an error message: markup removed,
     *         white space folded, credentials of the call replaced by {@code ****}
     */
    public String quote() {
        String text = new String(body, 0, Math.min(body.length, 64 * 1024), StandardCharsets.UTF_8);
        if (text.toLowerCase(Locale.ROOT).contains("<html") || text.trim().startsWith("<")) {
            text = text.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", " ").replaceAll("<[^>]*>", " ");
        }
        text = text.replaceAll("\\s+", " ").trim();
        for (Secret s : redactions()) {
            text = text.replace(s.reveal(), "****");
        }
        if (text.length() > MAX_QUOTE) {
            text = text.substring(0, MAX_QUOTE - 1) + "…";
        }
        return text.isEmpty() ? "(empty body)" : "\"" + text + "\"";
    }

    @Override
    public String toString() {
        return "HttpAnswer[" + status + " to " + call + ", " + body.length + " bytes]";
    }
}
