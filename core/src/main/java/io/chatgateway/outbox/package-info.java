/**
 * The outbox: messages handed over durably ({@link io.chatgateway.outbox.Outbox#submit}) and delivered
 * exactly once by workers that claim entries with a lease, settle uncertain sends by reconciliation and retry
 * transient failures with backoff. Get one from {@link io.chatgateway.ChatGateway#outbox}.
 */
@NullMarked
package io.chatgateway.outbox;

import org.jspecify.annotations.NullMarked;
