package io.chatgateway.spi;

import io.chatgateway.AuthenticationException;
import io.chatgateway.ChatGatewayException;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.NotFoundException;
import io.chatgateway.PermissionDeniedException;
import io.chatgateway.ProtocolException;
import io.chatgateway.ProviderUnavailableException;
import io.chatgateway.RateLimitedException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The one place where a provider's answers become typed exceptions (as in Feign). Called for every
 * answer, successful HTTP status or not, because some providers (Navixy) report errors inside HTTP 200.
 *
 * <p>Decide by the provider's error code first and the HTTP status second; use {@link #byStatus} for the
 * status. The static helpers here are the shared mapping from HTTP statuses to typed exceptions and the shared
 * sentence format: every message says what was tried ({@code POST /tracker/chat/send}), what came back, and
 * never a secret. Implementations must be thread-safe; the helpers are stateless.
 */
@FunctionalInterface
public interface ErrorDecoder {

    /** Decides by HTTP status alone: anything outside 2xx is an error. */
    ErrorDecoder BY_STATUS = answer -> answer.isSuccess()
            ? Optional.empty()
            : Optional.of(byStatus(answer, null, null));

    /**
     * @param answer the provider's answer
     * @return the exception the answer means, or empty when it is a success
     */
    Optional<ChatGatewayException> decode(HttpAnswer answer);

    /**
     * Maps an error answer by its HTTP status.
     *
     * <ul>
     *   <li>3xx: {@link ProtocolException}, not retryable (redirects are never followed);</li>
     *   <li>400, 405, 409, 413, 415, 422: {@link InvalidRequestException}; 401: {@link AuthenticationException},
     *       {@link AuthenticationException.Reason#EXPIRED} when the call carried a credential header, else
     *       {@link AuthenticationException.Reason#REJECTED};
     *       403: {@link PermissionDeniedException}; 404, 410: {@link NotFoundException};</li>
     *   <li>429: {@link RateLimitedException} with the {@code Retry-After} wait;</li>
     *   <li>503: {@link ProviderUnavailableException} (answered before processing, so safe to retry even for a send);</li>
     *   <li>408, 500, 502, 504 and other 5xx: {@link #serverFault};</li>
     *   <li>anything else: {@link ProtocolException}.</li>
     * </ul>
     *
     * @param answer          the answer
     * @param providerCode    the provider's error code
     * @param providerMessage the provider's error text, or {@code null} to quote the body
     * @return the exception
     */
    public static ChatGatewayException byStatus(HttpAnswer answer, @Nullable String providerCode, @Nullable String providerMessage) {
        ErrorDetails d = answer.details().withProviderCode(providerCode);
        int s = answer.status();
        String sentence = sentence(answer, providerCode, providerMessage);
        if (s >= 300 && s < 400) {
            String to = answer.header("Location").map(ErrorDecoder::hostOf).orElse("elsewhere");
            return new ProtocolException(describe(answer) + " answered with a redirect (HTTP " + s + ") to " + to
                    + "; redirects are not followed, check the base URL.", d, null, false);
        }
        return switch (s) {
            case 400, 405, 409, 413, 415, 422 -> new InvalidRequestException(sentence, d);
            case 401 -> new AuthenticationException(answer.call().carriesCredential()
                    ? AuthenticationException.Reason.EXPIRED : AuthenticationException.Reason.REJECTED, sentence, d, null);
            case 403 -> new PermissionDeniedException(sentence, d);
            case 404, 410 -> new NotFoundException(sentence, d);
            case 429 -> new RateLimitedException(sentence, d,
                    answer.header("Retry-After").flatMap(h -> retryAfter(h, answer.receivedAt())).orElse(null));
            case 503 -> new ProviderUnavailableException(sentence, d);
            default -> s == 408 || s >= 500 ? serverFault(answer, d, sentence) : new ProtocolException(sentence, d);
        };
    }

    /**
     * A fault the provider may have hit while processing: a retryable {@link ProviderUnavailableException}
     * for reads, a {@link DeliveryUncertainException} for calls that deliver a message.
     *
     * @param answer   the answer
     * @param details  details to carry
     * @param sentence the message
     * @return the exception
     */
    public static ChatGatewayException serverFault(HttpAnswer answer, ErrorDetails details, String sentence) {
        if (answer.call().deliversMessage()) {
            return new DeliveryUncertainException(sentence + " The message may have been sent, so it is not sent again.",
                    details, null, null, null);
        }
        return new ProviderUnavailableException(sentence, details);
    }

    /**
     * @param answer          the answer
     * @param providerCode    the provider's code
     * @param providerMessage the provider's text, or {@code null} to quote the body
     * @return e.g. {@code navixy account 'fleet' (send): POST /tracker/chat/send answered HTTP 403, code 208: Device blocked.}
     */
    public static String sentence(HttpAnswer answer, @Nullable String providerCode, @Nullable String providerMessage) {
        StringBuilder sb = new StringBuilder(describe(answer)).append(" answered HTTP ").append(answer.status());
        if (providerCode != null) {
            sb.append(", code ").append(providerCode);
        }
        String text = providerMessage != null ? redact(answer, providerMessage) : answer.quote();
        sb.append(": ").append(text);
        if (sb.charAt(sb.length() - 1) != '.') {
            sb.append('.');
        }
        return sb.toString();
    }

    /**
     * @param answer the answer
     * @return who asked what: {@code navixy account 'fleet' (send): POST /tracker/chat/send}
     */
    public static String describe(HttpAnswer answer) {
        ErrorDetails d = answer.details();
        StringBuilder sb = new StringBuilder();
        if (d.provider() != null) {
            sb.append(d.provider()).append(' ');
        }
        if (d.account() != null) {
            sb.append("account '").append(d.account()).append("' ");
        }
        if (d.operation() != null) {
            sb.append('(').append(d.operation()).append(") ");
        }
        if (sb.length() > 0) {
            sb.setLength(sb.length() - 1);
            sb.append(": ");
        }
        return sb.append(answer.call().method()).append(' ').append(answer.call().pathForLogs()).toString();
    }

    /**
     * Parses a {@code Retry-After} value: delay-seconds or an HTTP date.
     *
     * @param value the header value
     * @param now   the time the answer arrived
     * @return the wait (zero for a date in the past), or empty when the value is neither form
     */
    public static Optional<Duration> retryAfter(String value, Instant now) {
        String v = value.trim();
        if (v.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String redact(HttpAnswer answer, String text) {
        // redact before cutting, so that a secret straddling the limit cannot leak its first characters
        String t = text;
        for (io.chatgateway.Secret s : answer.redactions()) {
            t = t.replace(s.reveal(), "****");
        }
        t = t.replaceAll("\\p{Cntrl}+", " ");
        return t.length() > HttpAnswer.MAX_QUOTE ? t.substring(0, HttpAnswer.MAX_QUOTE - 1) + "…" : t;
    }

    private static String hostOf(String location) {
        try {
            String host = java.net.URI.create(location.trim()).getHost();
            return host == null ? "a relative location" : "host " + host;
        } catch (IllegalArgumentException e) {
            return "an unreadable location";
        }
    }
}
