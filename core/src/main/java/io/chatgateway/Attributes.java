package io.chatgateway;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Copies attribute maps: ordered, unmodifiable, null values kept (they are JSON nulls). */
final class Attributes {

    /** The class of {@code Collections.singletonMap(key, value)}: immutable, and it answers null queries. */
    private static final Class<?> ONE_ENTRY = Collections.singletonMap("", "").getClass();

    private Attributes() {}

    static Map<String, Object> copy(Map<String, Object> attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return Map.of();
        }
        if (attributes.getClass() == ONE_ENTRY) {
            return attributes; // a singleton map: immutable already
        }
        if (attributes instanceof Owned owned) {
            // a builder's map, handed over: the builder copies before it writes again, so no copy here
            owned.frozen = true;
            return Collections.unmodifiableMap(owned);
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** A builder's attribute map; once built into a value it is frozen and the builder writes to a copy. */
    static final class Owned extends LinkedHashMap<String, Object> {
        private static final long serialVersionUID = 1L;
        private boolean frozen;

        /** @param current the builder's map, or {@code null} @return a map the builder may write to */
        static Owned writable(@Nullable Owned current) {
            if (current == null) {
                return new Owned();
            }
            if (current.frozen) {
                Owned copy = new Owned();
                copy.putAll(current);
                return copy;
            }
            return current;
        }
    }
}
