package io.chatgateway.spi;

import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * An account's cheapest way to learn which conversations changed, used by the inbox on every poll. The
 * inbox then reads only those conversations' messages (from its per-conversation checkpoint) and compares
 * their snapshots with the last ones it saw; the detector does not need to be exact, only never to miss a
 * conversation whose messages or state changed.
 *
 * <p>Adapters return one from {@link ChatProvider#changeDetector(String)}; the default,
 * {@link #listing(ChatProvider, String)}, lists every conversation of the account. Implementations must be
 * thread-safe and make no retries (the transport's per-request resilience applies). Their idle cost
 * (requests per scan of an account where nothing happens) should be documented.
 */
public interface ChangeDetector {

    /** Kind of the {@link #listing} detector's positions. */
    String LISTING_KIND = "listing/1";

    /**
     * @return the kind and version of this detector's positions, e.g. {@code navixy-updated/1}; a stored
     *         position of another kind is refused at start instead of being misread
     */
    String kind();

    /**
     * @param position where the last completed scan left off ({@link Scan#position()}), or an empty string on
     *                 the first scan
     * @return the conversations that may have changed since then; a failed future when the provider could
     *         not be asked (the inbox tries again at its next poll)
     */
    CompletableFuture<Scan> scan(String position);

    /**
     * What one {@link #scan(String)} found. Immutable.
     *
     * @param conversations conversations that may have changed since the position scanned from (a detector may
     *                      report unchanged ones too; the inbox compares them with its checkpoints)
     * @param position      the position to scan from next time: opaque, at most a few KiB; the inbox stores it
     *                      only after every reported conversation has been handled
     * @param requests      how many provider requests the scan made (for the rate budget and the idle-cost
     *                      figures)
     */
    record Scan(List<Signal> conversations, String position, int requests) {

        /**
         * Copies the list; a {@code null} position becomes empty.
         *
         * @throws NullPointerException     without a list
         * @throws IllegalArgumentException when {@code requests} is negative
         */
        public Scan {
            conversations = List.copyOf(Objects.requireNonNull(conversations, "conversations"));
            position = position == null ? "" : position;
            if (requests < 0) {
                throw new IllegalArgumentException("requests must not be negative, was " + requests);
            }
        }
    }

    /**
     * One conversation a {@link ChangeDetector} reports as possibly changed. Immutable.
     *
     * @param ref          the conversation
     * @param lastActivity its latest activity as the provider reports it, or {@code null}: with a snapshot, "no
     *                     messages yet"; without one, "unknown" (the inbox then reads its messages on every scan
     *                     that reports it)
     * @param snapshot     the conversation as listed (status, unread count, ...), or {@code null} when the
     *                     detector's signal does not carry it (no {@code CONVERSATION_UPDATED} events then)
     */
    record Signal(ConversationRef ref, @Nullable Instant lastActivity, @Nullable Conversation snapshot) {

        /**
         * Checks the reference.
         *
         * @throws NullPointerException without a ref
         */
        public Signal {
            Objects.requireNonNull(ref, "ref");
        }

        /**
         * @param conversation a listed conversation
         * @return its signal: its last message time and itself as snapshot
         */
        public static Signal of(Conversation conversation) {
            return new Signal(conversation.ref(), conversation.lastMessageAt(), conversation);
        }
    }

    /**
     * The generic detector: lists every conversation of the account (all pages) and reports each with its
     * last message time and snapshot; the inbox reads messages only where those moved. Idle cost: one
     * request per page of conversations per scan. Suits third-party adapters whose conversation list carries
     * the last activity.
     *
     * @param provider the adapter (its {@link ChatProvider#conversations} is called)
     * @param account  the account name the gateway registered
     * @return the detector, of kind {@link #LISTING_KIND}
     */
    static ChangeDetector listing(ChatProvider provider, String account) {
        return listing(provider, account, 0);
    }

    /**
     * {@link #listing(ChatProvider, String)} with an explicit page size (the inbox uses the provider's largest
     * page up to 100, so an idle account costs as few requests as the listing allows).
     *
     * @param provider the adapter
     * @param account  the account name the gateway registered
     * @param pageSize conversations per listing request; 0 = the adapter's default
     * @return the detector, of kind {@link #LISTING_KIND}
     */
    static ChangeDetector listing(ChatProvider provider, String account, int pageSize) {
        return listing(provider, ConversationQuery.forAccount(account).pageSize(pageSize).build());
    }

    /**
     * The generic detector over a narrower listing, for adapters whose provider filters conversations by
     * activity (e.g. "last message since"): every page of {@code query} is listed and each conversation
     * reported with its last message time and snapshot.
     *
     * @param provider the adapter (its {@link ChatProvider#conversations} is called)
     * @param query    what to list: the account, filters and page size
     * @return the detector, of kind {@link #LISTING_KIND}
     * @throws NullPointerException without a provider or query
     */
    static ChangeDetector listing(ChatProvider provider, ConversationQuery query) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(query, "query");
        return new ChangeDetector() {
            @Override
            public String kind() {
                return LISTING_KIND;
            }

            @Override
            public CompletableFuture<Scan> scan(String position) {
                List<Signal> signals = new ArrayList<>();
                int[] requests = {0};
                return listingPage(provider, query, null, signals, requests)
                        .thenApply(v -> new Scan(signals, "", requests[0]));
            }
        };
    }

    private static CompletableFuture<Void> listingPage(ChatProvider provider, ConversationQuery query,
                                                       @Nullable String cursor, List<Signal> into, int[] requests) {
        requests[0]++;
        return provider.conversations(query, cursor).thenCompose(slice -> {
            for (Conversation c : slice.items()) {
                into.add(Signal.of(c));
            }
            String next = slice.nextCursor();
            return next == null ? CompletableFuture.completedFuture(null)
                    : listingPage(provider, query, next, into, requests);
        });
    }
}
