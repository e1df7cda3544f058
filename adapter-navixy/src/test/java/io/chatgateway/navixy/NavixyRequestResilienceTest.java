package io.chatgateway.navixy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.BroadcastResult;
import io.chatgateway.ConversationRef;
import io.chatgateway.MessageRef;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.testkit.Fault;
import io.chatgateway.testkit.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Resilience per HTTP request on Navixy's chunked operations: when a later chunk fails and is retried, the
 * chunks that already succeeded are never sent again (above all never a broadcast chunk).
 */
class NavixyRequestResilienceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final NavixyTarget target = NavixyTarget.standard();

    @AfterEach
    void close() {
        target.close();
    }

    private List<RecordedRequest> requests(String handler) {
        return target.sim.requests().stream().filter(r -> r.path().equals("/v2/" + handler)).toList();
    }

    private static Set<Long> longs(RecordedRequest r, String field) {
        try {
            JsonNode n = JSON.readTree(r.body()).get(field);
            Set<Long> out = new TreeSet<>();
            if (n != null && n.isArray()) {
                n.forEach(v -> out.add(v.asLong()));
            } else if (n != null) {
                out.add(n.asLong());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void should_resend_only_the_mark_read_chunk_that_failed() {
        long tracker = target.sim.addTracker("busy");
        Instant at = target.time.instant().minusSeconds(3600);
        List<MessageRef> refs = new ArrayList<>();
        for (int i = 0; i < 2 * 1024 + 10; i++) {
            refs.add(target.ref(tracker).message(Long.toString(target.sim.addIncoming(tracker, "m" + i, at, 7L))));
        }
        target.sim.clearRequests();
        target.sim.inject("/v2/tracker/chat/mark_read", Fault.pass());
        target.sim.inject("/v2/tracker/chat/mark_read", Fault.respond(503, "{}"));

        target.gateway.markRead(refs);

        List<RecordedRequest> sent = requests("tracker/chat/mark_read");
        assertThat(sent).hasSize(4);
        assertThat(longs(sent.get(1), "message_ids")).isEqualTo(longs(sent.get(2), "message_ids"));
        Map<Long, Integer> times = new HashMap<>();
        sent.forEach(r -> longs(r, "message_ids").forEach(id -> times.merge(id, 1, Integer::sum)));
        Set<Long> secondChunk = longs(sent.get(1), "message_ids");
        times.forEach((id, n) -> assertThat(n).as("requests marking %d", id).isEqualTo(secondChunk.contains(id) ? 2 : 1));
        assertThat(times).hasSize(refs.size());
        assertThat(target.sim.unread(tracker)).isZero();
    }

    @Test
    void should_never_resend_a_broadcast_chunk_that_succeeded_when_a_later_chunk_is_retried() {
        List<ConversationRef> recipients = new ArrayList<>();
        for (int i = 0; i < 2 * NavixyChatProviderFactory.MAX_TRACKERS_PER_CALL + 5; i++) {
            recipients.add(target.ref(target.sim.addTracker("t" + i)));
        }
        target.sim.clearRequests();
        target.sim.inject("/v2/tracker/chat/broadcast", Fault.pass());
        target.sim.inject("/v2/tracker/chat/broadcast", Fault.respond(503, "{}"));

        BroadcastResult result = target.gateway.broadcast(recipients, OutgoingMessage.text("all trucks: report"));

        assertThat(result.allSent()).isTrue();
        List<RecordedRequest> sent = requests("tracker/chat/broadcast");
        assertThat(sent).hasSize(4);
        Map<Long, Integer> times = new HashMap<>();
        sent.forEach(r -> longs(r, "trackers").forEach(id -> times.merge(id, 1, Integer::sum)));
        Set<Long> retried = longs(sent.get(1), "trackers");
        assertThat(longs(sent.get(2), "trackers")).isEqualTo(retried);
        times.forEach((id, n) -> assertThat(n).as("broadcast requests to tracker %d", id)
                .isEqualTo(retried.contains(id) ? 2 : 1));
        recipients.forEach(r -> assertThat(target.sim.messages(Long.parseLong(r.id()))).hasSize(1));
    }
}
