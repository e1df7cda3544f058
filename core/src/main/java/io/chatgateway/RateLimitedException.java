package io.chatgateway;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The provider (HTTP 429, Navixy 15) or the account's own rate limiter refused the call.
 *
 * <p>Retryable. The gateway waits {@link #retryAfter()} when the provider said how long (up to the
 * configured cap) and fails fast with this exception when the wait would exceed the cap.
 */
public class RateLimitedException extends ChatGatewayException {

    private static final long serialVersionUID = 1L;

    private final @Nullable Duration retryAfter;

    /**
     * @param message    one readable sentence, without secrets
     * @param details    where it happened
     * @param retryAfter how long the provider asked to wait, or {@code null} when it did not say
     */
    public RateLimitedException(String message, ErrorDetails details, @Nullable Duration retryAfter) {
        super(message, details, true, null);
        this.retryAfter = retryAfter;
    }

    /** @return how long the provider asked to wait before the next call, when it said */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
