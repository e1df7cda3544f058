package io.chatgateway.inbox;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a new inbox (one without a checkpoint) starts reading. Ignored once a checkpoint exists: the
 * inbox then resumes exactly where it left off.
 *
 * @param kind    which start
 * @param instant the start instant for {@link Kind#AT}, else {@code null}
 */
public record InboxStart(Kind kind, @Nullable Instant instant) {

    /** The kinds of start. */
    public enum Kind {
        /** Only changes from the moment the inbox first runs (the default). */
        NOW,
        /** Changes from a given instant. */
        AT,
        /** As far back as the provider lets a message listing go by default (e.g. Navixy: 7 days). */
        EARLIEST
    }

    /** @throws IllegalArgumentException when {@code AT} has no instant or another kind has one */
    public InboxStart {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.AT) != (instant != null)) {
            throw new IllegalArgumentException("An inbox start AT needs an instant, and only AT has one.");
        }
    }

    /** @return start with changes from the first run on */
    public static InboxStart now() {
        return new InboxStart(Kind.NOW, null);
    }

    /** @param instant the first instant to include @return start at that instant */
    public static InboxStart at(Instant instant) {
        return new InboxStart(Kind.AT, Objects.requireNonNull(instant, "instant"));
    }

    /** @return start as far back as the provider allows */
    public static InboxStart earliest() {
        return new InboxStart(Kind.EARLIEST, null);
    }
}
