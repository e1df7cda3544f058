package io.chatgateway.smsbat.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.ChatGatewayException;
import io.chatgateway.ConversationRef;
import io.chatgateway.DeliveryStatus;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.Message;
import io.chatgateway.MessageKind;
import io.chatgateway.Operation;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.SendResult;
import io.chatgateway.smsbat.SmsbatConfig;
import io.chatgateway.spi.Futures;
import io.chatgateway.spi.HttpAnswer;
import io.chatgateway.spi.HttpCall;
import io.chatgateway.spi.JsonValues;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Sends and interprets SMSBAT's (undocumented) send answers: a message object, an id, or nothing, in which
 * case the message just sent is looked up in the chat's history (never sent again). Thread-safe.
 */
final class SmsbatSends {

    private final SmsbatApi api;
    private final SmsbatConfig config;

    SmsbatSends(SmsbatApi api, SmsbatConfig config) {
        this.api = api;
        this.config = config;
    }

    CompletableFuture<SendResult> send(ConversationRef to, OutgoingMessage message) {
        return Futures.guard(() -> {
            String chatId = api.chatId(to, Operation.SEND);
            if (message.attachments().size() > 1) {
                throw new InvalidRequestException("SMSBAT sends at most one attachment per message, not "
                        + message.attachments().size() + ".", api.details(Operation.SEND));
            }
            int length = message.text().codePointCount(0, message.text().length());
            if (length > config.maxTextLength()) {
                throw new InvalidRequestException("The message text has " + length + " characters; this SMSBAT account"
                        + " accepts at most " + config.maxTextLength() + " (max-text-length).", api.details(Operation.SEND));
            }
            Map<String, Object> body = new LinkedHashMap<>(4); // at most three fields: a table of 4, not the default 16
            body.put("textMessage", message.text());
            body.put("author", SmsbatMapper.AUTHOR_OPERATOR);
            if (!message.attachments().isEmpty()) {
                body.put("media", media(message.attachments().get(0)));
            }
            return api.authorized(() -> HttpCall.post(config.baseUri(), "/api/chat/{}/message", chatId)
                    .json(body).operation(Operation.SEND).deliversMessage())
                    .thenCompose(answer -> sent(to, chatId, message, answer));
        });
    }

    private Map<String, Object> media(OutgoingMessage.Attachment a) {
        Map<String, Object> media = new LinkedHashMap<>();
        media.put("name", a.name());
        media.put("format", config.mediaFormat() == SmsbatConfig.MediaFormat.MIME ? a.contentType() : extension(a));
        media.put("dataBase64", Base64.getEncoder().encodeToString(a.data()));
        media.put("type", a.kind() == MessageKind.PHOTO ? 1 : 2);
        return media;
    }

    private static String extension(OutgoingMessage.Attachment a) {
        int dot = a.name().lastIndexOf('.');
        if (dot >= 0 && dot < a.name().length() - 1) {
            return a.name().substring(dot + 1).toLowerCase(Locale.ROOT);
        }
        String type = a.contentType();
        int slash = type.indexOf('/');
        String sub = slash >= 0 ? type.substring(slash + 1) : type;
        int semi = sub.indexOf(';');
        return (semi >= 0 ? sub.substring(0, semi) : sub).trim().toLowerCase(Locale.ROOT).replace("jpeg", "jpg");
    }

    /** Reads the (undocumented) send answer: a message object, an id, or nothing (then looks the message up). */
    private CompletableFuture<SendResult> sent(ConversationRef to, String chatId, OutgoingMessage message, HttpAnswer answer) {
        JsonNode body = null;
        if (answer.looksLikeJson()) {
            try {
                body = answer.json();
            } catch (ChatGatewayException unreadable) {
                body = null; // accepted (2xx) but unreadable: look the message up
            }
        }
        String id = null;
        JsonNode messageNode = null;
        if (body != null) {
            if (body.isObject()) {
                JsonNode nested = SmsbatApi.firstPresent(body, "data", "result");
                if (nested == null && body.get("message") != null && body.get("message").isObject()) {
                    nested = body.get("message");
                }
                JsonNode o = nested != null && nested.isObject() ? nested : body;
                id = JsonValues.asText(o.get("id"));
                if (id == null) {
                    id = JsonValues.asText(o.get("messageId"));
                }
                boolean isMessage = o.has("id") && (o.has("author") || o.has("date") || o.has("status"));
                messageNode = isMessage ? o : null;
            } else if (body.isValueNode()) {
                id = JsonValues.asText(body);
            }
        } else if (!answer.isBlank()) {
            String t = answer.text().trim();
            id = JsonValues.isDigits(t) ? t : null;
        }
        if (id != null && (id.isBlank() || id.equalsIgnoreCase("true") || id.equalsIgnoreCase("ok"))) {
            id = null;
        }
        if (id != null) {
            // the answer's message, when it is one the mapper would read (an id of its own): its delivery and time
            String ownId = messageNode == null ? null : JsonValues.asText(messageNode.get("id"));
            boolean mapped = ownId != null && !ownId.isBlank();
            DeliveryStatus delivery = mapped ? SmsbatMapper.delivery(messageNode) : DeliveryStatus.UNKNOWN;
            return CompletableFuture.completedFuture(new SendResult(to.message(id),
                    delivery != DeliveryStatus.UNKNOWN ? delivery : DeliveryStatus.SENT,
                    mapped ? SmsbatMapper.instant(messageNode.get("date")) : null, false));
        }
        if (!config.sendLookup()) {
            return CompletableFuture.failedFuture(new DeliveryUncertainException("SMSBAT accepted the message for chat "
                    + chatId + " (HTTP " + answer.status() + ") without returning its id, and send-lookup is off;"
                    + " it is not sent again.", api.details(Operation.SEND), to, message, null));
        }
        return lookUpSent(to, chatId, message, answer.status());
    }

    /**
     * Finds the message just sent: the newest operator message of the chat with the same text (and, for an
     * attachment, not of kind TEXT). A guess documented in the README; failures here never resend.
     */
    private CompletableFuture<SendResult> lookUpSent(ConversationRef to, String chatId, OutgoingMessage message, int status) {
        return api.history(to, chatId, Operation.SEND).handle((all, error) -> {
            if (error != null) {
                throw new DeliveryUncertainException("SMSBAT accepted the message for chat " + chatId + " (HTTP " + status
                        + ") without returning its id, and listing the chat to find it failed ("
                        + Futures.unwrap(error).getMessage() + "); it is not sent again.", api.details(Operation.SEND), to, message, Futures.unwrap(error));
            }
            Message found = null;
            for (Message m : all) {
                boolean mine = m.direction() == Message.Direction.OUTBOUND && m.author() != null
                        && m.author().role() == io.chatgateway.Participant.Role.AGENT
                        && !Integer.valueOf(SmsbatMapper.AUTHOR_VIBER_BUSINESS).equals(m.attributes().get("author"))
                        && m.text().equals(message.text())
                        && (message.attachments().isEmpty() || m.kind() != MessageKind.TEXT || !m.attachments().isEmpty());
                if (mine) {
                    found = m; // sorted oldest first: the last match is the newest
                }
            }
            if (found == null) {
                throw new DeliveryUncertainException("SMSBAT accepted the message for chat " + chatId + " (HTTP " + status
                        + ") without returning its id, and it is not in the chat's history yet; it is not sent again.",
                        api.details(Operation.SEND), to, message, null);
            }
            return new SendResult(found.ref(), found.delivery() == DeliveryStatus.UNKNOWN ? DeliveryStatus.SENT
                    : found.delivery(), found.sentAt(), false);
        });
    }
}
