package io.chatgateway.navixy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.BroadcastResult;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationRef;
import io.chatgateway.ConversationUnavailableException;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.NotFoundException;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.PermissionDeniedException;
import io.chatgateway.testkit.RecordedRequest;
import io.chatgateway.testkit.navixy.NavixySimulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Navixy answers 217 for a WHOLE {@code updated/list} or {@code broadcast} when one tracker is gone, blocked
 * or lacks the chat tariff (221 when the dealer's device limit is exceeded): one bad tracker never sinks the
 * call for the others, healthy recipients get a broadcast exactly once, and the extra requests are bounded.
 */
class NavixyPartialFailureTest {

    private static final String UPDATED = "/v2/tracker/chat/updated/list";
    private static final String BROADCAST = "/v2/tracker/chat/broadcast";
    private static final String TRACKERS = "/v2/tracker/list";

    private final NavixyTarget target = NavixyTarget.standard();
    private final NavixySimulator sim = target.sim;

    @AfterEach
    void close() {
        target.close();
    }

    private long trackerWithMessage(String label, Instant at) {
        long t = sim.addTracker(label);
        sim.addIncoming(t, "hi from " + label, at, null);
        return t;
    }

    private List<String> bodies(String path) {
        return sim.requests().stream().filter(r -> r.path().equals(path)).map(RecordedRequest::bodyText).toList();
    }

    private List<String> paths() {
        return sim.requests().stream().map(RecordedRequest::path).toList();
    }

    @Test
    void should_list_every_healthy_conversation_and_mark_blocked_and_tariffless_trackers() {
        Instant at = target.time.instant().minusSeconds(600);
        long a = trackerWithMessage("A", at);
        long blocked = trackerWithMessage("Blocked", at);
        long tariffless = trackerWithMessage("No chat tariff", at);
        long d = trackerWithMessage("D", at.plusSeconds(1));
        sim.blockTracker(blocked, true);
        sim.setTrackerTariffHasChat(tariffless, false);

        List<Conversation> all = target.gateway.conversations(ConversationQuery.forAccount("fleet").build()).stream().toList();

        assertThat(all).extracting(Conversation::title).containsExactly("A", "Blocked", "No chat tariff", "D");
        assertThat(all.get(0).lastMessageAt()).isEqualTo(at);
        assertThat(all.get(0).attributes()).doesNotContainKey("chat_unavailable");
        assertThat(all.get(1).lastMessageAt()).isNull();
        assertThat(all.get(1).attributes()).containsEntry("chat_unavailable", "blocked");
        assertThat(all.get(2).lastMessageAt()).isNull();
        assertThat(all.get(2).attributes()).containsEntry("chat_unavailable", "rejected");
        assertThat(all.get(3).lastMessageAt()).isEqualTo(at.plusSeconds(1));
        // the blocked tracker is left out up front; the tariff-less one is found by bisection
        assertThat(bodies(UPDATED)).containsExactly(
                "{\"trackers\":[" + a + "," + tariffless + "," + d + "]}",
                "{\"trackers\":[" + a + "]}",
                "{\"trackers\":[" + tariffless + "," + d + "]}",
                "{\"trackers\":[" + tariffless + "]}",
                "{\"trackers\":[" + d + "]}");
        assertThat(bodies(TRACKERS)).hasSize(1);
    }

    @Test
    void should_read_last_activity_of_healthy_trackers_leaving_out_gone_and_blocked_ones_with_one_tracker_list() {
        Instant at = target.time.instant().minusSeconds(600);
        long a = trackerWithMessage("A", at);
        long gone = trackerWithMessage("Gone", at);
        long blocked = trackerWithMessage("Blocked", at);
        long d = trackerWithMessage("D", at.plusSeconds(5));
        sim.removeTracker(gone);
        sim.blockTracker(blocked, true);
        List<ConversationRef> refs = List.of(target.ref(a), target.ref(gone), target.ref(blocked), target.ref(d));

        Map<ConversationRef, Instant> last = target.gateway.lastActivity(refs);

        assertThat(last).containsOnly(Map.entry(target.ref(a), at), Map.entry(target.ref(d), at.plusSeconds(5)));
        assertThat(paths()).containsExactly(UPDATED, TRACKERS, UPDATED);
        assertThat(bodies(UPDATED)).containsExactly(
                "{\"trackers\":[" + a + "," + gone + "," + blocked + "," + d + "]}",
                "{\"trackers\":[" + a + "," + d + "]}");
    }

    @Test
    void should_send_a_broadcast_to_each_healthy_tracker_exactly_once_and_fail_the_offenders() {
        long a = sim.addTracker("A");
        long tariffless = sim.addTracker("No chat tariff");
        long d = sim.addTracker("D");
        long e = sim.addTracker("E");
        long gone = sim.addTracker("Gone");
        sim.setTrackerTariffHasChat(tariffless, false);
        sim.removeTracker(gone);
        List<ConversationRef> refs = List.of(target.ref(a), target.ref(tariffless), target.ref(d), target.ref(e),
                target.ref(gone));

        BroadcastResult result = target.gateway.broadcast(refs, OutgoingMessage.text("road closed"));

        List<BroadcastResult.RecipientOutcome> out = result.outcomes();
        assertThat(out).extracting(BroadcastResult.RecipientOutcome::conversation).containsExactlyElementsOf(refs);
        assertThat(out.get(0).isSent()).isTrue();
        assertThat(out.get(1).error()).isInstanceOf(ConversationUnavailableException.class).hasMessageContaining("217");
        assertThat(out.get(1).error().providerCode()).hasValue("217");
        assertThat(out.get(2).isSent()).isTrue();
        assertThat(out.get(3).isSent()).isTrue();
        assertThat(out.get(4).error()).isInstanceOf(NotFoundException.class).hasMessageContaining(Long.toString(gone));
        for (long healthy : List.of(a, d, e)) {
            assertThat(sim.messages(healthy)).as("messages of %s", healthy).hasSize(1);
        }
        assertThat(sim.messages(tariffless)).isEmpty();
        String m = ",\"message\":\"road closed\"}";
        assertThat(bodies(BROADCAST)).containsExactly(
                "{\"trackers\":[" + a + "," + tariffless + "," + d + "," + e + "," + gone + "]" + m,
                "{\"trackers\":[" + a + "," + tariffless + "," + d + "," + e + "]" + m,
                "{\"trackers\":[" + a + "," + tariffless + "]" + m,
                "{\"trackers\":[" + a + "]" + m,
                "{\"trackers\":[" + tariffless + "]" + m,
                "{\"trackers\":[" + d + "," + e + "]" + m);
        assertThat(bodies(TRACKERS)).hasSize(1);
    }

    @Test
    void should_bound_the_extra_requests_and_never_send_twice_when_many_trackers_are_bad() {
        List<ConversationRef> refs = new ArrayList<>();
        List<Long> healthy = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            long t = sim.addTracker("t" + i);
            refs.add(target.ref(t));
            if (i % 2 == 1) {
                sim.setTrackerTariffHasChat(t, false);
            } else {
                healthy.add(t);
            }
        }

        BroadcastResult result = target.gateway.broadcast(refs, OutgoingMessage.text("x"));

        // 1 rejected call + at most 4*ceil(log2 16)+4 = 20 extra requests (tracker/list included)
        assertThat(sim.requestCount()).isLessThanOrEqualTo(21);
        Map<Boolean, List<BroadcastResult.RecipientOutcome>> sent = result.outcomes().stream()
                .collect(Collectors.partitioningBy(BroadcastResult.RecipientOutcome::isSent));
        assertThat(sent.get(true)).isNotEmpty();
        for (BroadcastResult.RecipientOutcome o : sent.get(true)) {
            assertThat(sim.messages(Long.parseLong(o.conversation().id()))).hasSize(1);
        }
        for (BroadcastResult.RecipientOutcome o : sent.get(false)) {
            assertThat(sim.messages(Long.parseLong(o.conversation().id()))).isEmpty();
            assertThat(o.error()).isInstanceOfAny(ConversationUnavailableException.class, InvalidRequestException.class);
        }
        assertThat(sent.get(false)).filteredOn(o -> o.error() instanceof InvalidRequestException)
                .allSatisfy(o -> assertThat(o.error()).hasMessageContaining("could not be told apart"));
        assertThat(sent.get(false)).filteredOn(o -> o.error() instanceof ConversationUnavailableException)
                .allSatisfy(o -> assertThat(healthy).doesNotContain(Long.parseLong(o.conversation().id())));
    }

    @Test
    void should_type_221_as_permission_denied_and_never_retry_it() {
        long a = trackerWithMessage("A", target.time.instant().minusSeconds(60));
        long b = sim.addTracker("B");
        sim.setDeviceLimitExceeded(true);

        BroadcastResult result = target.gateway.broadcast(List.of(target.ref(a), target.ref(b)), OutgoingMessage.text("x"));
        assertThat(result.outcomes()).allSatisfy(o -> assertThat(o.error())
                .isInstanceOf(PermissionDeniedException.class).satisfies(e -> assertThat(e.providerCode()).hasValue("221")));
        assertThat(bodies(BROADCAST)).hasSize(1);
        assertThat(sim.messages(b)).isEmpty();

        sim.clearRequests();
        assertThatThrownBy(() -> target.gateway.lastActivity(List.of(target.ref(a))))
                .isInstanceOf(PermissionDeniedException.class);
        assertThat(paths()).containsExactly(UPDATED);

        List<Conversation> all = target.gateway.conversations(ConversationQuery.forAccount("fleet").build()).stream().toList();
        assertThat(all).hasSize(2).allSatisfy(c -> assertThat(c.lastMessageAt()).isNull());
    }
}
