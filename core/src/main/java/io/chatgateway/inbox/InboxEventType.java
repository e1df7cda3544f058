package io.chatgateway.inbox;

/** What an {@link InboxEvent} reports. */
public enum InboxEventType {
    /** A new inbound message (from a driver, customer or other user). */
    MESSAGE_RECEIVED,
    /** A new outbound message that this gateway did not send itself: another operator, another device. */
    MESSAGE_SENT,
    /** A known message's delivery or read status changed (e.g. Navixy PENDING to DELIVERED). */
    MESSAGE_UPDATED,
    /** A conversation appeared or its status, assignee, title or unread count changed. */
    CONVERSATION_UPDATED
}
