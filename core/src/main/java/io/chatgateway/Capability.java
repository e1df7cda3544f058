package io.chatgateway;

/**
 * What a caller can ask of an account. {@link ChatGateway#capabilities(String)} says how each is supported.
 */
public enum Capability {
    /** {@link ChatGateway#conversations}. */
    LIST_CONVERSATIONS,

    /** {@link ChatGateway#messages}. */
    LIST_MESSAGES,

    /** {@link ChatGateway#message}. */
    GET_MESSAGE,

    /** ChatGateway#send with text. */
    SEND,

    /** ChatGateway#send with an attachment. */
    SEND_ATTACHMENT,

    /** {@link ChatGateway#broadcast}. */
    BROADCAST,

    /** {@link ChatGateway#markRead}. */
    MARK_READ,

    /** {@link ChatGateway#markAllRead}. */
    MARK_ALL_READ,

    /** {@link ChatGateway#unreadCounts}. */
    UNREAD_COUNTS,

    /** {@link ChatGateway#lastActivity}. */
    LAST_ACTIVITY,

    /** {@link ChatGateway#setStatus}. */
    SET_STATUS,

    /** {@link ChatGateway#deleteConversation}. */
    DELETE_CONVERSATION;
}
