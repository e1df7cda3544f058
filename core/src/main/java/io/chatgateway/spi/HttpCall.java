package io.chatgateway.spi;

import org.jspecify.annotations.Nullable;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.Operation;
import io.chatgateway.Secret;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One HTTP request an adapter wants made, built with {@link #get}, {@link #post}, {@link #put},
 * {@link #delete} or {@link #patch}.
 *
 * <p>Path parameters and query names and values are percent-encoded exactly once, here; callers pass
 * raw values. Header values with CR or LF are rejected. Credentials go through
 * {@link Builder#credential(String, String, Secret)}, which keeps them out of logs and redacts them
 * from any quoted answer. Immutable and thread-safe.
 */
public final class HttpCall {

    /** URIs of calls without a query, by base and path: most calls of an account repeat a handful of them. */
    private static final Map<String, Map<String, URI>> URIS = new ConcurrentHashMap<>();
    private static final int MAX_CACHED_BASES = 256;
    private static final int MAX_CACHED_URIS = 4096;
    /** Encoded query names that needed encoding, by raw name (see {@link #encodeName}). */
    private static final Map<String, String> NAMES = new ConcurrentHashMap<>();
    private static final int MAX_CACHED_NAMES = 1024;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final String method;
    private final URI uri;
    private final String pathForLogs;
    private final Map<String, List<String>> headers;
    private final List<Secret> secrets;
    private final @Nullable Object json;
    private final byte @Nullable [] body;
    private final @Nullable String contentType;
    private final @Nullable Operation operation;
    private final boolean carriesCredential;
    private final boolean deliversMessage;
    private final @Nullable Duration timeout;

    private HttpCall(Builder b) {
        this.method = b.method;
        this.pathForLogs = b.path;
        if (b.query == null) {
            this.uri = cachedUri(b.base, b.path);
        } else {
            // encoded names and values, side by side: joined here once, into a buffer of the exact length
            List<String> q = b.query;
            int length = b.base.length() + b.path.length() + q.size(); // '?', '=' and '&' between them
            for (int i = 0; i < q.size(); i++) {
                length += q.get(i).length();
            }
            StringBuilder u = new StringBuilder(length).append(b.base).append(b.path).append('?');
            for (int i = 0; i < q.size(); i += 2) {
                if (i > 0) {
                    u.append('&');
                }
                u.append(q.get(i)).append('=').append(q.get(i + 1));
            }
            this.uri = URI.create(u.toString());
        }
        this.headers = headers(b.headers, b.headerCount);
        this.secrets = b.secrets != null ? List.copyOf(b.secrets) : b.secret != null ? List.of(b.secret) : List.of();
        this.json = b.json;
        this.body = b.body;
        this.contentType = b.contentType;
        this.operation = b.operation;
        this.carriesCredential = b.carriesCredential;
        this.deliversMessage = b.deliversMessage;
        this.timeout = b.timeout;
    }

    /** @return the URI of base + path, parsed once per pair (most calls of an account repeat a handful of them) */
    private static URI cachedUri(String base, String path) {
        Map<String, URI> byPath = URIS.get(base);
        if (byPath == null) {
            if (URIS.size() >= MAX_CACHED_BASES) {
                return URI.create(base + path);
            }
            byPath = URIS.computeIfAbsent(base, k -> new ConcurrentHashMap<>());
        }
        URI cached = byPath.get(path);
        if (cached != null) {
            return cached;
        }
        URI uri = URI.create(base + path);
        if (byPath.size() < MAX_CACHED_URIS) {
            byPath.put(path, uri);
        }
        return uri;
    }

    /**
     * @param pairs name, value, name, value… as added (a name may repeat)
     * @param count how many of {@code pairs} are used
     * @return the headers by name, each name's values in the order added; immutable
     */
    private static Map<String, List<String>> headers(String[] pairs, int count) {
        if (count == 0) {
            return Map.of();
        }
        if (count == 2) {
            return Map.of(pairs[0], List.of(pairs[1]));
        }
        if (count == 4 && !pairs[0].equals(pairs[2])) {
            return Map.of(pairs[0], List.of(pairs[1]), pairs[2], List.of(pairs[3]));
        }
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        for (int i = 0; i < count; i += 2) {
            grouped.computeIfAbsent(pairs[i], k -> new ArrayList<>(1)).add(pairs[i + 1]);
        }
        Map<String, List<String>> h = new LinkedHashMap<>();
        grouped.forEach((k, v) -> h.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(h);
    }

    private static boolean isUnreserved(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTemplate(String t) {
        if (t == null || t.isEmpty() || t.charAt(0) != '/') {
            return false;
        }
        for (int i = 1; i < t.length(); i++) {
            char c = t.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '/' || c == '.'
                    || c == '_' || c == '~' || c == '{' || c == '}' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * @param base         the provider's base URI, e.g. {@code https://api.eu.navixy.com/v2}
     * @param pathTemplate path below the base, with {@code {}} for each parameter, e.g. {@code /chat/Message/{}.json}
     * @param pathParams   raw parameter values, encoded here
     * @return a builder
     */
    public static Builder get(URI base, String pathTemplate, String... pathParams) {
        return new Builder("GET", base, pathTemplate, pathParams);
    }

    /**
     * @param base base
     * @param pathTemplate path
     * @param pathParams params
     * @return a builder
     * @see #get(URI, String, String...)
     */
    public static Builder post(URI base, String pathTemplate, String... pathParams) {
        return new Builder("POST", base, pathTemplate, pathParams);
    }

    /**
     * @param base base
     * @param pathTemplate path
     * @param pathParams params
     * @return a builder
     * @see #get(URI, String, String...)
     */
    public static Builder put(URI base, String pathTemplate, String... pathParams) {
        return new Builder("PUT", base, pathTemplate, pathParams);
    }

    /**
     * @param base base
     * @param pathTemplate path
     * @param pathParams params
     * @return a builder
     * @see #get(URI, String, String...)
     */
    public static Builder delete(URI base, String pathTemplate, String... pathParams) {
        return new Builder("DELETE", base, pathTemplate, pathParams);
    }

    /**
     * @param base base
     * @param pathTemplate path
     * @param pathParams params
     * @return a builder
     * @see #get(URI, String, String...)
     */
    public static Builder patch(URI base, String pathTemplate, String... pathParams) {
        return new Builder("PATCH", base, pathTemplate, pathParams);
    }

    /** @return the HTTP method */
    public String method() { return method; }

    /** @return the full request URI, encoded */
    public URI uri() { return uri; }

    /** @return the encoded path below the base, without the query: safe to log */
    public String pathForLogs() { return pathForLogs; }

    /** @return request headers, credentials included */
    public Map<String, List<String>> headers() { return headers; }

    /** @return credentials used by this call, for redaction */
    public List<Secret> secrets() { return secrets; }

    /** @return the object to send as JSON, if any */
    public Optional<Object> json() { return Optional.ofNullable(json); }

    /** @return the raw body bytes (form or explicit), if any; a copy */
    public Optional<byte[]> body() { return Optional.ofNullable(body).map(byte[]::clone); }

    /** @return the body's content type, if there is a body */
    public Optional<String> contentType() { return Optional.ofNullable(contentType); }

    /** @return the gateway operation this call serves, e.g. {@code send}; {@code null} when the adapter did not name it */
    public @Nullable Operation operation() { return operation; }

    /**
     * @return {@code true} when a credential header ({@link Builder#credential}) was added: a 401 to this call
     *         means the session, token or key it carried is no longer accepted
     */
    public boolean carriesCredential() { return carriesCredential; }

    /** @return {@code true} when this call delivers a message: uncertain outcomes are never retried */
    public boolean deliversMessage() { return deliversMessage; }

    /** @return a timeout for this call overriding the account's, if set */
    public Optional<Duration> timeout() { return Optional.ofNullable(timeout); }

    /** Never shows credentials or the body. */
    @Override
    public String toString() {
        return method + " " + pathForLogs + (operation == null ? "" : " (" + operation + ")");
    }

    /**
     * @return {@link #encode} of a query name, kept once made: an adapter sends the same few names with brackets
     *         (e.g. {@code date_sent[gte]}) on every call, which would otherwise be encoded anew each time
     */
    private static String encodeName(String name) {
        if (isUnreserved(name)) {
            return name;
        }
        String encoded = NAMES.get(name);
        if (encoded == null) {
            encoded = encode(name);
            if (NAMES.size() < MAX_CACHED_NAMES) {
                NAMES.put(name, encoded);
            }
        }
        return encoded;
    }

    /**
     * @param value raw text
     * @return the text percent-encoded for a path segment or query component (RFC 3986 unreserved kept)
     */
    public static String encode(String value) {
        if (isUnreserved(value)) {
            return value; // nothing to encode (ids, numbers, plain names): no copy
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return sb.toString();
    }

    /** Builds an {@link HttpCall}; not thread-safe. */
    public static final class Builder {
        private final String method;
        private final String base;
        private final String path;
        // made on first use: most calls have no query and one secret at most
        private @Nullable List<String> query;
        private String[] headers = new String[4];
        private int headerCount;
        private @Nullable Secret secret;
        private @Nullable List<Secret> secrets;
        private @Nullable Object json;
        private byte @Nullable [] body;
        private @Nullable String contentType;
        private @Nullable Operation operation;
        private boolean carriesCredential;
        private boolean deliversMessage;
        private @Nullable Duration timeout;

        private Builder(String method, URI base, String pathTemplate, String... params) {
            Objects.requireNonNull(base, "base");
            if (!isTemplate(pathTemplate)) {
                throw new IllegalArgumentException("Path template must start with '/' and use only unreserved characters: " + pathTemplate);
            }
            this.method = method;
            String b = base.toString();
            this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
            if (params.length == 0 && pathTemplate.indexOf("{}") < 0) {
                this.path = pathTemplate; // nothing to fill in
                return;
            }
            StringBuilder p = new StringBuilder();
            int param = 0;
            for (int i = 0; i < pathTemplate.length(); i++) {
                char c = pathTemplate.charAt(i);
                if (c == '{' && i + 1 < pathTemplate.length() && pathTemplate.charAt(i + 1) == '}') {
                    if (param >= params.length) {
                        throw new IllegalArgumentException("Too few path parameters for " + pathTemplate);
                    }
                    String value = params[param++];
                    if (value == null || value.isEmpty()) {
                        throw new InvalidRequestException("A path parameter of " + pathTemplate + " is empty.");
                    }
                    p.append(encode(value));
                    i++;
                } else {
                    p.append(c);
                }
            }
            if (param != params.length) {
                throw new IllegalArgumentException("Too many path parameters for " + pathTemplate);
            }
            this.path = p.toString();
        }

        /**
         * Adds a query parameter; repeat a name to send it twice.
         *
         * @param name  raw name, e.g. {@code date_sent[gt]}
         * @param value raw value; {@code null} skips the parameter
         * @return this
         */
        public Builder query(String name, @Nullable Object value) {
            if (value != null) {
                if (query == null) {
                    query = new ArrayList<>();
                }
                query.add(encodeName(name));
                query.add(encode(String.valueOf(value)));
            }
            return this;
        }

        /**
         * @param name  header name
         * @param value header value without CR or LF
         * @return this
         * @throws InvalidRequestException when the value holds CR or LF
         */
        public Builder header(String name, String value) {
            requireHeaderSafe(name);
            requireHeaderSafe(value);
            if (headerCount == headers.length) {
                headers = java.util.Arrays.copyOf(headers, headerCount * 2);
            }
            headers[headerCount++] = name;
            headers[headerCount++] = value;
            return this;
        }

        /**
         * Adds a credential header, e.g. {@code credential("Authorization", "NVX ", hash)}.
         *
         * @param name   header name
         * @param prefix text before the secret, may be empty
         * @param secret the credential
         * @return this
         */
        public Builder credential(String name, String prefix, Secret secret) {
            addSecret(secret);
            carriesCredential = true;
            return header(name, (prefix == null ? "" : prefix) + secret.reveal());
        }

        /**
         * Registers a secret that the body carries (a password), so that it is redacted from quotes.
         *
         * @param secret the secret
         * @return this
         */
        public Builder redact(Secret secret) {
            addSecret(secret);
            return this;
        }

        /**
         * @param value object serialized with the gateway's mapper
         * @return this
         */
        public Builder json(Object value) {
            this.json = Objects.requireNonNull(value);
            this.body = null;
            this.contentType = "application/json";
            return this;
        }

        /**
         * @param fields form fields in order, {@code null} values skipped
         * @return this
         */
        public Builder form(Map<String, ? extends @Nullable Object> fields) {
            StringBuilder sb = new StringBuilder();
            fields.forEach((k, v) -> {
                if (v != null) {
                    if (sb.length() > 0) {
                        sb.append('&');
                    }
                    sb.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                            .append(URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8));
                }
            });
            return body(sb.toString().getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded");
        }

        /**
         * @param bytes body
         * @param type content type
         * @return this
         */
        public Builder body(byte[] bytes, String type) {
            this.body = bytes.clone();
            this.json = null;
            this.contentType = type;
            return this;
        }

        /**
         * @param name the gateway operation, e.g. {@link Operation#SEND}
         * @return this
         */
        public Builder operation(Operation name) {
            this.operation = name;
            return this;
        }

        /**
         * Marks the call as delivering a message: an uncertain outcome is never retried.
         *
         * @return this
         */
        public Builder deliversMessage() {
            this.deliversMessage = true;
            return this;
        }

        /**
         * @param value timeout for this call
         * @return this
         */
        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        /** @return the call */
        public HttpCall build() {
            return new HttpCall(this);
        }

        /** Keeps the first secret in a field (the usual call has one), a list only from the second on. */
        private void addSecret(Secret value) {
            Secret first = secret;
            if (first == null && secrets == null) {
                secret = value;
                return;
            }
            if (secrets == null) {
                secrets = new ArrayList<>(2);
                if (first != null) {
                    secrets.add(first);
                }
                secret = null;
            }
            secrets.add(value);
        }

        private static void requireHeaderSafe(String text) {
            if (text == null || text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
                throw new InvalidRequestException("A header name or value must not be null or contain CR or LF.");
            }
        }
    }
}
