package io.chatgateway.navixy;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatgateway.ConversationRef;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.testkit.FakeTime;
import io.chatgateway.testkit.RecordedRequest;
import io.chatgateway.testkit.navixy.NavixySimulator;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Navixy's zone-less date/times: a non-whole-hour zone, DST changes, zone from the account, ISO mode. */
class NavixyTimeZoneTest {

    private static final ZoneId KATHMANDU = ZoneId.of("Asia/Kathmandu");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private NavixyTarget target;

    @AfterEach
    void close() {
        target.close();
    }

    @Test
    void should_write_and_read_zone_less_times_in_a_configured_non_whole_hour_zone() {
        target = new NavixyTarget(KATHMANDU, b -> b.hash(NavixySimulator.DEMO_API_KEY).isoDateTime(false).timeZone(KATHMANDU));
        long truck = target.sim.addTracker("Truck");
        Instant at = Instant.parse("2026-11-20T09:00:07Z");
        target.sim.addIncoming(truck, "hi", at, null);
        MessageQuery q = MessageQuery.of(target.ref(truck)).since(Instant.parse("2026-11-20T09:00:00Z"))
                .until(Instant.parse("2026-11-20T09:01:00Z")).build();

        List<Message> all = target.gateway.messages(q).stream().toList();

        assertThat(all).singleElement().satisfies(m -> assertThat(m.sentAt()).isEqualTo(at));
        RecordedRequest r = lastList();
        assertThat(r.header("NVX-ISO-DateTime")).isEmpty();
        assertThat(r.bodyText()).contains("\"from\":\"2026-11-20 14:45:00\"", "\"to\":\"2026-11-20 14:45:59\"");
        assertThat(target.gateway.lastActivity(List.of(target.ref(truck)))).containsEntry(target.ref(truck), at);
        assertThat(target.sim.requests()).noneMatch(x -> x.path().endsWith("/user/get_info"));
    }

    @Test
    void should_read_the_newest_messages_when_this_machines_clock_runs_behind_the_servers() {
        FakeTime time = new FakeTime(Instant.parse("2026-11-20T09:00:00Z"));
        target = new NavixyTarget(time, KATHMANDU, b -> b.hash(NavixySimulator.DEMO_API_KEY).isoDateTime(false).timeZone(KATHMANDU));
        long truck = target.sim.addTracker("Truck");
        Instant serverNow = Instant.parse("2026-11-20T09:05:00Z"); // the server is five minutes ahead of us
        target.sim.addIncoming(truck, "just now", serverNow, null);

        List<Message> all = target.gateway.messages(MessageQuery.of(target.ref(truck)).build()).stream().toList();

        assertThat(all).extracting(Message::text).containsExactly("just now");
        assertThat(lastList().bodyText()).contains("\"to\":\"2026-11-20 15:45:00\""); // our now + 1 h, in Kathmandu
    }

    @Test
    void should_ask_the_account_for_its_zone_once_and_read_across_a_spring_forward_change() {
        FakeTime time = new FakeTime(Instant.parse("2026-03-08T12:00:00Z"));
        target = new NavixyTarget(time, NEW_YORK, b -> b.hash(NavixySimulator.DEMO_API_KEY).isoDateTime(false));
        long truck = target.sim.addTracker("Truck");
        Instant beforeChange = Instant.parse("2026-03-08T06:59:59Z"); // 01:59:59 EST
        Instant afterChange = Instant.parse("2026-03-08T07:00:00Z"); // 03:00:00 EDT
        target.sim.addIncoming(truck, "before", beforeChange, null);
        target.sim.addIncoming(truck, "after", afterChange, null);

        List<Message> all = target.gateway.messages(MessageQuery.of(target.ref(truck)).pageSize(1).build()).stream().toList();

        assertThat(all).extracting(Message::text).containsExactly("before", "after");
        assertThat(all).extracting(Message::sentAt).containsExactly(beforeChange, afterChange);
        assertThat(target.sim.requests()).filteredOn(x -> x.path().endsWith("/user/get_info")).hasSize(1);
        assertThat(target.gateway.messages(MessageQuery.of(target.ref(truck)).since(afterChange).build())
                .stream().map(Message::text).toList()).containsExactly("after");
        assertThat(lastList().bodyText()).contains("\"from\":\"2026-03-08 03:00:00\"");
    }

    @Test
    void should_keep_both_copies_of_a_repeated_fall_back_hour_apart_in_iso_mode() {
        FakeTime time = new FakeTime(Instant.parse("2026-11-01T12:00:00Z"));
        target = new NavixyTarget(time, NEW_YORK, b -> b.hash(NavixySimulator.DEMO_API_KEY));
        long truck = target.sim.addTracker("Truck");
        Instant firstOneThirty = Instant.parse("2026-11-01T05:30:00Z"); // 01:30 EDT
        Instant secondOneThirty = Instant.parse("2026-11-01T06:30:00Z"); // 01:30 EST
        target.sim.addIncoming(truck, "EDT", firstOneThirty, null);
        target.sim.addIncoming(truck, "EST", secondOneThirty, null);

        List<Message> all = target.gateway.messages(MessageQuery.of(target.ref(truck)).newestFirst().pageSize(1).build())
                .stream().toList();

        assertThat(all).extracting(Message::sentAt).containsExactly(secondOneThirty, firstOneThirty);
        assertThat(target.gateway.messages(MessageQuery.of(target.ref(truck)).since(secondOneThirty).build())
                .stream().map(Message::text).toList()).containsExactly("EST");
        assertThat(lastList().bodyText()).contains("\"from\":\"2026-11-01T06:30:00Z\"");
        Map<ConversationRef, Instant> last = target.gateway.lastActivity(List.of(target.ref(truck)));
        assertThat(last).containsEntry(target.ref(truck), secondOneThirty);
    }

    @Test
    void should_read_iso_times_with_a_non_whole_hour_offset() {
        target = NavixyTarget.standard();
        long truck = target.sim.addTracker("Truck");
        Instant at = Instant.parse("2026-11-20T09:15:00Z");
        target.sim.addIncoming(truck, "hi", at, null);
        assertThat(target.gateway.messages(MessageQuery.of(target.ref(truck)).build()).items())
                .singleElement().satisfies(m -> assertThat(m.sentAt()).isEqualTo(at));
    }

    private RecordedRequest lastList() {
        List<RecordedRequest> lists = target.sim.requests().stream()
                .filter(r -> r.path().equals("/v2/tracker/chat/list")).toList();
        return lists.get(lists.size() - 1);
    }
}
