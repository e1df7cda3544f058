package io.chatgateway;

/**
 * A gateway operation: what an error, a log line or an HTTP exchange was part of.
 *
 * <p>{@link #id()} is the stable name used in messages, logs and JSON ({@code send}, {@code markRead}, ...);
 * it never changes for an existing constant.
 */
public enum Operation {
    /** Listing conversations. */
    CONVERSATIONS("conversations"),
    /** Reading a conversation's messages. */
    MESSAGES("messages"),
    /** Looking up one message. */
    MESSAGE("message"),
    /** Sending one message. */
    SEND("send"),
    /** Sending one message to many conversations. */
    BROADCAST("broadcast"),
    /** Marking messages read. */
    MARK_READ("markRead"),
    /** Marking whole conversations read. */
    MARK_ALL_READ("markAllRead"),
    /** Unread counts per conversation. */
    UNREAD_COUNTS("unreadCounts"),
    /** Time of the latest activity per conversation. */
    LAST_ACTIVITY("lastActivity"),
    /** Changing a conversation's status. */
    SET_STATUS("setStatus"),
    /** Deleting a conversation. */
    DELETE_CONVERSATION("deleteConversation"),
    /** Signing in to the provider (token, session or hash). */
    AUTHENTICATE("authenticate"),
    /** Reading an account's changes for an inbox (change detection, checkpoints, leases). */
    INBOX("inbox"),
    /** Reading and checking an account's configuration. */
    CONFIGURE("configure");

    private final String id;

    Operation(String id) {
        this.id = id;
    }

    /** @return the stable name, e.g. {@code send} */
    public String id() {
        return id;
    }

    /**
     * @param id a name returned by {@link #id()}, case-insensitively
     * @return the operation
     * @throws IllegalArgumentException when no operation has that name
     */
    public static Operation fromId(String id) {
        for (Operation o : values()) {
            if (o.id.equalsIgnoreCase(id)) {
                return o;
            }
        }
        throw new IllegalArgumentException("No gateway operation is called '" + id + "'; known: "
                + java.util.Arrays.stream(values()).map(Operation::id).toList() + ".");
    }

    /** @return {@link #id()} */
    @Override
    public String toString() {
        return id;
    }
}
