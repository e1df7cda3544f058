package io.chatgateway;

import java.util.List;

/**
 * Per-recipient outcomes of a broadcast, in the order the recipients were given.
 *
 * @param outcomes one outcome per distinct recipient; copied
 */
public record BroadcastResult(List<RecipientOutcome> outcomes) {

    /** Copies the outcomes. */
    public BroadcastResult {
        outcomes = List.copyOf(outcomes);
    }

    /** @return the outcomes of recipients the message was sent to */
    public List<RecipientOutcome> sent() {
        return outcomes.stream().filter(RecipientOutcome::isSent).toList();
    }

    /** @return the outcomes of recipients it failed for */
    public List<RecipientOutcome> failed() {
        return outcomes.stream().filter(o -> !o.isSent()).toList();
    }

    /** @return {@code true} when every recipient got the message */
    public boolean allSent() {
        return outcomes.stream().allMatch(RecipientOutcome::isSent);
    }
}
