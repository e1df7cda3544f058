package io.chatgateway.testkit.smsbat;

import io.chatgateway.testkit.ProviderSimulator;
import io.chatgateway.testkit.ProviderSimulatorFactory;

/** Starts {@link SmsbatSimulator}s; registered with {@link java.util.ServiceLoader}. */
public final class SmsbatSimulatorFactory implements ProviderSimulatorFactory {

    /** Creates the factory; ServiceLoader needs this public no-argument constructor. */
    public SmsbatSimulatorFactory() {
        // stateless
    }

    @Override
    public String providerId() {
        return "smsbat";
    }

    @Override
    public ProviderSimulator start(int port) {
        return new SmsbatSimulator(port);
    }
}
