package io.chatgateway.testprovider;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.AuthenticationException;
import io.chatgateway.ChatGatewayException;
import io.chatgateway.ConversationUnavailableException;
import io.chatgateway.ErrorDetails;
import io.chatgateway.FeatureUnavailableException;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.NotFoundException;
import io.chatgateway.PermissionDeniedException;
import io.chatgateway.spi.ErrorDecoder;
import io.chatgateway.spi.HttpAnswer;
import io.chatgateway.spi.JsonValues;
import java.util.Optional;

/** The loopback API's one error decoder: {@code {"error":{"code","message"}}}, by code first, HTTP status second. */
final class LoopbackErrorDecoder implements ErrorDecoder {

    @Override
    public Optional<ChatGatewayException> decode(HttpAnswer answer) {
        JsonNode error = answer.looksLikeJson() ? answer.json().path("error") : null;
        if (error == null || !error.isObject()) {
            return answer.isSuccess() ? Optional.empty() : Optional.of(ErrorDecoder.byStatus(answer, null, null));
        }
        String code = JsonValues.asText(error.get("code"));
        String text = JsonValues.asText(error.get("message"));
        ErrorDetails d = answer.details().withProviderCode(code);
        String sentence = ErrorDecoder.sentence(answer, code, text);
        return Optional.of(switch (code == null ? "" : code) {
            case "not_found" -> new NotFoundException(sentence, d);
            case "invalid" -> new InvalidRequestException(sentence, d);
            case "unauthorized" -> new AuthenticationException(sentence, d);
            case "forbidden" -> new PermissionDeniedException(sentence, d);
            case "blocked" -> new ConversationUnavailableException(sentence, d);
            case "plan" -> new FeatureUnavailableException(sentence, d);
            default -> ErrorDecoder.byStatus(answer, code, text);
        });
    }
}
