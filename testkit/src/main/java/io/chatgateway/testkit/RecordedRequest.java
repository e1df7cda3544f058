package io.chatgateway.testkit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One request a simulator received, as it arrived.
 *
 * @param method  HTTP method
 * @param path    decoded path
 * @param rawQuery raw (encoded) query string
 * @param query   decoded query parameters (repeated names keep every value)
 * @param headers request headers, names lower-cased
 * @param body    the body bytes
 */
public record RecordedRequest(String method, String path, @Nullable String rawQuery, Map<String, List<String>> query,
                              Map<String, List<String>> headers, byte[] body) {

    /** @return the body as UTF-8 text */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * @param name header name, any case
     * @return its first value
     */
    public Optional<String> header(String name) {
        List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /**
     * @param name query parameter
     * @return its first value
     */
    public Optional<String> queryParam(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }
}
