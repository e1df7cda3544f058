package io.chatgateway.spi;

import io.chatgateway.ChatGatewayException;
import java.util.Optional;

/**
 * The one place where a provider's answers become typed exceptions (as in Feign). Called for every
 * answer, successful HTTP status or not, because some providers (Navixy) report errors inside HTTP 200.
 *
 * <p>Decide by the provider's error code first and the HTTP status second; use
 * {@link HttpErrors#byStatus} for the status. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface ErrorDecoder {

    /** Decides by HTTP status alone: anything outside 2xx is an error. */
    ErrorDecoder BY_STATUS = answer -> answer.isSuccess()
            ? Optional.empty()
            : Optional.of(HttpErrors.byStatus(answer, null, null));

    /**
     * @param answer the provider's answer
     * @return the exception the answer means, or empty when it is a success
     */
    Optional<ChatGatewayException> decode(HttpAnswer answer);
}
