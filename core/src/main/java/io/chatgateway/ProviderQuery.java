package io.chatgateway;

/**
 * Typed filters that only one provider understands, carried by a {@link ConversationQuery} (for example
 * {@code SmsbatChatFilter}) or a {@link MessageQuery} (for example {@code QuickbloxFilter}). The gateway rejects a query whose provider query belongs to another provider
 * than the account's with {@link InvalidRequestException}, before any request; the adapter validates the
 * values, also before any request. Implementations are immutable values.
 */
public interface ProviderQuery {

    /** @return the id of the provider that understands these filters, e.g. {@code smsbat} */
    String provider();
}
