package io.chatgateway.spi;

import java.util.List;
import java.util.Objects;

/**
 * What one {@link ChangeDetector#scan(String)} found. Immutable.
 *
 * @param conversations conversations that may have changed since the position scanned from (a detector may
 *                      report unchanged ones too; the inbox compares them with its checkpoints)
 * @param position      the position to scan from next time: opaque, at most a few KiB; the inbox stores it
 *                      only after every reported conversation has been handled
 * @param requests      how many provider requests the scan made (for the rate budget and the idle-cost figures)
 */
public record ChangeScan(List<ConversationSignal> conversations, String position, int requests) {

    /** Copies the list; {@code null} position becomes empty. */
    public ChangeScan {
        conversations = List.copyOf(Objects.requireNonNull(conversations, "conversations"));
        position = position == null ? "" : position;
        if (requests < 0) {
            throw new IllegalArgumentException("requests must not be negative");
        }
    }
}
