/** chat-gateway testkit: provider simulators and the adapter conformance kit. */
module io.chatgateway.testkit {
    requires static org.jspecify; // nullness annotations only: not needed at run time
    requires transitive io.chatgateway.core;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;
    requires transitive org.assertj.core;
    requires transitive jdk.httpserver;

    exports io.chatgateway.testkit;
    exports io.chatgateway.testkit.navixy;
    exports io.chatgateway.testkit.quickblox;
    exports io.chatgateway.testkit.smsbat;

    uses io.chatgateway.testkit.ProviderSimulatorFactory;

    provides io.chatgateway.testkit.ProviderSimulatorFactory with
            io.chatgateway.testkit.navixy.NavixySimulatorFactory,
            io.chatgateway.testkit.quickblox.QuickbloxSimulatorFactory,
            io.chatgateway.testkit.smsbat.SmsbatSimulatorFactory;
}
