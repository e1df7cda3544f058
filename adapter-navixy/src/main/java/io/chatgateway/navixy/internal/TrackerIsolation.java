package io.chatgateway.navixy.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatgateway.Operation;
import io.chatgateway.spi.Futures;
import io.chatgateway.spi.JsonValues;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The one home of Navixy's whole-list rejections: {@code updated/list} and {@code broadcast} answer code 217
 * for the WHOLE list when one tracker does not exist, is blocked or its tariff has no chat feature, and
 * nothing is done for the others. This class finds the offenders so that the healthy trackers are still
 * served, each exactly once: first what {@code tracker/list} says (gone, {@code source.blocked}), then by
 * bisection, within {@link #budget(int)} extra requests. Calls are made one after another, so the number of
 * requests is deterministic. Stateless; thread-safe.
 */
final class TrackerIsolation {

    /** Navixy's code for a list naming a tracker it will not serve. */
    static final String REJECTED = "217";

    /** Why a tracker was left out, as shown in the {@code chat_unavailable} attribute of its conversation. */
    enum Reason {
        /** Not in {@code tracker/list} (any more). */
        NOT_FOUND("not_found"),
        /** {@code tracker/list} says {@code source.blocked}. */
        BLOCKED("blocked"),
        /** Navixy rejected it alone with code 217: its tariff has no chat feature (or it turned bad meanwhile). */
        REJECTED("rejected"),
        /** It could not be told apart from offenders within the request budget; nothing was done for it. */
        UNRESOLVED("unresolved");

        private final String wire;

        Reason(String wire) {
            this.wire = wire;
        }

        /** @return the attribute value */
        String wire() {
            return wire;
        }
    }

    /**
     * What happened to a list of trackers.
     *
     * @param answers   successful answers, by the chunk of trackers they answer for (each tracker in one chunk at most)
     * @param offenders trackers left out, with why
     * @param stopped   a failure other than 217 that ended the work, or {@code null}
     * @param notTried  trackers the failure left undone (the failing chunk first), empty without failure
     * @param failedChunk the chunk whose call failed with {@code stopped}, empty without failure
     * @param <R>       answer type
     */
    record Result<R>(Map<List<Long>, R> answers, Map<Long, Reason> offenders, Throwable stopped,
                     List<Long> failedChunk, List<Long> notTried) { }

    private final NavixyApi api;

    TrackerIsolation(NavixyApi api) {
        this.api = api;
    }

    /**
     * @param n trackers in the rejected list
     * @return the extra requests allowed to isolate offenders: 4·⌈log2 n⌉+4
     */
    static int budget(int n) {
        int log = n <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(n - 1);
        return 4 * log + 4;
    }

    /**
     * Calls {@code call} with all {@code ids}; when Navixy rejects the list with 217, leaves out what
     * {@code tracker/list} names as gone or blocked (unless {@code screened}: the caller already did) and
     * bisects the rest.
     *
     * @param operation the gateway operation (for the {@code tracker/list} call)
     * @param ids       distinct tracker ids, at most one Navixy list
     * @param screened  whether known-bad trackers were already left out by the caller
     * @param call      one Navixy list call
     * @param <R>       answer type
     * @return the result; fails only when the first call fails with something other than 217
     */
    <R> CompletableFuture<Result<R>> run(Operation operation, List<Long> ids, boolean screened,
                                         Function<List<Long>, CompletableFuture<R>> call) {
        if (ids.isEmpty()) {
            return CompletableFuture.completedFuture(new Result<>(Map.of(), Map.of(), null, List.of(), List.of()));
        }
        return call.apply(ids).handle((answer, error) -> {
            if (error == null) {
                Map<List<Long>, R> answers = new LinkedHashMap<>();
                answers.put(ids, answer);
                return CompletableFuture.completedFuture(new Result<>(answers, Map.<Long, Reason>of(), null,
                        List.<Long>of(), List.<Long>of()));
            }
            Throwable cause = Futures.unwrap(error);
            if (!REJECTED.equals(NavixyApi.code(cause))) {
                return CompletableFuture.<Result<R>>failedFuture(cause);
            }
            Work<R> work = new Work<>(call, budget(ids.size()));
            if (screened) {
                work.split(ids);
                return work.next();
            }
            return work.screen(operation, ids);
        }).thenCompose(Function.identity());
    }

    /** One isolation in progress; used by one sequential chain of calls only. */
    private final class Work<R> {
        final Function<List<Long>, CompletableFuture<R>> call;
        final Map<List<Long>, R> answers = new LinkedHashMap<>();
        final Map<Long, Reason> offenders = new LinkedHashMap<>();
        final Deque<List<Long>> pending = new ArrayDeque<>();
        int budget;

        Work(Function<List<Long>, CompletableFuture<R>> call, int budget) {
            this.call = call;
            this.budget = budget;
        }

        CompletableFuture<Result<R>> screen(Operation operation, List<Long> ids) {
            budget--;
            return api.call(operation, "/tracker/list", new LinkedHashMap<>(), false).handle((json, error) -> {
                if (error != null) {
                    split(ids); // without the list, bisection alone finds the offenders
                    return next();
                }
                Map<Long, JsonNode> known = new LinkedHashMap<>();
                json.path("list").forEach(n -> {
                    Long id = JsonValues.asLong(n.get("id"));
                    if (id != null) {
                        known.put(id, n);
                    }
                });
                List<Long> rest = new ArrayList<>();
                for (Long id : ids) {
                    JsonNode n = known.get(id);
                    if (n == null) {
                        offenders.put(id, Reason.NOT_FOUND);
                    } else if (blocked(n)) {
                        offenders.put(id, Reason.BLOCKED);
                    } else {
                        rest.add(id);
                    }
                }
                if (rest.size() == ids.size()) {
                    split(rest); // the list told nothing new: the same call would be rejected again
                } else if (!rest.isEmpty()) {
                    pending.push(rest);
                }
                return next();
            }).thenCompose(Function.identity());
        }

        void split(List<Long> ids) {
            if (ids.size() == 1) {
                offenders.put(ids.get(0), Reason.REJECTED);
                return;
            }
            int half = ids.size() / 2;
            pending.push(new ArrayList<>(ids.subList(half, ids.size())));
            pending.push(new ArrayList<>(ids.subList(0, half)));
        }

        CompletableFuture<Result<R>> next() {
            List<Long> chunk = pending.poll();
            if (chunk == null) {
                return CompletableFuture.completedFuture(new Result<>(answers, offenders, null, List.of(), List.of()));
            }
            if (budget <= 0) {
                chunk.forEach(id -> offenders.put(id, Reason.UNRESOLVED));
                return next();
            }
            budget--;
            return call.apply(chunk).handle((answer, error) -> {
                if (error == null) {
                    answers.put(chunk, answer);
                    return next();
                }
                Throwable cause = Futures.unwrap(error);
                if (REJECTED.equals(NavixyApi.code(cause))) {
                    split(chunk);
                    return next();
                }
                List<Long> notTried = new ArrayList<>(chunk);
                pending.forEach(notTried::addAll);
                pending.clear();
                return CompletableFuture.completedFuture(new Result<>(answers, offenders, cause, chunk, notTried));
            }).thenCompose(Function.identity());
        }
    }

    /** @param tracker one item of {@code tracker/list} @return whether its {@code source.blocked} is true */
    static boolean blocked(JsonNode tracker) {
        JsonNode source = tracker.get("source");
        return source != null && Boolean.TRUE.equals(JsonValues.asBoolean(source.get("blocked")));
    }
}
