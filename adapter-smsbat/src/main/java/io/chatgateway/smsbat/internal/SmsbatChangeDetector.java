package io.chatgateway.smsbat.internal;

import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.Operation;
import io.chatgateway.smsbat.SmsbatChatProviderFactory;
import io.chatgateway.spi.ChangeDetector;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SMSBAT's change signal for the inbox: the raw chats list ({@code countUnread}, {@code chatStatus},
 * operator; pages of {@value SmsbatChatProviderFactory#MAX_PAGE_SIZE}), without the per-chat history reads the
 * gateway's {@code conversations} makes to fill in the last message time. A chat whose unread count, status,
 * operator or theme moved is read (its messages, from the inbox's checkpoint); one with outbound messages
 * awaiting delivery too. Every {@value #SWEEP_EVERY}th scan also lists the chats active since yesterday
 * ({@code date} filter) and has all of them read, which finds what the counts do not show: operator or bot
 * messages, and client messages read elsewhere before the scan.
 *
 * <p>Idle cost: one request per scan for up to 100 chats (one per 100 more); the sweep adds one request plus
 * one message read per chat active since yesterday.
 */
final class SmsbatChangeDetector implements ChangeDetector {

    /** Every how many scans the chats active since yesterday are all read. */
    static final int SWEEP_EVERY = 12;

    private final SmsbatApi api;
    private final String account;
    private final Clock clock;
    private final AtomicInteger scans = new AtomicInteger();

    SmsbatChangeDetector(SmsbatApi api, String account, Clock clock) {
        this.api = api;
        this.account = account;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return "smsbat-chats/1";
    }

    @Override
    public CompletableFuture<Scan> scan(String position) {
        // the first scan is never a sweep: it records every chat's counts as the baseline
        boolean sweep = scans.getAndIncrement() % SWEEP_EVERY == SWEEP_EVERY - 1;
        CompletableFuture<List<Conversation>> all = api.allChats(Operation.INBOX);
        CompletableFuture<List<Conversation>> recent = !sweep ? CompletableFuture.completedFuture(List.of())
                : all.thenCompose(x -> {
                    Map<String, Conversation> seen = new LinkedHashMap<>();
                    ConversationQuery since = ConversationQuery.forAccount(account)
                            .activeSince(clock.instant().minus(Duration.ofDays(1))).build();
                    return api.allChats(since, 1, seen, Operation.INBOX).thenApply(v -> List.copyOf(seen.values()));
                });
        return all.thenCombine(recent, (chats, active) -> {
            Map<String, Signal> signals = new LinkedHashMap<>();
            chats.forEach(c -> signals.put(c.ref().id(), Signal.of(c)));
            for (Conversation c : active) {
                if (c.lastMessageAt() == null) {
                    signals.put(c.ref().id(), new Signal(c.ref(), null, null)); // activity unknown: read it
                }
            }
            int requests = pages(chats.size()) + (sweep ? pages(active.size()) : 0);
            return new Scan(new ArrayList<>(signals.values()), "", requests);
        });
    }

    private static int pages(int chats) {
        return Math.max(1, (chats + SmsbatChatProviderFactory.MAX_PAGE_SIZE - 1) / SmsbatChatProviderFactory.MAX_PAGE_SIZE);
    }
}
