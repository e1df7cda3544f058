package io.chatgateway.navixy.internal;

import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationRef;
import io.chatgateway.spi.ChangeDetector;
import io.chatgateway.spi.ChangeScan;
import io.chatgateway.spi.ChatProvider;
import io.chatgateway.spi.ConversationSignal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Navixy's cheapest change signal for the inbox: {@code tracker/chat/updated/list} over the known trackers
 * (one request per 300 trackers, 217-safe) on most scans, and the full listing ({@code tracker/list},
 * unread counts, {@code updated/list}: three requests per 1 000 trackers) on the first scan and every
 * {@value #LISTING_EVERY}th, which finds new trackers and status or unread-count changes. Idle cost: one
 * request per scan for up to 300 trackers, plus the listing every {@value #LISTING_EVERY} scans.
 */
final class NavixyChangeDetector implements ChangeDetector {

    /** Every how many scans the full tracker listing runs. */
    static final int LISTING_EVERY = 12;

    private final ChatProvider provider;
    private final String account;
    private final AtomicInteger scans = new AtomicInteger();
    private final AtomicReference<List<ConversationRef>> known = new AtomicReference<>(List.of());

    NavixyChangeDetector(ChatProvider provider, String account) {
        this.provider = provider;
        this.account = account;
    }

    @Override
    public String kind() {
        return "navixy-updated/1";
    }

    @Override
    public CompletableFuture<ChangeScan> scan(String position) {
        List<ConversationRef> trackers = known.get();
        if (scans.getAndIncrement() % LISTING_EVERY == 0 || trackers.isEmpty()) {
            List<ConversationSignal> signals = new ArrayList<>();
            int[] requests = {0};
            ConversationQuery query = ConversationQuery.forAccount(account).pageSize(1000).build();
            return listing(query, null, signals, requests).thenApply(v -> {
                known.set(signals.stream().filter(s -> s.snapshot().attributes().get("chat_unavailable") == null)
                        .map(ConversationSignal::ref).toList());
                return new ChangeScan(signals, "", requests[0]);
            });
        }
        int requests = (trackers.size() + 299) / 300;
        return provider.lastActivity(trackers).thenApply(times -> {
            List<ConversationSignal> signals = new ArrayList<>();
            times.forEach((ref, at) -> signals.add(new ConversationSignal(ref, at, null)));
            return new ChangeScan(signals, "", requests);
        });
    }

    private CompletableFuture<Void> listing(ConversationQuery query, String cursor, List<ConversationSignal> into,
                                            int[] requests) {
        requests[0] += 3;
        return provider.conversations(query, cursor).thenCompose(slice -> {
            for (Conversation c : slice.items()) {
                into.add(ConversationSignal.of(c));
            }
            return slice.nextCursor() == null ? CompletableFuture.completedFuture(null)
                    : listing(query, slice.nextCursor(), into, requests);
        });
    }
}
