package io.chatgateway.testkit.navixy;

import io.chatgateway.testkit.ProviderSimulator;
import io.chatgateway.testkit.ProviderSimulatorFactory;

/** Starts a {@link NavixySimulator}; found with {@link java.util.ServiceLoader}. */
public final class NavixySimulatorFactory implements ProviderSimulatorFactory {

    /** Used by {@link java.util.ServiceLoader}. */
    public NavixySimulatorFactory() {
    }

    @Override
    public String providerId() {
        return "navixy";
    }

    @Override
    public ProviderSimulator start(int port) {
        return new NavixySimulator(port);
    }
}
