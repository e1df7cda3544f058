package io.chatgateway;

import org.jspecify.annotations.Nullable;

/**
 * The conversation exists but cannot chat now: Navixy device blocked (208) or chat not supported by the device (214).
 *
 * <p>Not retryable: repeating the same call gives the same answer.
 */
public class ConversationUnavailableException extends ChatGatewayException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message one readable sentence, without secrets
     * @param details where it happened
     */
    public ConversationUnavailableException(String message, ErrorDetails details) {
        this(message, details, null);
    }

    /**
     * @param message one readable sentence, without secrets
     * @param details where it happened
     * @param cause   the underlying cause
     */
    public ConversationUnavailableException(String message, ErrorDetails details, @Nullable Throwable cause) {
        super(message, details, false, cause);
    }
}
