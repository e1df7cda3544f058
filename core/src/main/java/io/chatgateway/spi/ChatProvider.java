package io.chatgateway.spi;

import io.chatgateway.BroadcastResult;
import io.chatgateway.Capability;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationRef;
import io.chatgateway.ErrorDetails;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.MessageRef;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.QueryPlan;
import io.chatgateway.SendResult;
import io.chatgateway.UnsupportedCapabilityException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One account's adapter: maps the neutral model onto a provider's HTTP API. All methods are
 * asynchronous and must be thread-safe.
 *
 * <p>The gateway validates input, checks {@link ProviderMetadata#capabilities()} and applies the
 * resilience policy before calling; adapters contain no retries. A method whose capability the
 * metadata marks {@code UNSUPPORTED} is never called; its default fails with
 * {@link UnsupportedCapabilityException}. Failures complete the future exceptionally with a
 * {@link io.chatgateway.ChatGatewayException}.
 *
 * <p>Paging contract: starting from {@code cursor == null}, following each returned
 * {@link PageSlice#nextCursor()} yields every matching item exactly once, even when items are added
 * meanwhile. Cursors are opaque strings owned by the adapter.
 */
public interface ChatProvider extends AutoCloseable {

    /**
     * @param query  the query; filters the adapter cannot apply are named local by {@link #plan(ConversationQuery)}
     * @param cursor the cursor from the previous page, or {@code null} for the first
     * @return one page of conversations
     */
    default CompletableFuture<PageSlice<Conversation>> conversations(ConversationQuery query, @Nullable String cursor) {
        return unsupported(Capability.LIST_CONVERSATIONS);
    }

    /**
     * @param query  the query
     * @param cursor the cursor from the previous page, or {@code null} for the first
     * @return one page of messages in the query's order
     */
    default CompletableFuture<PageSlice<Message>> messages(MessageQuery query, @Nullable String cursor) {
        return unsupported(Capability.LIST_MESSAGES);
    }

    /**
     * Which filters of a message query the provider applies; the gateway applies the others. The
     * default says: send-time range at the provider, everything else locally. A filter the query sets that the
     * plan places nowhere is applied locally by the gateway (and shown so by {@code explain}), so an adapter
     * written before a filter existed never silently ignores it.
     *
     * @param query the query
     * @return the plan
     */
    default QueryPlan plan(MessageQuery query) {
        EnumSet<QueryPlan.Filter> local = EnumSet.noneOf(QueryPlan.Filter.class);
        local.addAll(LocalFilters.setIn(query));
        EnumSet<QueryPlan.Filter> provider = EnumSet.noneOf(QueryPlan.Filter.class);
        for (QueryPlan.Filter f : List.of(QueryPlan.Filter.SINCE, QueryPlan.Filter.UNTIL)) {
            if (local.remove(f)) {
                provider.add(f);
            }
        }
        return new QueryPlan(provider, local, List.of());
    }

    /**
     * Which filters of a conversation query the provider applies; the default says: all locally.
     *
     * @param query the query
     * @return the plan
     */
    default QueryPlan plan(ConversationQuery query) {
        EnumSet<QueryPlan.Filter> local = EnumSet.noneOf(QueryPlan.Filter.class);
        if (query.text() != null) local.add(QueryPlan.Filter.TEXT);
        if (!query.statuses().isEmpty()) local.add(QueryPlan.Filter.STATUS);
        if (query.assigneeId() != null) local.add(QueryPlan.Filter.ASSIGNEE);
        if (query.activeSince() != null) local.add(QueryPlan.Filter.SINCE);
        if (query.activeUntil() != null) local.add(QueryPlan.Filter.UNTIL);
        if (!query.channels().isEmpty()) local.add(QueryPlan.Filter.CHANNEL);
        return new QueryPlan(EnumSet.noneOf(QueryPlan.Filter.class), local, List.of());
    }

    /**
     * @param ref the message
     * @return the message, or empty when the provider does not know it
     */
    default CompletableFuture<Optional<Message>> message(MessageRef ref) {
        return unsupported(Capability.GET_MESSAGE);
    }

    /**
     * Sends one message. The HTTP call must be marked as delivering a message
     * ({@link HttpCall.Builder#deliversMessage()}) so that uncertain outcomes are never retried.
     *
     * @param to      the recipient conversation
     * @param message what to send
     * @return the result
     */
    default CompletableFuture<SendResult> send(ConversationRef to, OutgoingMessage message) {
        return unsupported(Capability.SEND);
    }

    /**
     * Whether a listed message could be one this account's {@link #send} produced: the gateway reconciles an
     * uncertain send by looking for such a message with the same text and attachments. The default is every
     * {@link io.chatgateway.Message.Direction#OUTBOUND} message; adapters narrow it where outbound messages also come
     * from other authors (bots, other business accounts). Must not block.
     *
     * @param message a message listed by {@link #messages}
     * @return whether it may be the result of this account's own send
     */
    default boolean sentByThisAccount(Message message) {
        return message.direction() == io.chatgateway.Message.Direction.OUTBOUND;
    }

    /**
     * A native broadcast of at most {@link ProviderMetadata#maxBroadcastRecipients()} recipients. Called
     * only when {@code BROADCAST} is {@code NATIVE}; an {@code EMULATED} broadcast is a gateway fan-out
     * of {@link #send}.
     *
     * @param recipients distinct recipients of one account
     * @param message    what to send
     * @return one outcome per recipient, in order
     */
    default CompletableFuture<List<BroadcastResult.RecipientOutcome>> broadcast(List<ConversationRef> recipients, OutgoingMessage message) {
        return unsupported(Capability.BROADCAST);
    }

    /**
     * @param messages messages of this account to mark read, not empty
     * @return completion
     */
    default CompletableFuture<Void> markRead(List<MessageRef> messages) {
        return unsupported(Capability.MARK_READ);
    }

    /**
     * @param conversations conversations to mark all read; empty means every conversation of the account
     * @return completion
     */
    default CompletableFuture<Void> markAllRead(List<ConversationRef> conversations) {
        return unsupported(Capability.MARK_ALL_READ);
    }

    /**
     * @return unread message counts of the account's conversations; zero counts may be included, the
     *         gateway drops them so that callers see only conversations with unread messages
     */
    default CompletableFuture<Map<ConversationRef, Long>> unreadCounts() {
        return unsupported(Capability.UNREAD_COUNTS);
    }

    /**
     * @param conversations conversations of this account, not empty
     * @return time of the last activity of each conversation that has any
     */
    default CompletableFuture<Map<ConversationRef, Instant>> lastActivity(List<ConversationRef> conversations) {
        return unsupported(Capability.LAST_ACTIVITY);
    }

    /**
     * @param conversation the conversation
     * @param status       the new status, never {@code UNKNOWN}
     * @return completion
     */
    default CompletableFuture<Void> setStatus(ConversationRef conversation, Conversation.Status status) {
        return unsupported(Capability.SET_STATUS);
    }

    /**
     * @param conversation the conversation to delete
     * @return completion
     */
    default CompletableFuture<Void> deleteConversation(ConversationRef conversation) {
        return unsupported(Capability.DELETE_CONVERSATION);
    }

    /**
     * The account's cheapest change signal, polled by {@link io.chatgateway.inbox.Inbox}. The default lists every
     * conversation ({@link ChangeDetector#listing(ChatProvider, String)}); adapters override it where the provider has
     * something cheaper (an "updated since" call, a list sorted by activity). Called once per inbox.
     *
     * @param account the account name this adapter serves
     * @return the detector
     */
    default ChangeDetector changeDetector(String account) {
        return ChangeDetector.listing(this, account);
    }

    /** Releases the adapter's resources (sessions, timers). Must not throw. */
    @Override
    default void close() {
    }

    private <T> CompletableFuture<T> unsupported(Capability capability) {
        return CompletableFuture.failedFuture(new UnsupportedCapabilityException(capability,
                ErrorDetails.of(null, getClass().getSimpleName(), capability.operation())));
    }
}
