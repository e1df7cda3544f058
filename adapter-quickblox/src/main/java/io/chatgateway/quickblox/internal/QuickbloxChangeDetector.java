package io.chatgateway.quickblox.internal;

import io.chatgateway.ConversationQuery;
import io.chatgateway.spi.ChangeDetector;
import io.chatgateway.spi.ChatProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * QuickBlox's change signal for the inbox: the dialogs whose {@code last_message_date_sent} is at or after the
 * newest one seen (less {@link #MARGIN} for late {@code date_sent} values), one request for up to 100 such
 * dialogs; the inbox then reads their messages from its checkpoint ({@code date_sent[gte]} and the ids seen at
 * that second). The first scan lists every dialog, and again after {@value #LISTING_EVERY} scans per page that
 * listing took (every 12th scan up to 100 dialogs, every 120th with 1 000), which finds new empty dialogs and
 * unread-count or name changes of quiet ones. The position is the newest {@code last_message_date_sent} in Unix
 * seconds.
 *
 * <p>Idle cost: one request per scan (the dialogs active within the margin), plus the full listing amortized to
 * 1/{@value #LISTING_EVERY} request per scan.
 */
final class QuickbloxChangeDetector implements ChangeDetector {

    /** After how many scans per page of the last full listing every dialog is listed again. */
    static final int LISTING_EVERY = 12;
    /** How far before the newest activity seen the next scan starts. */
    static final Duration MARGIN = Duration.ofMinutes(1);

    private final ChatProvider provider;
    private final String account;
    private final ChangeDetector all;
    private final AtomicInteger sinceListing = new AtomicInteger(LISTING_EVERY); // a new detector lists first
    private volatile int listingPages = 1;

    QuickbloxChangeDetector(ChatProvider provider, String account) {
        this.provider = provider;
        this.account = account;
        this.all = ChangeDetector.listing(provider, account, MessageQueryCompiler.MAX_LIMIT);
    }

    @Override
    public String kind() {
        return "quickblox-dialogs/1";
    }

    @Override
    public CompletableFuture<Scan> scan(String position) {
        Long newest = position.isEmpty() ? null : Long.valueOf(position);
        boolean full = newest == null || sinceListing.incrementAndGet() >= LISTING_EVERY * listingPages;
        if (full) {
            sinceListing.set(0);
        }
        ChangeDetector detector = full ? all : ChangeDetector.listing(provider, ConversationQuery.forAccount(account)
                .activeSince(Instant.ofEpochSecond(newest).minus(MARGIN)).pageSize(MessageQueryCompiler.MAX_LIMIT).build());
        return detector.scan("").thenApply(found -> {
            if (full) {
                listingPages = Math.max(1, found.requests());
            }
            long next = found.conversations().stream().map(Signal::lastActivity).filter(Objects::nonNull)
                    .mapToLong(Instant::getEpochSecond).max().orElse(newest == null ? 0 : newest);
            if (newest != null) {
                next = Math.max(next, newest);
            }
            return new Scan(found.conversations(), Long.toString(next), found.requests());
        });
    }
}
