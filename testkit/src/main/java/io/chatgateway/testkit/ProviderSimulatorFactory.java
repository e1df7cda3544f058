package io.chatgateway.testkit;

/**
 * Starts a provider's simulator; registered with {@link java.util.ServiceLoader} (in
 * {@code META-INF/services} and {@code module-info.java}) so that the CLI's sandbox and users' tests find
 * every simulator on the class path.
 */
public interface ProviderSimulatorFactory {

    /** @return the provider id of the simulator, e.g. {@code navixy} */
    String providerId();

    /**
     * @param port the port, 0 for a free one
     * @return a running simulator, without demo data
     */
    ProviderSimulator start(int port);
}
