/** chat-gateway adapter for Navixy tracker chat (API v2, {@code /tracker/chat/*}). */
module io.chatgateway.navixy {
    requires transitive io.chatgateway.core;
    requires static org.jspecify; // nullness annotations only: not needed at run time

    exports io.chatgateway.navixy;

    provides io.chatgateway.spi.ChatProviderFactory with io.chatgateway.navixy.NavixyChatProviderFactory;
}
