/**
 * The inbox: one durable change feed of an account's conversations — new messages, delivery and read
 * changes — delivered to an {@link io.chatgateway.inbox.InboxHandler} (push) or read in
 * {@link io.chatgateway.inbox.InboxBatch}es (pull), with per-conversation checkpoints committed after the
 * handler, one poller per account across instances and dead letters for events the handler keeps refusing.
 * Get one from {@link io.chatgateway.ChatGateway#inbox}.
 */
@NullMarked
package io.chatgateway.inbox;

import org.jspecify.annotations.NullMarked;
