package io.chatgateway;

import org.jspecify.annotations.Nullable;

/**
 * The provider's answer could not be understood: malformed or truncated JSON, a body over the size cap,
 * JSON beyond the parser's limits (nesting depth, number or string length), or a shape no documented
 * variant explains.
 *
 * <p>Retryable on reads (a truncated body is often transient); a send with an unreadable answer fails
 * with {@link DeliveryUncertainException} instead.
 */
public class ProtocolException extends ChatGatewayException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message one readable sentence, without secrets
     * @param details where it happened
     */
    public ProtocolException(String message, ErrorDetails details) {
        this(message, details, null);
    }

    /**
     * @param message one readable sentence, without secrets
     * @param details where it happened
     * @param cause   the underlying cause
     */
    public ProtocolException(String message, ErrorDetails details, @Nullable Throwable cause) {
        this(message, details, cause, true);
    }

    /**
     * @param message   one readable sentence, without secrets
     * @param details   where it happened
     * @param cause     the underlying cause
     * @param retryable {@code false} when repeating cannot help (an oversized body, a redirect)
     */
    public ProtocolException(String message, ErrorDetails details, @Nullable Throwable cause, boolean retryable) {
        super(message, details, retryable, cause);
    }
}
