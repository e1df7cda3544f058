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
 * that second). The first scan and every {@value #LISTING_EVERY}th list every dialog, which finds new empty
 * dialogs and unread-count or name changes of quiet ones. The position is the newest
 * {@code last_message_date_sent} in Unix seconds.
 *
 * <p>Idle cost: one request per scan (the dialogs active within the margin), plus the full listing (one
 * request per 100 dialogs) every {@value #LISTING_EVERY} scans.
 */
final class QuickbloxChangeDetector implements ChangeDetector {

    /** Every how many scans every dialog is listed. */
    static final int LISTING_EVERY = 12;
    /** How far before the newest activity seen the next scan starts. */
    static final Duration MARGIN = Duration.ofMinutes(1);

    private final ChatProvider provider;
    private final String account;
    private final ChangeDetector all;
    private final AtomicInteger scans = new AtomicInteger();

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
        boolean full = scans.getAndIncrement() % LISTING_EVERY == 0 || newest == null;
        ChangeDetector detector = full ? all : ChangeDetector.listing(provider, ConversationQuery.forAccount(account)
                .activeSince(Instant.ofEpochSecond(newest).minus(MARGIN)).pageSize(MessageQueryCompiler.MAX_LIMIT).build());
        return detector.scan("").thenApply(found -> {
            long next = found.conversations().stream().map(Signal::lastActivity).filter(Objects::nonNull)
                    .mapToLong(Instant::getEpochSecond).max().orElse(newest == null ? 0 : newest);
            if (newest != null) {
                next = Math.max(next, newest);
            }
            return new Scan(found.conversations(), Long.toString(next), found.requests());
        });
    }
}
