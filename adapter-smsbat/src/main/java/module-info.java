/**
 * SMSBAT ChatHub adapter of chat-gateway: operator and customer chats that come in over Viber and
 * Telegram ({@code https://chatapi.smsbat.com}). Only {@code io.chatgateway.smsbat} (factory and typed
 * config) is exported.
 */
module io.chatgateway.smsbat {
    requires static org.jspecify; // nullness annotations only: not needed at run time
    requires transitive io.chatgateway.core;

    exports io.chatgateway.smsbat;

    provides io.chatgateway.spi.ChatProviderFactory with io.chatgateway.smsbat.SmsbatChatProviderFactory;
}
