package io.chatgateway;

import java.util.Objects;

/**
 * Names one message: its conversation and the provider's message id.
 *
 * <p>Text form {@code account:conversationId/messageId}, e.g. {@code navixy:123456/789}, with the same
 * escaping as {@link ConversationRef}; {@code parse(ref.toString()).equals(ref)} always holds.
 *
 * @param conversation the conversation the message belongs to
 * @param id           the provider's message id, opaque, not blank
 */
public record MessageRef(ConversationRef conversation, String id) {

    /**
     * @throws InvalidRequestException when the conversation is null or the id is blank
     */
    public MessageRef {
        if (conversation == null) {
            throw new InvalidRequestException("A message reference needs a conversation.");
        }
        if (id == null || id.isBlank()) {
            throw new InvalidRequestException("A message id must not be blank (conversation " + conversation + ").");
        }
    }

    /**
     * @param text the text form, e.g. {@code navixy:123456/789}
     * @return the reference
     * @throws InvalidRequestException when the text is not a message reference
     */
    public static MessageRef parse(String text) {
        if (text == null) {
            throw new InvalidRequestException("A message reference must not be null.");
        }
        int slash = text.indexOf('/');
        if (slash < 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
            throw new InvalidRequestException("'" + ConversationRef.printable(text)
                    + "' is not a message reference; expected account:conversation/message, e.g. navixy:123456/789.");
        }
        ConversationRef conversation = ConversationRef.parse(text.substring(0, slash));
        return new MessageRef(conversation, RefCodec.unescape(text.substring(slash + 1), text));
    }

    /** @return the account name of the conversation */
    public String account() {
        return conversation.account();
    }

    @Override
    public String toString() {
        return conversation + "/" + RefCodec.escape(Objects.requireNonNull(id));
    }
}
