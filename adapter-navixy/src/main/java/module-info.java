/** chat-gateway adapter for Navixy tracker chat (API v2, {@code /tracker/chat/*}). */
module io.chatgateway.navixy {
    requires transitive io.chatgateway.core;

    exports io.chatgateway.navixy;

    provides io.chatgateway.spi.ChatProviderFactory with io.chatgateway.navixy.NavixyChatProviderFactory;
}
