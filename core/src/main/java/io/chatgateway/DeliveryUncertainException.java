package io.chatgateway;

import org.jspecify.annotations.Nullable;

/**
 * A send whose outcome is unknown: the request may have reached the provider (timeout or connection
 * reset after it was written, an unreadable answer, a 5xx while processing). The gateway never resends
 * blindly; the exception carries what was sent so that the caller can reconcile, for example by
 * reading the conversation's latest messages. Not retryable.
 */
public class DeliveryUncertainException extends ChatGatewayException {

    private static final long serialVersionUID = 1L;

    private final transient @Nullable ConversationRef conversation;
    private final transient @Nullable OutgoingMessage message;

    /**
     * @param message      one readable sentence, without secrets
     * @param details      where it happened
     * @param conversation the recipient of the send, may be {@code null} when unknown to the raiser
     * @param sent         what was sent, may be {@code null} when unknown to the raiser
     * @param cause        the underlying cause
     */
    public DeliveryUncertainException(String message, ErrorDetails details, @Nullable ConversationRef conversation,
                                      @Nullable OutgoingMessage sent, @Nullable Throwable cause) {
        super(message, details, false, cause);
        this.conversation = conversation;
        this.message = sent;
    }

    /** @return the conversation the message was sent to, when known */
    public java.util.Optional<ConversationRef> conversation() {
        return java.util.Optional.ofNullable(conversation);
    }

    /** @return what was sent, when known */
    public java.util.Optional<OutgoingMessage> sentMessage() {
        return java.util.Optional.ofNullable(message);
    }

    /**
     * @param to   the recipient
     * @param sent what was sent
     * @return a copy that names the recipient and message, for the gateway to fill in
     */
    public DeliveryUncertainException about(ConversationRef to, OutgoingMessage sent) {
        DeliveryUncertainException copy = new DeliveryUncertainException(String.valueOf(getMessage()), details(), to, sent, getCause());
        copy.setStackTrace(getStackTrace());
        return copy;
    }
}
