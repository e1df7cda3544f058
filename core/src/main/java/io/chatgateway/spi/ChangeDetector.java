package io.chatgateway.spi;

import java.util.concurrent.CompletableFuture;

/**
 * An account's cheapest way to learn which conversations changed, used by the inbox on every poll. The
 * inbox then reads only those conversations' messages (from its per-conversation checkpoint) and compares
 * their snapshots with the last ones it saw; the detector does not need to be exact, only never to miss a
 * conversation whose messages or state changed.
 *
 * <p>Adapters return one from {@link ChatProvider#changeDetector(String)}; the default,
 * {@link ChangeDetectors#listing}, lists every conversation of the account. Implementations must be
 * thread-safe and make no retries (the transport's per-request resilience applies). Their idle cost
 * (requests per scan of an account where nothing happens) should be documented.
 */
public interface ChangeDetector {

    /**
     * @return the kind and version of this detector's positions, e.g. {@code navixy-updated/1}; a stored
     *         position of another kind is refused at start instead of being misread
     */
    String kind();

    /**
     * @param position where the last completed scan left off ({@link ChangeScan#position()}), or an empty
     *                 string on the first scan
     * @return the conversations that may have changed since then
     */
    CompletableFuture<ChangeScan> scan(String position);
}
