package io.chatgateway;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * One page of results and the way to the next.
 *
 * <p>{@link #stream()} walks this page and every page after it, fetching each only when the stream
 * reaches it and holding only one page at a time, so a history of a million messages streams in
 * constant memory. The cursor is opaque; pass it to the gateway's resume overloads to continue later.
 *
 * <p>Immutable and thread-safe; fetching the next page is a network call.
 *
 * @param <T> the item type
 */
public final class Page<T> {

    private final List<T> items;
    private final @Nullable String nextCursor;
    private final @Nullable Function<String, CompletableFuture<Page<T>>> fetcher;

    private Page(List<T> items, @Nullable String nextCursor, @Nullable Function<String, CompletableFuture<Page<T>>> fetcher) {
        this.items = List.copyOf(items);
        this.nextCursor = nextCursor;
        this.fetcher = fetcher;
    }

    /**
     * Creates a page. The gateway creates pages; this factory is public for adapters' and users' tests.
     *
     * @param items      the items of this page
     * @param nextCursor the cursor of the next page, or {@code null} when this is the last
     * @param fetcher    fetches the page for a cursor; not called when {@code nextCursor} is {@code null}
     * @param <T>        the item type
     * @return the page
     */
    public static <T> Page<T> of(List<T> items, @Nullable String nextCursor, Function<String, CompletableFuture<Page<T>>> fetcher) {
        if (nextCursor != null && fetcher == null) {
            throw new IllegalArgumentException("A page with a next cursor needs a fetcher.");
        }
        return new Page<>(items, nextCursor, fetcher);
    }

    /**
     * @param items the items
     * @param <T>   the item type
     * @return a single, last page
     */
    public static <T> Page<T> last(List<T> items) {
        return new Page<>(items, null, null);
    }

    /** @return the items of this page, possibly empty */
    public List<T> items() {
        return items;
    }

    /** @return {@code true} when there is a next page */
    public boolean hasNext() {
        return nextCursor != null;
    }

    /** @return the opaque cursor of the next page, when there is one */
    public Optional<String> nextCursor() {
        return Optional.ofNullable(nextCursor);
    }

    /**
     * @return the next page, fetched now
     * @throws NoSuchElementException when this is the last page
     * @throws ChatGatewayException   when fetching fails
     */
    public Page<T> next() {
        // the caller waits: its thread does the exchange, as for the gateway's other blocking calls
        return io.chatgateway.internal.CallerRuns.join(this::nextAsync);
    }

    /**
     * @return the next page, fetched asynchronously
     * @throws NoSuchElementException when this is the last page
     */
    public CompletableFuture<Page<T>> nextAsync() {
        Function<String, CompletableFuture<Page<T>>> f = fetcher;
        if (nextCursor == null || f == null) { // of() requires a fetcher with a cursor
            throw new NoSuchElementException("This is the last page.");
        }
        return f.apply(nextCursor);
    }

    /**
     * @return the items of this page and of every later page, fetched lazily, one page held at a time
     * @throws ChatGatewayException from the stream's terminal operation when fetching a page fails
     */
    public Stream<T> stream() {
        return StreamSupport.stream(new PageSpliterator<>(this), false);
    }

    @Override
    public String toString() {
        return "Page[items=" + items.size() + ", hasNext=" + hasNext() + "]";
    }

    static <R> R join(CompletableFuture<R> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private static final class PageSpliterator<T> extends Spliterators.AbstractSpliterator<T> {
        private Page<T> current;
        private int index;

        PageSpliterator(Page<T> first) {
            super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
            this.current = first;
        }

        @Override
        public boolean tryAdvance(Consumer<? super T> action) {
            while (index >= current.items.size()) {
                if (!current.hasNext()) {
                    return false;
                }
                current = current.next();
                index = 0;
            }
            action.accept(current.items.get(index++));
            return true;
        }
    }
}
