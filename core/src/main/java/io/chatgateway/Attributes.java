package io.chatgateway;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
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
            // a builder's map, handed over: the builder copies before it writes again, so no copy here; once frozen
            // the map itself refuses every change, so it needs no unmodifiable view either
            owned.frozen = true;
            return owned;
        }
        Owned copy = new Owned(attributes.size());
        attributes.forEach(copy::put);
        copy.frozen = true;
        return copy;
    }

    /**
     * A builder's attribute map: insertion order, null values allowed, names and values side by side in one array
     * (a message's few provider fields cost one array instead of a hash table and an entry per field); looked up
     * by a scan while small, through a hash index once it grows. Once built into a value it is frozen: every change
     * is refused ({@link UnsupportedOperationException}) and the builder writes to a copy. Not thread-safe while
     * written; a frozen map is only read, and reaches other threads through the final fields of its record.
     */
    static final class Owned extends AbstractMap<String, Object> {
        /** Names scanned up to this size; above it a hash index is kept. */
        private static final int SCANNED = 12;

        /** name0, value0, name1, value1, … */
        private @Nullable Object[] entries;
        private int size;
        private boolean frozen;
        /** Position of each name, made when the map grows above {@link #SCANNED}. */
        private @Nullable HashMap<Object, Integer> index;

        /** A builder's map, made at its second attribute: room for four (a message has a few provider fields). */
        Owned() {
            this(4);
        }

        private Owned(int capacity) {
            entries = new Object[2 * Math.max(capacity, 1)];
        }

        /** @param current the builder's map, or {@code null} @return a map the builder may write to */
        static Owned writable(@Nullable Owned current) {
            if (current == null) {
                return new Owned();
            }
            if (current.frozen) {
                Owned copy = new Owned(current.size + 2);
                current.forEach(copy::put);
                return copy;
            }
            return current;
        }

        private int find(@Nullable Object name) {
            if (index != null) {
                Integer at = index.get(name);
                return at == null ? -1 : at;
            }
            for (int i = 0; i < size; i++) {
                if (Objects.equals(entries[2 * i], name)) {
                    return i;
                }
            }
            return -1;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public boolean containsKey(@Nullable Object name) {
            return find(name) >= 0;
        }

        @Override
        public @Nullable Object get(@Nullable Object name) {
            int at = find(name);
            return at < 0 ? null : entries[2 * at + 1];
        }

        @Override
        public @Nullable Object put(String name, @Nullable Object value) {
            if (frozen) {
                throw new UnsupportedOperationException("attributes are immutable");
            }
            int at = find(name);
            if (at >= 0) {
                Object old = entries[2 * at + 1];
                entries[2 * at + 1] = value;
                return old;
            }
            if (2 * size == entries.length) {
                entries = Arrays.copyOf(entries, 4 * size);
            }
            entries[2 * size] = name;
            entries[2 * size + 1] = value;
            if (index != null) {
                index.put(name, size);
            } else if (size + 1 > SCANNED) {
                index = new HashMap<>();
                for (int i = 0; i <= size; i++) {
                    index.put(entries[2 * i], i);
                }
            }
            size++;
            return null;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void forEach(BiConsumer<? super String, ? super Object> action) {
            for (int i = 0; i < size; i++) {
                action.accept((String) entries[2 * i], entries[2 * i + 1]);
            }
        }

        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public int size() {
                    return size;
                }

                @Override
                public Iterator<Map.Entry<String, Object>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < size;
                        }

                        @Override
                        @SuppressWarnings("NullAway") // values are JSON-like and may be null, as in the map
                        public Map.Entry<String, Object> next() {
                            if (next >= size) {
                                throw new NoSuchElementException();
                            }
                            int i = next++;
                            return new AbstractMap.SimpleImmutableEntry<>((String) entries[2 * i], entries[2 * i + 1]);
                        }
                    };
                }
            };
        }
    }
}
