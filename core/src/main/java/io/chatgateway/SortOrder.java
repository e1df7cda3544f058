package io.chatgateway;

/**
 * The order in which messages are returned.
 */
public enum SortOrder {
    /** Oldest first. */
    ASCENDING,

    /** Newest first. */
    DESCENDING;
}
