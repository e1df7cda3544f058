package io.chatgateway.testkit;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import io.chatgateway.DeliveryStatus;
import io.chatgateway.MessageRef;
import java.util.Optional;

/**
 * What an adapter's conformance test provides to {@link ChatProviderConformanceKit}: a gateway whose one
 * account points at a stand-in for the provider (for an HTTP provider, a running {@link SimulatorServer}; for
 * any other, whatever the adapter talks to), built with a {@link FakeTime} as clock and sleeper so that nothing
 * waits for real, and hooks into the stand-in's state.
 *
 * <p>Fault injection is optional ({@link #faults()}): the kit's fault tests are reported skipped, not passed,
 * for a target without it.
 */
public interface ConformanceTarget extends AutoCloseable {

    /** @return the gateway under test */
    ChatGateway gateway();

    /** @return the account name configured in it */
    String account();

    /**
     * @return how many requests have reached the provider's stand-in so far; the kit checks with it that calls
     *         refused before the network send nothing (for a {@link SimulatorServer}: its
     *         {@link SimulatorServer#requestCount()})
     */
    int requestCount();

    /**
     * @return fault injection into the provider's stand-in, if the target has it; empty by default, and the
     *         kit's fault tests are then skipped
     */
    default Optional<Faults> faults() {
        return Optional.empty();
    }

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

    /**
     * @return how {@link InboxConformanceKit} makes inbound messages arrive, when the target can; without
     *         it the inbox cases are skipped
     */
    default Optional<Inbound> inbound() {
        return Optional.empty();
    }

    /**
     * Makes an inbound message arrive in a conversation, sent "now" by the target's clock, and (optionally)
     * moves an outbound message's delivery status.
     */
    @FunctionalInterface
    interface Inbound {

        /**
         * @param conversation a conversation made by {@link #conversationWithInboundMessages(int)}
         * @param text         the text
         */
        void add(ConversationRef conversation, String text);

        /**
         * Moves an outbound message one delivery step further (delivered or read), as the recipient's device
         * would; the kit's {@code MESSAGE_UPDATED} case needs it and is skipped without it.
         *
         * @param message an outbound message in a conversation made by {@link #conversationWithInboundMessages(int)}
         * @return the status the adapter reports for it now
         * @throws UnsupportedOperationException when the target cannot (the default)
         */
        default DeliveryStatus deliver(MessageRef message) {
            throw new UnsupportedOperationException("this target cannot change delivery statuses");
        }

        /**
         * @param simulator a simulator with {@link ProviderSimulator#addInbound} and
         *                  {@link ProviderSimulator#deliver} hooks
         * @return inbound messages and delivery changes through it
         */
        static Inbound of(ProviderSimulator simulator) {
            return new Inbound() {
                @Override
                public void add(ConversationRef conversation, String text) {
                    simulator.addInbound(conversation.id(), text);
                }

                @Override
                public DeliveryStatus deliver(MessageRef message) {
                    return simulator.deliver(message.conversation().id(), message.id(), null);
                }
            };
        }
    }

    /**
     * Faults the kit injects at the provider's side. Implementations are thread-safe.
     */
    interface Faults {

        /**
         * Makes the next {@code count} requests fail the way a provider outage does (an HTTP provider answers
         * 503): a retryable failure, with nothing done at the provider.
         *
         * @param count how many requests fail, at least 1
         */
        void failNextRequests(int count);

        /** Forgets the faults no request has taken yet. */
        void clear();

        /**
         * @param simulator an HTTP simulator
         * @return its faults: each failing request is answered {@code 503 {}}
         */
        static Faults of(SimulatorServer simulator) {
            return new Faults() {
                @Override
                public void failNextRequests(int count) {
                    simulator.inject(null, Fault.respond(503, "{}"), count);
                }

                @Override
                public void clear() {
                    simulator.clearFaults();
                }
            };
        }
    }
}
