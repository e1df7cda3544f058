package io.chatgateway;

/**
 * How the outcome of a send was settled when its first attempt ended uncertain (a timeout or reset after the
 * request was written): by reading the conversation back.
 */
public enum Reconciliation {
    /** Nothing to settle: the provider answered the send itself (or the result is a replay of such an answer). */
    NONE,

    /** The uncertain attempt did arrive: the message was found in the conversation and its ref is the result. */
    FOUND,

    /** The uncertain attempt was not found within the reconcile window, so the message was sent once more. */
    RESENT,

    /**
     * The message was resent after the reconcile window, and the first copy showed up later anyway: the
     * recipient has it twice. Reported, never hidden; the result names the resent copy.
     */
    DUPLICATE_DETECTED
}
