package io.chatgateway.spi;

import java.util.List;

/**
 * What an adapter returns for one page: the items and the opaque cursor of the next page.
 *
 * @param items      the items; copied
 * @param nextCursor the cursor of the next page, or {@code null} when this is the last page
 * @param <T>        the item type
 */
public record PageSlice<T>(List<T> items, String nextCursor) {

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
}
