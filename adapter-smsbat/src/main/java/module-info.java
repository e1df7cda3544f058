/**
 * SMSBAT ChatHub adapter of chat-gateway: operator and customer chats that come in over Viber and
 * Telegram ({@code https://chatapi.smsbat.com}). Only {@code io.chatgateway.smsbat} (factory and typed
 * config) is exported.
 */
module io.chatgateway.smsbat {
    requires transitive io.chatgateway.core;

    exports io.chatgateway.smsbat;

    provides io.chatgateway.spi.ChatProviderFactory with io.chatgateway.smsbat.SmsbatChatProviderFactory;
}
