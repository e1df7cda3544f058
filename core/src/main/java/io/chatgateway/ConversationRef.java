package io.chatgateway;

import java.util.Objects;

/**
 * Names one conversation of one account: a Navixy tracker, an SMSBAT chat, a QuickBlox dialog.
 *
 * <p>Text form {@code account:id}, e.g. {@code navixy:123456}. The account name is
 * {@code [A-Za-z0-9_-]}, 1–64 characters. The id is opaque and may hold any character; in the text form
 * {@code %}, {@code :}, {@code /} and control characters are percent-encoded (UTF-8), so that
 * {@code parse(ref.toString()).equals(ref)} always holds.
 *
 * @param account the account name the application registered
 * @param id      the provider's conversation id, opaque, not blank
 */
public record ConversationRef(String account, String id) {


    /**
     * @throws InvalidRequestException when the account name is malformed or the id is blank
     */
    public ConversationRef {
        requireAccountName(account);
        if (id == null || id.isBlank()) {
            throw new InvalidRequestException("A conversation id must not be blank (account '" + account + "').");
        }
    }

    /**
     * @param text the text form, e.g. {@code navixy:123456}
     * @return the reference
     * @throws InvalidRequestException when the text is not a conversation reference
     */
    public static ConversationRef parse(String text) {
        if (text == null) {
            throw new InvalidRequestException("A conversation reference must not be null.");
        }
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1 || text.indexOf('/') >= 0) {
            throw new InvalidRequestException("'" + printable(text)
                    + "' is not a conversation reference; expected account:id, e.g. navixy:123456.");
        }
        return new ConversationRef(text.substring(0, colon), RefCodec.unescape(text.substring(colon + 1), text));
    }

    /**
     * @param messageId the provider's message id within this conversation
     * @return a reference to that message
     */
    public MessageRef message(String messageId) {
        return new MessageRef(this, messageId);
    }

    @Override
    public String toString() {
        return account + ':' + RefCodec.escape(id);
    }

    static void requireAccountName(String account) {
        if (!isAccountName(account)) {
            throw new InvalidRequestException("'" + printable(Objects.toString(account))
                    + "' is not a valid account name; use 1-64 letters, digits, '_' or '-'.");
        }
    }

    /** Same as {@code [A-Za-z0-9_-]{1,64}}, without a regex: every reference checks it. */
    private static boolean isAccountName(String a) {
        if (a == null || a.isEmpty() || a.length() > 64) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    static String printable(String text) {
        String cut = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
