/**
 * The {@code chatgw} command: every gateway operation from the shell, a sandbox on the provider
 * simulators, a scripted demo. An application, not a library: nothing is exported.
 */
module io.chatgateway.cli {
    requires io.chatgateway.core;
    requires io.chatgateway.testkit;
    requires io.chatgateway.store.jdbc;
    requires io.chatgateway.smsbat; // typed SMSBAT chat filters (--phone, --telegram-user, --organization)
    requires info.picocli;
    requires org.slf4j;
    requires ch.qos.logback.classic;
    requires ch.qos.logback.core;
    requires com.fasterxml.jackson.databind;

    opens io.chatgateway.cli to info.picocli;

    uses io.chatgateway.spi.ChatProviderFactory;
    uses io.chatgateway.testkit.ProviderSimulatorFactory;
}
