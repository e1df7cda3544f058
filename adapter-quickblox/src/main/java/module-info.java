/** chat-gateway adapter for the QuickBlox REST chat API (dialogs and messages). */
module io.chatgateway.quickblox {
    requires transitive io.chatgateway.core;
    requires static org.jspecify; // nullness annotations only: not needed at run time

    exports io.chatgateway.quickblox;

    provides io.chatgateway.spi.ChatProviderFactory with io.chatgateway.quickblox.QuickbloxChatProviderFactory;
}
