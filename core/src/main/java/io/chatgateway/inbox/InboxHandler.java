package io.chatgateway.inbox;

/**
 * Handles the events of a push-mode {@link Inbox}. Called for the events of one conversation one at a
 * time and in order; for different conversations possibly at the same time (up to
 * {@link InboxOptions#parallelism()}), so an implementation shared between conversations must be
 * thread-safe.
 *
 * <p>Returning normally acknowledges the event: only then may the checkpoint move past it. Throwing (or
 * running past {@link InboxOptions#handlerTimeout()}) means failure: the event is retried with backoff and,
 * after {@link InboxOptions#maxAttempts()}, handed to the dead-letter callback and recorded in the store.
 * An interrupted handler should stop promptly.
 */
@FunctionalInterface
public interface InboxHandler {

    /**
     * @param event the event; may be one delivered before (same {@link InboxEvent#eventId()}) after a crash
     * @throws Exception to ask for a retry
     */
    void handle(InboxEvent event) throws Exception;
}
