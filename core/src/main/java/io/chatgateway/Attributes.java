package io.chatgateway;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Copies attribute maps: ordered, unmodifiable, null values kept (they are JSON nulls). */
final class Attributes {

    private Attributes() {}

    static Map<String, Object> copy(Map<String, Object> attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return Map.of();
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }
}
