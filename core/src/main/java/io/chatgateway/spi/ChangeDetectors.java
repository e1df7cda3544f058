package io.chatgateway.spi;

import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Ready-made {@link ChangeDetector}s for adapters.
 */
public final class ChangeDetectors {

    /** Kind of the {@link #listing} detector's positions. */
    public static final String LISTING_KIND = "listing/1";

    private ChangeDetectors() {}

    /**
     * The generic detector: lists every conversation of the account (all pages) and reports each with its
     * last message time and snapshot; the inbox reads messages only where those moved. Idle cost: one
     * request per page of conversations per scan. Suits providers whose conversation list carries the last
     * activity (SMSBAT's chats, QuickBlox's dialogs) and third-party adapters.
     *
     * @param provider the adapter (its {@link ChatProvider#conversations} is called)
     * @param account  the account name the gateway registered
     * @return the detector
     */
    public static ChangeDetector listing(ChatProvider provider, String account) {
        return listing(provider, account, 0);
    }

    /**
     * {@link #listing(ChatProvider, String)} with an explicit page size (the inbox uses the provider's largest
     * page up to 100, so an idle account costs as few requests as the listing allows).
     *
     * @param provider the adapter
     * @param account  the account name the gateway registered
     * @param pageSize conversations per listing request; 0 = the adapter's default
     * @return the detector
     */
    public static ChangeDetector listing(ChatProvider provider, String account, int pageSize) {
        Objects.requireNonNull(provider, "provider");
        ConversationQuery query = ConversationQuery.forAccount(account).pageSize(pageSize).build();
        return new ChangeDetector() {
            @Override
            public String kind() {
                return LISTING_KIND;
            }

            @Override
            public CompletableFuture<ChangeScan> scan(String position) {
                List<ConversationSignal> signals = new ArrayList<>();
                int[] requests = {0};
                return page(provider, query, null, signals, requests)
                        .thenApply(v -> new ChangeScan(signals, "", requests[0]));
            }
        };
    }

    private static CompletableFuture<Void> page(ChatProvider provider, ConversationQuery query, String cursor,
                                                List<ConversationSignal> into, int[] requests) {
        requests[0]++;
        return provider.conversations(query, cursor).thenCompose(slice -> {
            for (Conversation c : slice.items()) {
                into.add(ConversationSignal.of(c));
            }
            String next = slice.nextCursor();
            return next == null ? CompletableFuture.completedFuture(null) : page(provider, query, next, into, requests);
        });
    }
}
