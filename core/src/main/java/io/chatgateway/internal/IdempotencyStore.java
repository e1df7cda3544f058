package io.chatgateway.internal;

import io.chatgateway.ConversationRef;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.Operation;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.SendResult;
import io.chatgateway.spi.Futures;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Remembers sends by idempotency key for a window: a repeat with the same key (even while the first is
 * in flight) gets the first outcome and sends nothing. A failure that proves nothing was sent frees the
 * key; an uncertain outcome keeps it, so a blind retry cannot send twice. Reusing a key for a different
 * recipient or text is an {@link InvalidRequestException}. Thread-safe.
 */
final class IdempotencyStore {

    private static final int MAX_ENTRIES = 100_000;

    private record Entry(String fingerprint, CompletableFuture<SendResult> result, Instant at) { }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Duration window;
    private final Clock clock;

    IdempotencyStore(Duration window, Clock clock) {
        this.window = window;
        this.clock = clock;
    }

    CompletableFuture<SendResult> run(ConversationRef to, OutgoingMessage message, Supplier<CompletableFuture<SendResult>> send) {
        String key = message.idempotencyKey();
        if (key == null || window.isZero()) {
            return send.get();
        }
        String slot = to.account() + '\u0000' + key;
        String fingerprint = fingerprint(to, message);
        Instant now = clock.instant();
        if (entries.size() >= MAX_ENTRIES) {
            entries.values().removeIf(e -> e.at().plus(window).isBefore(now) && e.result().isDone());
        }
        CompletableFuture<SendResult> mine = new CompletableFuture<>();
        Entry fresh = new Entry(fingerprint, mine, now);
        while (true) {
            Entry existing = entries.putIfAbsent(slot, fresh);
            if (existing == null) {
                break;
            }
            if (existing.at().plus(window).isBefore(now) && existing.result().isDone()) {
                if (entries.replace(slot, existing, fresh)) {
                    break;
                }
                continue;
            }
            if (!existing.fingerprint().equals(fingerprint)) {
                return CompletableFuture.failedFuture(new InvalidRequestException("Idempotency key '" + key
                        + "' was already used for a different message or recipient.",
                        ErrorDetails.of(to.account(), null, Operation.SEND)));
            }
            return existing.result().thenApply(SendResult::asReplay);
        }
        send.get().whenComplete((result, error) -> {
            if (error != null && !(Futures.unwrap(error) instanceof DeliveryUncertainException)) {
                entries.remove(slot, fresh);
            }
            if (error != null) {
                mine.completeExceptionally(Futures.unwrap(error));
            } else {
                mine.complete(result);
            }
        });
        return mine;
    }

    /** A digest of recipient, text and attachments: equal digests mean the same message, collisions aside. */
    private static String fingerprint(ConversationRef to, OutgoingMessage message) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            update(sha, to.toString());
            update(sha, message.text());
            for (var a : message.attachments()) {
                update(sha, a.name());
                update(sha, a.contentType());
                byte[] data = a.data();
                sha.update(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
                sha.update(data);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static void update(MessageDigest sha, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha.update(bytes);
    }
}
