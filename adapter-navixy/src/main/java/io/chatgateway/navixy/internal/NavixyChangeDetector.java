package io.chatgateway.navixy.internal;

import io.chatgateway.ConversationRef;
import io.chatgateway.spi.ChangeDetector;
import io.chatgateway.spi.ChatProvider;
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
    /** Requests behind one page of the tracker listing: {@code tracker/list}, unread counts, {@code updated/list}. */
    private static final int REQUESTS_PER_LISTING_PAGE = 3;

    private final ChatProvider provider;
    private final ChangeDetector listing;
    private final AtomicInteger scans = new AtomicInteger();
    private final AtomicReference<List<ConversationRef>> known = new AtomicReference<>(List.of());

    NavixyChangeDetector(ChatProvider provider, String account) {
        this.provider = provider;
        this.listing = ChangeDetector.listing(provider, account, 1000);
    }

    @Override
    public String kind() {
        return "navixy-updated/1";
    }

    @Override
    public CompletableFuture<Scan> scan(String position) {
        List<ConversationRef> trackers = known.get();
        if (scans.getAndIncrement() % LISTING_EVERY == 0 || trackers.isEmpty()) {
            return listing.scan("").thenApply(all -> {
                known.set(all.conversations().stream()
                        .filter(s -> s.snapshot() == null || s.snapshot().attributes().get("chat_unavailable") == null)
                        .map(Signal::ref).toList());
                return new Scan(all.conversations(), "", all.requests() * REQUESTS_PER_LISTING_PAGE);
            });
        }
        int requests = (trackers.size() + 299) / 300;
        return provider.lastActivity(trackers).thenApply(times -> {
            List<Signal> signals = new ArrayList<>();
            times.forEach((ref, at) -> signals.add(new Signal(ref, at, null)));
            return new Scan(signals, "", requests);
        });
    }
}
