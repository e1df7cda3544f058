package io.chatgateway;

/**
 * What a message mainly carries.
 */
public enum MessageKind {
    /** Text only. */
    TEXT,

    /** An image. */
    PHOTO,

    /** A file or other attachment. */
    FILE,

    /** Something else (location, sticker, a value this version does not know). */
    OTHER;
}
