package io.chatgateway;

/**
 * Lifecycle state of a conversation. SMSBAT's chat statuses 0-4 map 1:1 onto the first five.
 */
public enum ConversationStatus {
    /** Created, nobody has worked on it yet. */
    NEW,

    /** Being worked on. */
    OPEN,

    /** Waiting for the other side. */
    WAITING,

    /** Put on hold. */
    PAUSED,

    /** Finished. */
    CLOSED,

    /** The provider gave a value this version does not know, or no status at all. */
    UNKNOWN;
}
