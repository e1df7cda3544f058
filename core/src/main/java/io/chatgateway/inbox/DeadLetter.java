package io.chatgateway.inbox;

import java.time.Instant;
import java.util.Objects;

/**
 * An event the handler failed on {@link InboxOptions#maxAttempts()} times: given to the dead-letter
 * callback and recorded in the checkpoint store, after which the inbox moves on. Immutable.
 *
 * @param event    the event
 * @param attempts how often the handler was called
 * @param error    the last failure's class and message (one line, as the handler's exception gave it)
 * @param failedAt when the last attempt failed
 */
public record DeadLetter(InboxEvent event, int attempts, String error, Instant failedAt) {

    /** @throws IllegalArgumentException on a missing part or fewer than one attempt */
    public DeadLetter {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(failedAt, "failedAt");
        error = error == null ? "" : error;
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
    }
}
