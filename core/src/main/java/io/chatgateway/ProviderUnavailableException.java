package io.chatgateway;

import org.jspecify.annotations.Nullable;

/**
 * The provider could not be reached or answered that it cannot serve now: HTTP 5xx, I/O errors,
 * timeouts on reads, an open circuit breaker, a full bulkhead.
 *
 * <p>Retryable. The gateway only raises it for a send when the request provably never reached the
 * provider (connection refused, 503 before processing); otherwise a send fails with
 * {@link DeliveryUncertainException}.
 */
public class ProviderUnavailableException extends ChatGatewayException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message one readable sentence, without secrets
     * @param details where it happened
     */
    public ProviderUnavailableException(String message, ErrorDetails details) {
        this(message, details, null);
    }

    /**
     * @param message one readable sentence, without secrets
     * @param details where it happened
     * @param cause   the underlying cause
     */
    public ProviderUnavailableException(String message, ErrorDetails details, @Nullable Throwable cause) {
        super(message, details, true, cause);
    }
}
