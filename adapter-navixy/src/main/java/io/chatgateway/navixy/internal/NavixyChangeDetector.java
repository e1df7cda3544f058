package io.chatgateway.navixy.internal;

import io.chatgateway.ConversationRef;
import io.chatgateway.spi.ChangeDetector;
import io.chatgateway.spi.ChatProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Navixy's cheapest change signal for the inbox: {@code tracker/chat/updated/list} over the known trackers
 * (one request per 300 trackers, 217-safe) on every scan but a refresh, and the full listing
 * ({@code tracker/list}, unread counts, {@code updated/list}: three requests per 1 000 trackers) on the first
 * scan and then no more often than every {@link #LISTING_PERIOD} of the gateway's clock, which finds new
 * trackers and status or unread-count changes made elsewhere. Idle cost with up to 300 trackers: one request
 * per scan, plus two more on the refresh every 5 minutes (1.007 per scan at a 1 s interval, 1.03 at 5 s). An
 * account without trackers costs nothing between refreshes. Scans of one detector run one at a time.
 */
final class NavixyChangeDetector implements ChangeDetector {

    /** Shortest time between two full listings (the refresh of the tracker list and of their unread counts). */
    static final Duration LISTING_PERIOD = Duration.ofMinutes(5);
    /** Requests behind one page of the tracker listing: {@code tracker/list}, unread counts, {@code updated/list}. */
    private static final int REQUESTS_PER_LISTING_PAGE = 3;

    private final ChatProvider provider;
    private final ChangeDetector listing;
    private final Clock clock;
    /** When the last full listing was asked for; {@code null} before the first. */
    private final AtomicReference<@Nullable Instant> listedAt = new AtomicReference<>();
    private final AtomicReference<List<ConversationRef>> known = new AtomicReference<>(List.of());

    NavixyChangeDetector(ChatProvider provider, String account, Clock clock) {
        this.provider = provider;
        this.clock = clock;
        this.listing = ChangeDetector.listing(provider, account, 1000);
    }

    @Override
    public String kind() {
        return "navixy-updated/1";
    }

    @Override
    public CompletableFuture<Scan> scan(String position) {
        Instant now = clock.instant();
        Instant last = listedAt.get();
        if (last == null || !now.isBefore(last.plus(LISTING_PERIOD))) {
            return listing.scan("").thenApply(all -> {
                listedAt.set(now); // a failed listing is tried again at the next scan
                known.set(all.conversations().stream()
                        .filter(s -> s.snapshot() == null || s.snapshot().attributes().get("chat_unavailable") == null)
                        .map(Signal::ref).toList());
                return new Scan(all.conversations(), "", all.requests() * REQUESTS_PER_LISTING_PAGE);
            });
        }
        List<ConversationRef> trackers = known.get();
        if (trackers.isEmpty()) {
            return CompletableFuture.completedFuture(new Scan(List.of(), "", 0));
        }
        int requests = (trackers.size() + 299) / 300;
        return provider.lastActivity(trackers).thenApply(times -> {
            List<Signal> signals = new ArrayList<>();
            times.forEach((ref, at) -> signals.add(new Signal(ref, at, null)));
            return new Scan(signals, "", requests);
        });
    }
}
