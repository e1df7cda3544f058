package io.chatgateway.testkit.quickblox;

import io.chatgateway.testkit.ProviderSimulator;
import io.chatgateway.testkit.ProviderSimulatorFactory;

/** Starts {@link QuickbloxSimulator}s; registered with {@link java.util.ServiceLoader}. */
public final class QuickbloxSimulatorFactory implements ProviderSimulatorFactory {

    /** For {@link java.util.ServiceLoader}. */
    public QuickbloxSimulatorFactory() {
    }

    @Override
    public String providerId() {
        return QuickbloxSimulator.PROVIDER_ID;
    }

    @Override
    public ProviderSimulator start(int port) {
        return new QuickbloxSimulator(port);
    }
}
