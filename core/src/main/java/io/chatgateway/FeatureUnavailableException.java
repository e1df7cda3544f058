package io.chatgateway;

import org.jspecify.annotations.Nullable;

/**
 * The provider account's plan does not include this feature (Navixy 236 tariff, 268 over quota).
 *
 * <p>Not retryable: repeating the same call gives the same answer.
 */
public class FeatureUnavailableException extends ChatGatewayException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message one readable sentence, without secrets
     * @param details where it happened
     */
    public FeatureUnavailableException(String message, ErrorDetails details) {
        this(message, details, null);
    }

    /**
     * @param message one readable sentence, without secrets
     * @param details where it happened
     * @param cause   the underlying cause
     */
    public FeatureUnavailableException(String message, ErrorDetails details, @Nullable Throwable cause) {
        super(message, details, false, cause);
    }
}
