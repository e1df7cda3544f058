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

    /** @return the underlying server: request log and fault injection */
    SimulatorServer server();

    @Override
    void close();
}
