package io.chatgateway.testkit;

import io.chatgateway.DeliveryStatus;
import java.net.URI;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A stateful simulator of one provider's HTTP API, for tests, the CLI's sandbox and users' own tests.
 * Implementations extend {@link SimulatorServer}.
 *
 * <p>Besides the provider's API, every simulator answers two admin endpoints at its root (not below the
 * API's base path), so that a test in another process or a user of {@code chatgw simulate} can make
 * things happen; they are not counted in {@link SimulatorServer#requests()} and take no faults:
 * <ul>
 *   <li>{@code POST /_chatgw/inbound} with {@code {"conversation":"<id>","text":"..."}}: calls
 *       {@link #addInbound}; answers {@code 200 {"message":"<new message id>"}};</li>
 *   <li>{@code POST /_chatgw/deliver} with {@code {"conversation":"<id>","message":"<id>"}} and an optional
 *       {@code "status"} (a {@link DeliveryStatus} name): calls {@link #deliver}; answers
 *       {@code 200 {"status":"<status now>"}}.</li>
 * </ul>
 * A malformed body, an unknown conversation or message, or a status the provider cannot express answers
 * {@code 400 {"error":"..."}}; a simulator without the hook answers {@code 501}.
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
     * Moves an outbound message's delivery status, as the recipient's device or the channel would: for inbox
     * tests ({@code MESSAGE_UPDATED}) and the sandbox.
     *
     * @param conversationId the conversation id as the adapter reports it
     * @param messageId      an outbound message's id as the adapter reports it
     * @param status         the status the adapter should report from now on, or {@code null} for the next
     *                       one the provider reports (Navixy: PENDING to DELIVERED; SMSBAT: New to Success to
     *                       Read; QuickBlox: sent to delivered to read)
     * @return the status the adapter reports for the message now
     * @throws IllegalArgumentException      when the conversation or message is unknown, the message is not
     *                                       outbound, or the provider cannot express {@code status}
     * @throws UnsupportedOperationException when the simulator cannot change delivery statuses
     */
    default DeliveryStatus deliver(String conversationId, String messageId, @Nullable DeliveryStatus status) {
        throw new UnsupportedOperationException(providerId() + " simulator cannot change delivery statuses");
    }

    /**
     * @return the id of a demo conversation (after {@link #seedDemoData()}) where replies can arrive
     * @throws UnsupportedOperationException when the simulator has no such conversation
     */
    default String demoConversation() {
        throw new UnsupportedOperationException(providerId() + " simulator has no demo conversation");
    }

    /**
     * @return the base of the admin endpoints, {@code http://127.0.0.1:<port>/_chatgw/} (append {@code inbound}
     *         or {@code deliver})
     */
    default URI adminUri() {
        return URI.create("http://" + server().baseUri().getHost() + ":" + server().port() + SimulatorAdmin.PREFIX);
    }

    /** @return the underlying server: request log and fault injection */
    SimulatorServer server();

    @Override
    void close();
}
