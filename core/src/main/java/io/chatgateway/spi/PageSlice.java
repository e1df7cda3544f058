package io.chatgateway.spi;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * What an adapter returns for one page: the items and the opaque cursor of the next page.
 *
 * @param items      the items; copied
 * @param nextCursor the cursor of the next page, or {@code null} when this is the last page
 * @param <T>        the item type
 */
public record PageSlice<T>(List<T> items, @Nullable String nextCursor) {

    /** Copies the items. */
    public PageSlice {
        items = List.copyOf(items);
    }

    /**
     * @param items the items
     * @param <T>   item type
     * @return a last page
     */
    public static <T> PageSlice<T> last(List<T> items) {
        return new PageSlice<>(items, null);
    }

    /**
     * Pages a provider's whole answer in memory by keyset, for providers that return whole arrays (SMSBAT's
     * chat history): skips the items up to the cursor's position, keeps those passing {@code keep}, and ends
     * the page at {@code size} items with a cursor naming the last one. Items appended meanwhile never shift
     * a page, since the position is a key, not an offset.
     *
     * @param ordered  every item, in the order of the walk
     * @param passed   {@code true} for items at or before the cursor's position (already returned); for no
     *                 cursor, {@code item -> false}
     * @param keep     the filters applied before paging
     * @param size     most items per page, at least 1
     * @param cursorAt the cursor naming an item's position
     * @param <T>      item type
     * @return the page
     */
    public static <T> PageSlice<T> keyset(List<T> ordered, Predicate<? super T> passed, Predicate<? super T> keep,
                                          int size, Function<? super T, String> cursorAt) {
        int max = Math.max(1, size);
        // an array of the page's size, handed to List.of: one copy, not a growing list copied twice
        @SuppressWarnings("unchecked")
        T[] page = (T[]) new Object[Math.min(max, ordered.size())];
        int n = 0;
        for (T item : ordered) {
            if (passed.test(item) || !keep.test(item)) {
                continue;
            }
            if (n == max) {
                return new PageSlice<>(List.of(page), cursorAt.apply(page[n - 1]));
            }
            page[n++] = item;
        }
        return last(List.of(n == page.length ? page : Arrays.copyOf(page, n)));
    }
}
