package io.chatgateway.navixy.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.ChatGatewayException;
import io.chatgateway.ConversationRef;
import io.chatgateway.ConversationUnavailableException;
import io.chatgateway.DeliveryStatus;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.NotFoundException;
import io.chatgateway.Operation;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.RecipientOutcome;
import io.chatgateway.SendResult;
import io.chatgateway.navixy.NavixyChatProviderFactory;
import io.chatgateway.spi.Futures;
import io.chatgateway.spi.JsonValues;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Navixy sends: one message to a tracker ({@code tracker/chat/send}) and broadcasts
 * ({@code tracker/chat/broadcast}), whose partial answers are split into per-recipient outcomes. Thread-safe.
 */
final class NavixySends {

    private static final int MAX_TRACKERS = NavixyChatProviderFactory.MAX_TRACKERS_PER_CALL;

    private final NavixyApi api;
    private final String account;

    NavixySends(NavixyApi api, String account) {
        this.api = api;
        this.account = account;
    }

    CompletableFuture<SendResult> send(ConversationRef to, OutgoingMessage message) {
        long tracker;
        try {
            tracker = api.trackerId(to, Operation.SEND);
        } catch (InvalidRequestException e) {
            return CompletableFuture.failedFuture(e);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tracker_id", tracker);
        body.put("message", message.text());
        return api.call(Operation.SEND, "/tracker/chat/send", body, true).thenApply(json -> {
            Long id = JsonValues.asLong(json.get("id"));
            if (id == null) {
                throw new DeliveryUncertainException("Navixy accepted the message to tracker " + tracker
                        + " but returned no message id; it is not sent again.", api.details(Operation.SEND), to, message, null);
            }
            return new SendResult(to.message(Long.toString(id)), DeliveryStatus.PENDING, null, false);
        });
    }

    CompletableFuture<List<RecipientOutcome>> broadcast(List<ConversationRef> recipients, OutgoingMessage message) {
        Map<Long, ConversationRef> byId = new LinkedHashMap<>();
        try {
            for (ConversationRef r : recipients) {
                byId.put(api.trackerId(r, Operation.BROADCAST), r);
            }
        } catch (InvalidRequestException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (byId.size() > MAX_TRACKERS) {
            return CompletableFuture.failedFuture(new InvalidRequestException("A Navixy broadcast takes at most "
                    + MAX_TRACKERS + " trackers, not " + byId.size() + ".", api.details(Operation.BROADCAST)));
        }
        return broadcastOnce(byId, message, true).thenApply(outcomes ->
                recipients.stream().map(outcomes::get).toList());
    }

    /** Code 217 rejected the whole chunk (nothing was sent): find the trackers that do not exist, send to the rest once. */
    private CompletableFuture<Map<ConversationRef, RecipientOutcome>> splitUnknownTrackers(
            Map<Long, ConversationRef> byId, OutgoingMessage message, ChatGatewayException rejection) {
        return api.call(Operation.BROADCAST, "/tracker/list", new LinkedHashMap<>(), false).handle((json, error) -> {
            Map<ConversationRef, RecipientOutcome> all = new LinkedHashMap<>();
            if (error != null) {
                byId.values().forEach(r -> all.put(r, RecipientOutcome.failed(r, rejection)));
                return CompletableFuture.completedFuture(all);
            }
            Set<Long> known = new HashSet<>();
            json.path("list").forEach(n -> {
                Long id = JsonValues.asLong(n.get("id"));
                if (id != null) {
                    known.add(id);
                }
            });
            Map<Long, ConversationRef> existing = new LinkedHashMap<>();
            byId.forEach((id, ref) -> {
                if (known.contains(id)) {
                    existing.put(id, ref);
                } else {
                    all.put(ref, RecipientOutcome.failed(ref, new NotFoundException("Navixy account '" + account
                            + "' has no tracker " + id + " (broadcast answered code 217); nothing was sent to it.",
                            rejection.details())));
                }
            });
            if (existing.isEmpty() || existing.size() == byId.size()) {
                existing.values().forEach(r -> all.put(r, RecipientOutcome.failed(r, rejection)));
                return CompletableFuture.completedFuture(all);
            }
            return broadcastOnce(existing, message, false).thenApply(rest -> {
                all.putAll(rest);
                return all;
            });
        }).thenCompose(Function.identity());
    }

    private CompletableFuture<Map<ConversationRef, RecipientOutcome>> broadcastOnce(Map<Long, ConversationRef> byId,
                                                                                  OutgoingMessage message, boolean mayRetry) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("trackers", new ArrayList<>(byId.keySet()));
        body.put("message", message.text());
        return api.call(Operation.BROADCAST, "/tracker/chat/broadcast", body, true).handle((json, error) -> {
            if (error == null) {
                return CompletableFuture.completedFuture(outcomes(json, byId, message));
            }
            Throwable cause = Futures.unwrap(error);
            String code = NavixyApi.code(cause);
            if ("217".equals(code) && mayRetry) {
                return splitUnknownTrackers(byId, message, (ChatGatewayException) cause);
            }
            if ("217".equals(code) || "221".equals(code)) {
                Map<ConversationRef, RecipientOutcome> all = new LinkedHashMap<>();
                byId.values().forEach(r -> all.put(r, RecipientOutcome.failed(r, (ChatGatewayException) cause)));
                return CompletableFuture.completedFuture(all);
            }
            return CompletableFuture.<Map<ConversationRef, RecipientOutcome>>failedFuture(cause);
        }).thenCompose(Function.identity());
    }

    private Map<ConversationRef, RecipientOutcome> outcomes(JsonNode json, Map<Long, ConversationRef> byId,
                                                            OutgoingMessage message) {
        Set<Long> sent = new HashSet<>(NavixyMapper.ids(json.get("sent_to")));
        Set<Long> notSent = new HashSet<>(NavixyMapper.ids(json.get("not_sent_to")));
        Map<ConversationRef, RecipientOutcome> all = new LinkedHashMap<>();
        ErrorDetails d = api.details(Operation.BROADCAST);
        byId.forEach((id, ref) -> {
            if (sent.contains(id) && !notSent.contains(id)) {
                all.put(ref, RecipientOutcome.sent(ref, null));
            } else if (notSent.contains(id)) {
                all.put(ref, RecipientOutcome.failed(ref, new ConversationUnavailableException("Navixy did not deliver the"
                        + " broadcast to tracker " + id + " (listed in not_sent_to): the device may be blocked or not"
                        + " support chat.", d)));
            } else {
                all.put(ref, RecipientOutcome.failed(ref, new DeliveryUncertainException("Navixy's broadcast answer"
                        + " names tracker " + id + " in neither sent_to nor not_sent_to; it may or may not have been sent,"
                        + " so it is not sent again.", d, ref, message, null)));
            }
        });
        return all;
    }
}
