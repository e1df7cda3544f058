package io.chatgateway;

/**
 * Whether the application's user has read a message. Providers without a per-message flag (Navixy) give UNKNOWN, never a guess.
 */
public enum ReadStatus {
    /** Read by the application's user. */
    READ,

    /** Not read yet. */
    UNREAD,

    /** The provider does not say. */
    UNKNOWN;
}
