package io.chatgateway;

/**
 * What a caller can ask of an account. {@link ChatGateway#capabilities(String)} says how each is supported.
 */
public enum Capability {
    /** {@link ChatGateway#conversations}. */
    LIST_CONVERSATIONS(Operation.CONVERSATIONS),

    /** {@link ChatGateway#messages}. */
    LIST_MESSAGES(Operation.MESSAGES),

    /** {@link ChatGateway#message}. */
    GET_MESSAGE(Operation.MESSAGE),

    /** ChatGateway#send with text. */
    SEND(Operation.SEND),

    /** ChatGateway#send with an attachment. */
    SEND_ATTACHMENT(Operation.SEND),

    /** {@link ChatGateway#broadcast}. */
    BROADCAST(Operation.BROADCAST),

    /** {@link ChatGateway#markRead}. */
    MARK_READ(Operation.MARK_READ),

    /** {@link ChatGateway#markAllRead}. */
    MARK_ALL_READ(Operation.MARK_ALL_READ),

    /** {@link ChatGateway#unreadCounts}. */
    UNREAD_COUNTS(Operation.UNREAD_COUNTS),

    /** {@link ChatGateway#lastActivity}. */
    LAST_ACTIVITY(Operation.LAST_ACTIVITY),

    /** {@link ChatGateway#setStatus}. */
    SET_STATUS(Operation.SET_STATUS),

    /** {@link ChatGateway#deleteConversation}. */
    DELETE_CONVERSATION(Operation.DELETE_CONVERSATION);

    private final Operation operation;

    Capability(Operation operation) {
        this.operation = operation;
    }

    /** @return the gateway operation that needs this capability */
    public Operation operation() {
        return operation;
    }

    /**
     * How an account supports a capability.
     */
    public enum Support {
        /** One provider call (or a few) does it directly. */
        NATIVE,

        /** The gateway builds it from other provider calls; it works but costs more calls. */
        EMULATED,

        /** Calling it throws {@link UnsupportedCapabilityException} before any network call. */
        UNSUPPORTED;
    }
}
