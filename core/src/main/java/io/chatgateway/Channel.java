package io.chatgateway;

/**
 * Where the other side of a conversation writes from, as far as the provider says.
 *
 * <p>SMSBAT maps its chat {@code source} (1 Viber bot → {@link #VIBER}, 2 Telegram → {@link #TELEGRAM}; other
 * numbers → {@link #UNKNOWN} with the raw value kept in the {@code source} attribute); Navixy chats are
 * {@link #DEVICE}; QuickBlox dialogs are {@link #IN_APP}. New values may be added in later versions.
 */
public enum Channel {
    /** SMS text messages. */
    SMS,
    /** Viber (bot or business account). */
    VIBER,
    /** Telegram (bot). */
    TELEGRAM,
    /** WhatsApp. */
    WHATSAPP,
    /** Facebook Messenger. */
    FACEBOOK,
    /** Instagram direct messages. */
    INSTAGRAM,
    /** A chat widget on a web site. */
    WEB_WIDGET,
    /** An application's own chat (e.g. built with QuickBlox). */
    IN_APP,
    /** A tracking device or its driver app (Navixy). */
    DEVICE,
    /** The provider did not say, or said something this version does not know (the raw value is in the attributes). */
    UNKNOWN
}
