package io.chatgateway.spi;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * A position in a walk by a time of whole seconds (or any coarse key), for providers that page by time:
 * the boundary second reached so far and the ids already returned at that second. The next request starts
 * again at the boundary (inclusive) and skips those ids, so items sharing a second are neither lost nor
 * repeated. Written into cursors with {@link PageCursor#encode}.
 *
 * @param boundary the boundary second (or key)
 * @param seen     ids already returned at {@code boundary}; copied, sorted
 */
public record Keyset(long boundary, Set<String> seen) {

    /** Copies and sorts the ids. */
    public Keyset {
        seen = Set.copyOf(new TreeSet<>(seen));
    }

    /**
     * @param boundary the boundary second
     * @param seen     ids already returned at it
     */
    public Keyset(long boundary, Collection<String> seen) {
        this(boundary, Set.copyOf(new LinkedHashSet<>(seen)));
    }

    /**
     * @param boundary where the walk starts
     * @return a position at {@code boundary} with nothing returned yet
     */
    public static Keyset at(long boundary) {
        return new Keyset(boundary, Set.of());
    }

    /**
     * @param second the item's second
     * @param id     the item's id
     * @return {@code true} when the item was already returned (it lies at the boundary and its id was seen)
     */
    public boolean skips(long second, String id) {
        return second == boundary && seen.contains(id);
    }

    /**
     * @param second the second of an item just returned
     * @param id     its id
     * @return the position after it: the same boundary with one more id, or a new boundary with only this id
     */
    public Keyset after(long second, String id) {
        if (second != boundary) {
            return new Keyset(second, Set.of(id));
        }
        Set<String> ids = new LinkedHashSet<>(seen);
        ids.add(id);
        return new Keyset(second, ids);
    }
}
