package io.chatgateway.testkit;

import java.net.URI;
import java.util.Map;

/**
 * A stateful simulator of one provider's HTTP API, for tests, the CLI's sandbox and users' own tests.
 * Implementations extend {@link SimulatorServer}.
 */
public interface ProviderSimulator extends AutoCloseable {

    /** @return the provider id it simulates, e.g. {@code navixy} */
    String providerId();

    /** @return the base URI to configure an account with */
    URI baseUri();

    /**
     * @param account an account name
     * @return properties ({@code chatgateway.account.<account>.*}, {@code provider} included) that point an
     *         account at this simulator with its demo credentials
     */
    Map<String, String> accountProperties(String account);

    /** Fills the simulator with the demo data the CLI sandbox and demo show. Idempotent. */
    void seedDemoData();

    /**
     * @param account an account name
     * @return properties that make the account log in with renewable credentials (login and password,
     *         or an application session), so that expiry and re-authentication can be tested
     * @throws UnsupportedOperationException when the simulator has no renewable credentials
     */
    default Map<String, String> loginAccountProperties(String account) {
        throw new UnsupportedOperationException(providerId() + " simulator has no renewable credentials");
    }

    /**
     * Expires every session or token issued so far: the next call with one gets the provider's
     * "expired credential" answer.
     *
     * @throws UnsupportedOperationException when the simulator issues no sessions
     */
    default void expireCredentials() {
        throw new UnsupportedOperationException(providerId() + " simulator issues no sessions");
    }

    /** @return how many times a client authenticated (logins, sessions, tokens issued) */
    default int authentications() {
        return 0;
    }

    /**
     * Adds an inbound message (from the driver, customer or other user) sent now by the simulator's clock,
     * as the provider would show it: for inbox tests and the sandbox's scripted replies.
     *
     * @param conversationId the conversation id as the adapter reports it (tracker, chat or dialog id)
     * @param text           the text
     * @return the new message's id as the adapter reports it
     * @throws UnsupportedOperationException when the simulator cannot add inbound messages
     */
    default String addInbound(String conversationId, String text) {
        throw new UnsupportedOperationException(providerId() + " simulator cannot add inbound messages");
    }

    /**
     * @return the id of a demo conversation (after {@link #seedDemoData()}) where replies can arrive
     * @throws UnsupportedOperationException when the simulator has no such conversation
     */
    default String demoConversation() {
        throw new UnsupportedOperationException(providerId() + " simulator has no demo conversation");
    }

    /** @return the underlying server: request log and fault injection */
    SimulatorServer server();

    @Override
    void close();
}
