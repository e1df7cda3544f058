package io.chatgateway.testkit;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import java.util.Optional;

/**
 * What an adapter's conformance test provides to {@link ChatProviderConformanceKit}: a gateway whose one
 * account points at a running simulator of the provider (built with a {@link FakeTime} as clock and
 * sleeper, so nothing waits for real), and hooks into the simulator's state.
 */
public interface ConformanceTarget extends AutoCloseable {

    /** @return the gateway under test */
    ChatGateway gateway();

    /** @return the account name configured in it */
    String account();

    /** @return the simulator behind the account */
    SimulatorServer simulator();

    /** @return the largest page size the provider serves (the kit pages with 1, 7 and this) */
    int maxPageSize();

    /**
     * Creates a fresh conversation holding {@code count} messages received from the other side (INBOUND,
     * unread by the application's user), with distinct texts {@code "msg-0"} … {@code "msg-<count-1>"} in
     * send order. Several messages may share one timestamp second.
     *
     * @param count how many messages
     * @return the conversation
     */
    ConversationRef conversationWithInboundMessages(int count);

    /** @return a well-formed reference to a conversation the provider does not know */
    ConversationRef unknownConversation();

    /**
     * A conversation the provider knows but cannot chat with now (Navixy: a tracker whose tariff lacks the
     * chat feature, which {@code tracker/list} does not show), for the kit's partial-failure test: calls
     * naming it together with healthy conversations must still serve the healthy ones.
     *
     * @return such a conversation, or empty when the provider has no such state (the test is skipped)
     */
    default Optional<ConversationRef> unavailableConversation() {
        return Optional.empty();
    }

    @Override
    void close();
}
