package io.chatgateway.navixy.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.BroadcastResult;
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
import io.chatgateway.ProviderUnavailableException;
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
import java.util.concurrent.CompletionException;

/**
 * Navixy sends: one message to a tracker ({@code tracker/chat/send}) and broadcasts
 * ({@code tracker/chat/broadcast}), whose partial answers are split into per-recipient outcomes. Thread-safe.
 */
final class NavixySends {

    private static final int MAX_TRACKERS = NavixyChatProviderFactory.MAX_TRACKERS_PER_CALL;

    private final NavixyApi api;
    private final String account;
    private final TrackerIsolation isolation;

    NavixySends(NavixyApi api, String account, TrackerIsolation isolation) {
        this.api = api;
        this.account = account;
        this.isolation = isolation;
    }

    CompletableFuture<SendResult> send(ConversationRef to, OutgoingMessage message) {
        long tracker;
        try {
            tracker = api.trackerId(to, Operation.SEND);
        } catch (InvalidRequestException e) {
            return CompletableFuture.failedFuture(e);
        }
        Map<String, Object> body = new LinkedHashMap<>(4); // two fields: a table of 4, not the default 16
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

    CompletableFuture<List<BroadcastResult.RecipientOutcome>> broadcast(List<ConversationRef> recipients, OutgoingMessage message) {
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
        return isolation.run(Operation.BROADCAST, new ArrayList<>(byId.keySet()), false, chunk -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("trackers", chunk);
            body.put("message", message.text());
            return api.call(Operation.BROADCAST, "/tracker/chat/broadcast", body, true);
        }).handle((result, error) -> {
            if (error != null) {
                Throwable cause = Futures.unwrap(error);
                if (!(cause instanceof ChatGatewayException g) || !NavixyApi.DEVICE_LIMIT.equals(g.providerCode().orElse(null))) {
                    throw new CompletionException(cause);
                }
                // 221: the dealer's device limit is exceeded; nothing was sent, and repeating would not help
                return recipients.stream().map(r -> BroadcastResult.RecipientOutcome.failed(r, g)).toList();
            }
            Map<ConversationRef, BroadcastResult.RecipientOutcome> all = outcomes(result, byId, message);
            return recipients.stream().map(all::get).toList();
        });
    }

    /** Per recipient: sent chunks' answers, offenders, and what a failure part-way left undone (never resent). */
    private Map<ConversationRef, BroadcastResult.RecipientOutcome> outcomes(TrackerIsolation.Result<JsonNode> result,
                                                            Map<Long, ConversationRef> byId, OutgoingMessage message) {
        Map<ConversationRef, BroadcastResult.RecipientOutcome> all = new LinkedHashMap<>();
        ErrorDetails d = api.details(Operation.BROADCAST).withProviderCode(TrackerIsolation.REJECTED);
        result.answers().forEach((chunk, json) -> {
            Map<Long, ConversationRef> part = new LinkedHashMap<>();
            chunk.forEach(id -> part.put(id, byId.get(id)));
            all.putAll(outcomes(json, part, message));
        });
        result.offenders().forEach((id, why) -> {
            ConversationRef ref = byId.get(id);
            all.put(ref, BroadcastResult.RecipientOutcome.failed(ref, switch (why) {
                case NOT_FOUND -> new NotFoundException("Navixy account '" + account + "' has no tracker " + id
                        + " (broadcast answered code 217 and tracker/list does not name it); nothing was sent to it.", d);
                case BLOCKED -> new ConversationUnavailableException("Navixy tracker " + id + " is blocked (tracker/list"
                        + " says source.blocked; broadcast answered code 217); nothing was sent to it.", d);
                case REJECTED -> new ConversationUnavailableException("Navixy rejected tracker " + id + " alone with code"
                        + " 217 (blocked, gone or its tariff has no chat feature); nothing was sent to it.", d);
                case UNRESOLVED -> new InvalidRequestException("Navixy rejected the broadcast with code 217 and tracker "
                        + id + " could not be told apart from the offending trackers within "
                        + TrackerIsolation.budget(byId.size()) + " extra requests; nothing was sent to it.", d);
            }));
        });
        if (result.stopped() != null) {
            Throwable stop = result.stopped();
            Set<Long> failedChunk = new HashSet<>(result.failedChunk());
            for (Long id : result.notTried()) {
                ConversationRef ref = byId.get(id);
                ChatGatewayException e;
                if (stop instanceof ChatGatewayException g && (failedChunk.contains(id) || !(g instanceof DeliveryUncertainException))) {
                    e = g;
                } else {
                    e = new ProviderUnavailableException("Navixy failed part of the broadcast (" + stop.getMessage()
                            + "), so tracker " + id + " was not tried; nothing was sent to it.", api.details(Operation.BROADCAST), stop);
                }
                all.put(ref, BroadcastResult.RecipientOutcome.failed(ref, e));
            }
        }
        return all;
    }

    private Map<ConversationRef, BroadcastResult.RecipientOutcome> outcomes(JsonNode json, Map<Long, ConversationRef> byId,
                                                            OutgoingMessage message) {
        Set<Long> sent = new HashSet<>(NavixyMapper.ids(json.get("sent_to")));
        Set<Long> notSent = new HashSet<>(NavixyMapper.ids(json.get("not_sent_to")));
        Map<ConversationRef, BroadcastResult.RecipientOutcome> all = new LinkedHashMap<>();
        ErrorDetails d = api.details(Operation.BROADCAST);
        byId.forEach((id, ref) -> {
            if (sent.contains(id) && !notSent.contains(id)) {
                all.put(ref, BroadcastResult.RecipientOutcome.sent(ref, null));
            } else if (notSent.contains(id)) {
                all.put(ref, BroadcastResult.RecipientOutcome.failed(ref, new ConversationUnavailableException("Navixy did not deliver the"
                        + " broadcast to tracker " + id + " (listed in not_sent_to): the device may be blocked or not"
                        + " support chat.", d)));
            } else {
                all.put(ref, BroadcastResult.RecipientOutcome.failed(ref, new DeliveryUncertainException("Navixy's broadcast answer"
                        + " names tracker " + id + " in neither sent_to nor not_sent_to; it may or may not have been sent,"
                        + " so it is not sent again.", d, ref, message, null)));
            }
        });
        return all;
    }
}
