package io.chatgateway.quickblox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.AuthenticationException;
import io.chatgateway.ChatGatewayException;
import io.chatgateway.ConversationUnavailableException;
import io.chatgateway.Operation;
import io.chatgateway.spi.ErrorDecoder;
import io.chatgateway.spi.HttpAnswer;
import io.chatgateway.spi.JsonValues;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one place where QuickBlox answers become typed exceptions. QuickBlox has no error codes: the HTTP
 * status decides (403 "You don't have appropriate permissions…" on a send: {@link ConversationUnavailableException}),
 * and the {@code errors} body (an array of strings, or an object of arrays keyed by field or
 * {@code base}) is flattened into the message. Any 2xx is a success, empty bodies included.
 */
final class QuickbloxErrorDecoder implements ErrorDecoder {

    static final QuickbloxErrorDecoder INSTANCE = new QuickbloxErrorDecoder();

    private static final String SESSION_PATH = "/session.json";
    private static final String SESSION_GONE = "session does not exist";
    private static final String NO_PERMISSION = "appropriate permissions";

    private QuickbloxErrorDecoder() {
    }

    @Override
    public Optional<ChatGatewayException> decode(HttpAnswer answer) {
        if (answer.isSuccess()) {
            return Optional.empty();
        }
        String message = errorText(answer);
        int status = answer.status();
        if (answer.call().pathForLogs().endsWith(SESSION_PATH) && status >= 400 && status < 500 && status != 429) {
            // a refused session request (bad signature, unknown application, wrong login) is an authentication problem
            return Optional.of(new AuthenticationException("Creating a QuickBlox session failed: "
                    + ErrorDecoder.sentence(answer, null, message), answer.details()));
        }
        if (status == 401) {
            // QuickBlox has no error codes: "Required session does not exist" is the one sign of an expired token
            boolean expired = message != null && message.toLowerCase(Locale.ROOT).contains(SESSION_GONE);
            return Optional.of(new AuthenticationException(expired ? AuthenticationException.Reason.EXPIRED
                    : AuthenticationException.Reason.REJECTED, ErrorDecoder.sentence(answer, null, message), answer.details(), null));
        }
        if (status == 403 && answer.call().operation() == Operation.SEND && message != null
                && message.toLowerCase(Locale.ROOT).contains(NO_PERMISSION)) {
            // the dialog exists (the user may see it) but refuses the user's messages, e.g. a public dialog that
            // must be joined first: unavailable for chatting, not a missing right of the whole account
            return Optional.of(new ConversationUnavailableException("QuickBlox refuses messages from the acting user"
                    + " in this dialog (not an occupant; a public dialog with is_join_required must be joined first): "
                    + ErrorDecoder.sentence(answer, null, message), answer.details()));
        }
        return Optional.of(ErrorDecoder.byStatus(answer, null, message));
    }

    /**
     * @param exception a failure
     * @return {@code true} when it is QuickBlox's "Required session does not exist" (an expired or unknown token)
     */
    static boolean isSessionExpired(Throwable exception) {
        return exception instanceof AuthenticationException a && a.reason() == AuthenticationException.Reason.EXPIRED;
    }

    /**
     * @param answer an error answer
     * @return the provider's messages joined with {@code "; "}, or {@code null} to quote the body
     */
    static String errorText(HttpAnswer answer) {
        if (!answer.looksLikeJson()) {
            return null;
        }
        JsonNode root;
        try {
            root = answer.json();
        } catch (ChatGatewayException unreadable) {
            return null;
        }
        List<String> messages = messages(root);
        return messages.isEmpty() ? null : String.join("; ", messages);
    }

    /**
     * @param root an error body
     * @return its messages: {@code errors} as an array, or as an object of arrays ({@code base} without a prefix,
     *         other keys as {@code "<field> <message>"}); {@code message} or {@code error} strings as a fallback
     */
    static List<String> messages(JsonNode root) {
        List<String> out = new ArrayList<>();
        if (root == null || !root.isObject()) {
            return out;
        }
        JsonNode errors = root.get("errors");
        if (errors != null && errors.isArray()) {
            errors.forEach(e -> addText(out, null, e));
        } else if (errors != null && errors.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = errors.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String prefix = e.getKey().equals("base") ? null : e.getKey();
                if (e.getValue().isArray()) {
                    e.getValue().forEach(v -> addText(out, prefix, v));
                } else {
                    addText(out, prefix, e.getValue());
                }
            }
        } else if (errors != null) {
            addText(out, null, errors);
        }
        if (out.isEmpty()) {
            addText(out, null, root.get("message"));
            addText(out, null, root.get("error"));
        }
        return out;
    }

    private static void addText(List<String> out, String prefix, JsonNode value) {
        String text = JsonValues.isAbsent(value) ? null : value.isValueNode() ? value.asText() : value.toString();
        if (text != null && !text.isBlank()) {
            out.add(prefix == null ? text.trim() : prefix + " " + text.trim());
        }
    }
}
