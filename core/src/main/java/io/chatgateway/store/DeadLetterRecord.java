package io.chatgateway.store;

import java.time.Instant;
import java.util.Objects;

/**
 * What a {@link CheckpointStore} keeps of a dead-lettered inbox event. Immutable.
 *
 * @param account      the account
 * @param conversation the conversation reference in text form ({@code navixy:123})
 * @param eventId      the event's stable id
 * @param type         the event type's name
 * @param attempts     how often the handler was called
 * @param error        the last failure, one line
 * @param failedAt     when the last attempt failed
 */
public record DeadLetterRecord(String account, String conversation, String eventId, String type, int attempts,
                               String error, Instant failedAt) {

    /** @throws NullPointerException on a missing part */
    public DeadLetterRecord {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(failedAt, "failedAt");
        error = error == null ? "" : error;
    }
}
