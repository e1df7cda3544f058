package io.chatgateway.navixy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.AuthenticationException;
import io.chatgateway.BroadcastResult;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationRef;
import io.chatgateway.ConversationUnavailableException;
import io.chatgateway.DeliveryStatus;
import io.chatgateway.FeatureUnavailableException;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.NotFoundException;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.Page;
import io.chatgateway.Participant;
import io.chatgateway.ProtocolException;
import io.chatgateway.SendResult;
import io.chatgateway.testkit.RecordedRequest;
import io.chatgateway.testkit.navixy.NavixySimulator;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The adapter through {@code ChatGateway} against the Navixy simulator: every action, auth, errors, validation. */
class NavixyAdapterTest {

    private NavixyTarget target = NavixyTarget.standard();

    @AfterEach
    void close() {
        target.close();
    }

    private NavixySimulator sim() {
        return target.sim;
    }

    @Test
    void should_list_trackers_as_conversations_with_unread_counts_last_activity_and_blocked_attribute() {
        long truck = sim().addTracker("Truck 12");
        long trailer = sim().addTracker("Trailer 9");
        sim().blockTracker(trailer, true);
        Instant at = target.time.instant().minusSeconds(600);
        sim().addIncoming(truck, "hello", at, 7L);
        sim().addIncoming(truck, "again", at.plusSeconds(60), 7L);

        List<Conversation> all = target.gateway.conversations(ConversationQuery.forAccount("fleet").build()).stream().toList();

        assertThat(all).extracting(Conversation::title).containsExactly("Truck 12", "Trailer 9");
        Conversation c = all.get(0);
        assertThat(c.ref()).isEqualTo(target.ref(truck));
        assertThat(c.provider()).isEqualTo("navixy");
        assertThat(c.unreadCount()).isEqualTo(2L);
        assertThat(c.lastMessageAt()).isEqualTo(at.plusSeconds(60));
        assertThat(c.attributes()).containsEntry("blocked", false).containsKeys("source", "group_id", "clone", "tag_bindings");
        Conversation blocked = all.get(1);
        assertThat(blocked.attributes()).containsEntry("blocked", true);
        assertThat(blocked.unreadCount()).isZero();
        assertThat(blocked.lastMessageAt()).isNull();
    }

    @Test
    void should_page_conversations_by_tracker_id_without_gaps_or_repeats() {
        List<ConversationRef> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            expected.add(target.ref(sim().addTracker("t" + i)));
        }
        Page<Conversation> first = target.gateway.conversations(ConversationQuery.forAccount("fleet").pageSize(3).build());
        assertThat(first.items()).hasSize(3);
        assertThat(first.stream().map(Conversation::ref).toList()).containsExactlyElementsOf(expected);
    }

    @Test
    void should_leave_unread_counts_unknown_when_the_tariff_has_no_chat_but_still_list_trackers() {
        sim().addTracker("Truck");
        sim().setTariffHasChat(false);
        List<Conversation> all = target.gateway.conversations(ConversationQuery.forAccount("fleet").build()).stream().toList();
        assertThat(all).singleElement().satisfies(c -> assertThat(c.unreadCount()).isNull());
        assertThatThrownBy(() -> target.gateway.unreadCounts("fleet")).isInstanceOf(FeatureUnavailableException.class)
                .satisfies(e -> assertThat(((FeatureUnavailableException) e).providerCode()).hasValue("236"));
    }

    @Test
    void should_map_messages_direction_delivery_author_and_read_status() {
        long truck = sim().addTracker("Truck");
        Instant at = target.time.instant().minusSeconds(300);
        sim().addIncoming(truck, "from driver", at, 3001L);
        long out = sim().addOutgoing(truck, "from dispatcher", at.plusSeconds(1), false);
        sim().addOutgoing(truck, "delivered one", at.plusSeconds(2), true);

        List<Message> all = target.gateway.messages(MessageQuery.of(target.ref(truck)).build()).stream().toList();

        assertThat(all).extracting(Message::direction).containsExactly(Message.Direction.INBOUND, Message.Direction.OUTBOUND, Message.Direction.OUTBOUND);
        assertThat(all).extracting(Message::delivery)
                .containsExactly(DeliveryStatus.DELIVERED, DeliveryStatus.PENDING, DeliveryStatus.DELIVERED);
        assertThat(all).extracting(Message::readStatus).containsOnly(Message.ReadStatus.UNKNOWN);
        assertThat(all.get(0).author()).isEqualTo(new Participant("3001", null, Participant.Role.CUSTOMER));
        assertThat(all.get(0).attributes()).containsEntry("employee_id", 3001L);
        assertThat(all.get(1).author().role()).isEqualTo(Participant.Role.AGENT);
        assertThat(all.get(1).ref().id()).isEqualTo(Long.toString(out));
        assertThat(all.get(0).sentAt()).isEqualTo(at);
        assertThat(all.get(1).updatedAt()).isNull();
        assertThat(all.get(2).updatedAt()).isEqualTo(at.plusSeconds(2));
    }

    @Test
    void should_send_with_a_json_body_and_the_hash_only_in_the_authorization_header() {
        long truck = sim().addTracker("Truck");
        SendResult result = target.gateway.send(target.ref(truck), OutgoingMessage.text("Hello ✓"));

        assertThat(result.delivery()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(sim().messages(truck)).singleElement().satisfies(m -> {
            assertThat(m.text()).isEqualTo("Hello ✓");
            assertThat(result.message().id()).isEqualTo(Long.toString(m.id()));
        });
        RecordedRequest r = last("/v2/tracker/chat/send");
        assertThat(r.header("Authorization")).hasValue("NVX " + NavixySimulator.DEMO_API_KEY);
        assertThat(r.header("NVX-ISO-DateTime")).hasValue("true");
        assertThat(r.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(r.bodyText()).isEqualTo("{\"tracker_id\":" + truck + ",\"message\":\"Hello ✓\"}");
        assertThat(r.rawQuery()).isNull();
        assertThat(sim().requests()).allSatisfy(req -> {
            assertThat(req.bodyText()).doesNotContain(NavixySimulator.DEMO_API_KEY);
            assertThat(String.valueOf(req.rawQuery())).doesNotContain(NavixySimulator.DEMO_API_KEY);
        });
    }

    @Test
    void should_map_blocked_and_chatless_trackers_to_conversation_unavailable() {
        long blocked = sim().addTracker("Blocked");
        sim().blockTracker(blocked, true);
        long tag = sim().addTracker("Tag");
        sim().disableChat(tag);
        assertThatThrownBy(() -> target.gateway.send(target.ref(blocked), OutgoingMessage.text("x")))
                .isInstanceOf(ConversationUnavailableException.class)
                .satisfies(e -> assertThat(((ConversationUnavailableException) e).providerCode()).hasValue("208"));
        assertThatThrownBy(() -> target.gateway.messages(MessageQuery.of(target.ref(tag)).build()))
                .isInstanceOf(ConversationUnavailableException.class)
                .satisfies(e -> assertThat(((ConversationUnavailableException) e).providerCode()).hasValue("214"));
    }

    @Test
    void should_merge_sent_to_and_not_sent_to_into_broadcast_outcomes() {
        long a = sim().addTracker("A");
        long b = sim().addTracker("B (device without chat)");
        sim().disableChat(b);
        BroadcastResult result = target.gateway.broadcast(List.of(target.ref(a), target.ref(b)), OutgoingMessage.text("all"));
        assertThat(result.outcomes().get(0).isSent()).isTrue();
        assertThat(result.outcomes().get(1).error()).isInstanceOf(ConversationUnavailableException.class)
                .hasMessageContaining("not_sent_to");
        assertThat(last("/v2/tracker/chat/broadcast").bodyText())
                .isEqualTo("{\"trackers\":[" + a + "," + b + "],\"message\":\"all\"}");
    }

    @Test
    void should_resend_a_broadcast_rejected_with_217_to_the_existing_trackers_only() {
        long a = sim().addTracker("A");
        ConversationRef ghost = new ConversationRef("fleet", "424242");
        BroadcastResult result = target.gateway.broadcast(List.of(ghost, target.ref(a)), OutgoingMessage.text("all"));
        assertThat(result.outcomes().get(0).error()).isInstanceOf(NotFoundException.class).hasMessageContaining("424242");
        assertThat(result.outcomes().get(1).isSent()).isTrue();
        assertThat(sim().messages(a)).hasSize(1);
    }

    @Test
    void should_chunk_broadcasts_by_300_trackers() {
        List<ConversationRef> refs = new ArrayList<>();
        for (int i = 0; i < 301; i++) {
            refs.add(target.ref(sim().addTracker("t" + i)));
        }
        BroadcastResult result = target.gateway.broadcast(refs, OutgoingMessage.text("hi"));
        assertThat(result.allSent()).isTrue();
        assertThat(sim().requests()).filteredOn(r -> r.path().equals("/v2/tracker/chat/broadcast")).hasSize(2);
    }

    @Test
    void should_reject_non_numeric_tracker_and_message_ids_before_any_request() {
        ConversationRef bad = new ConversationRef("fleet", "truck-12");
        int before = sim().requestCount();
        assertThatThrownBy(() -> target.gateway.send(bad, OutgoingMessage.text("x")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("truck-12");
        // a broadcast reports the rejection per recipient; nothing of the chunk is sent
        assertThat(target.gateway.broadcast(List.of(bad, target.ref(1)), OutgoingMessage.text("x")).outcomes())
                .allSatisfy(o -> assertThat(o.error()).isInstanceOf(InvalidRequestException.class));
        assertThatThrownBy(() -> target.gateway.messages(MessageQuery.of(bad).build()))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> target.gateway.markRead(List.of(target.ref(1).message("abc"))))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> target.gateway.markAllRead("fleet", List.of(bad)))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> target.gateway.lastActivity(List.of(bad)))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> target.gateway.send(target.ref(1), OutgoingMessage.text("x".repeat(20_001))))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(sim().requestCount()).isEqualTo(before);
    }

    @Test
    void should_mark_one_message_with_message_id_and_many_with_message_ids() {
        long truck = sim().addTracker("Truck");
        Instant at = target.time.instant().minusSeconds(60);
        long m1 = sim().addIncoming(truck, "1", at, null);
        long m2 = sim().addIncoming(truck, "2", at, null);
        long m3 = sim().addIncoming(truck, "3", at, null);
        target.gateway.markRead(List.of(target.ref(truck).message(Long.toString(m1))));
        assertThat(last("/v2/tracker/chat/mark_read").bodyText()).isEqualTo("{\"message_id\":" + m1 + "}");
        target.gateway.markRead(List.of(target.ref(truck).message(Long.toString(m2)), target.ref(truck).message(Long.toString(m3))));
        assertThat(last("/v2/tracker/chat/mark_read").bodyText()).isEqualTo("{\"message_ids\":[" + m2 + "," + m3 + "]}");
        assertThat(sim().unread(truck)).isZero();
    }

    @Test
    void should_mark_all_read_for_every_tracker_or_a_given_list() {
        long a = sim().addTracker("A");
        long b = sim().addTracker("B");
        Instant at = target.time.instant().minusSeconds(60);
        sim().addIncoming(a, "1", at, null);
        sim().addIncoming(b, "2", at, null);
        target.gateway.markAllRead("fleet", List.of(target.ref(a)));
        assertThat(last("/v2/tracker/chat/mark_read_all").bodyText()).isEqualTo("{\"trackers\":[" + a + "]}");
        assertThat(target.gateway.unreadCounts("fleet")).containsExactly(Map.entry(target.ref(b), 1L));
        target.gateway.markAllRead("fleet", List.of());
        assertThat(last("/v2/tracker/chat/mark_read_all").bodyText()).isEqualTo("{}");
        assertThat(target.gateway.unreadCounts("fleet")).isEmpty();
    }

    @Test
    void should_read_last_activity_with_updated_list_in_chunks_of_300() {
        List<ConversationRef> refs = new ArrayList<>();
        Instant at = target.time.instant().minusSeconds(3600);
        for (int i = 0; i < 302; i++) {
            long t = sim().addTracker("t" + i);
            refs.add(target.ref(t));
            if (i % 100 == 0) {
                sim().addIncoming(t, "x", at.plusSeconds(i), null);
            }
        }
        Map<ConversationRef, Instant> last = target.gateway.lastActivity(refs);
        assertThat(last).hasSize(4).containsEntry(refs.get(300), at.plusSeconds(300)).containsEntry(refs.get(0), at);
        assertThat(sim().requests()).filteredOn(r -> r.path().equals("/v2/tracker/chat/updated/list")).hasSize(2);
    }

    @Test
    void should_fail_with_authentication_on_a_wrong_api_key_without_looping() {
        target.close();
        target = new NavixyTarget(NavixySimulator.DEFAULT_ZONE, b -> b.hash("00000000000000000000000000000000"));
        assertThatThrownBy(() -> target.gateway.unreadCounts("fleet"))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("code 3")
                .hasMessageNotContaining("00000000000000000000000000000000");
        assertThat(sim().requestCount()).isEqualTo(1);
    }

    @Test
    void should_log_in_with_user_auth_and_log_in_again_once_when_the_session_ended() {
        target.close();
        target = new NavixyTarget(NavixySimulator.DEFAULT_ZONE,
                b -> b.login(NavixySimulator.DEMO_LOGIN, NavixySimulator.DEMO_PASSWORD));
        long truck = sim().addTracker("Truck");
        target.gateway.send(target.ref(truck), OutgoingMessage.text("one"));
        String firstHash = sim().sessions().iterator().next();
        sim().endSessions();
        target.gateway.send(target.ref(truck), OutgoingMessage.text("two"));

        assertThat(sim().messages(truck)).hasSize(2);
        List<String> paths = sim().requests().stream().map(RecordedRequest::path).toList();
        assertThat(paths).containsExactly("/v2/user/auth", "/v2/tracker/chat/send", "/v2/tracker/chat/send",
                "/v2/user/auth", "/v2/tracker/chat/send");
        assertThat(sim().sessions()).doesNotContain(firstHash).hasSize(1);
        RecordedRequest auth = sim().requests().get(0);
        assertThat(auth.header("Authorization")).isEmpty();
        assertThat(auth.bodyText()).contains("\"login\":\"" + NavixySimulator.DEMO_LOGIN + "\"");
    }

    @Test
    void should_fail_clearly_when_the_login_needs_a_second_factor() {
        target.close();
        target = new NavixyTarget(NavixySimulator.DEFAULT_ZONE,
                b -> b.login(NavixySimulator.DEMO_LOGIN, NavixySimulator.DEMO_PASSWORD));
        sim().requireSecondFactor(true);
        assertThatThrownBy(() -> target.gateway.unreadCounts("fleet"))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("second factor")
                .hasMessageNotContaining(NavixySimulator.DEMO_PASSWORD);
        assertThat(sim().requestCount()).isEqualTo(1);
    }

    @Test
    void should_map_a_wrong_password_to_authentication_without_showing_it() {
        target.close();
        target = new NavixyTarget(NavixySimulator.DEFAULT_ZONE, b -> b.login(NavixySimulator.DEMO_LOGIN, "wrong-secret"));
        assertThatThrownBy(() -> target.gateway.unreadCounts("fleet"))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("code 102")
                .hasMessageNotContaining("wrong-secret");
    }

    @Test
    void should_page_fifty_messages_in_one_second_both_orders_without_gaps_or_repeats() {
        long truck = sim().addTracker("Busy");
        Instant second = target.time.instant().minusSeconds(30);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sim().addIncoming(truck, "m" + i, second, null);
            expected.add("m" + i);
        }
        for (int size : new int[] {1, 7, 49, 50, 1024}) {
            assertThat(target.gateway.messages(MessageQuery.of(target.ref(truck)).pageSize(size).build())
                    .stream().map(Message::text).toList()).as("page size %d", size).containsExactlyElementsOf(expected);
            List<String> reversed = new ArrayList<>(expected);
            java.util.Collections.reverse(reversed);
            assertThat(target.gateway.messages(MessageQuery.of(target.ref(truck)).newestFirst().pageSize(size).build())
                    .stream().map(Message::text).toList()).as("newest first, page size %d", size)
                    .containsExactlyElementsOf(reversed);
        }
    }

    @Test
    void should_not_repeat_or_skip_when_messages_arrive_in_the_boundary_second_while_paging() {
        long truck = sim().addTracker("Busy");
        Instant second = target.time.instant().minusSeconds(30);
        for (int i = 0; i < 5; i++) {
            sim().addIncoming(truck, "m" + i, second, null);
        }
        Page<Message> first = target.gateway.messages(MessageQuery.of(target.ref(truck)).pageSize(3).build());
        sim().addIncoming(truck, "late", second, null);
        List<String> texts = new ArrayList<>(first.items().stream().map(Message::text).toList());
        for (Page<Message> p = first; p.hasNext(); ) {
            p = p.next();
            p.items().forEach(m -> texts.add(m.text()));
        }
        assertThat(texts).containsExactly("m0", "m1", "m2", "m3", "m4", "late");
    }

    @Test
    void should_fail_clearly_instead_of_looping_when_more_than_1024_messages_share_one_second() {
        long truck = sim().addTracker("Flood");
        Instant second = target.time.instant().minusSeconds(30);
        for (int i = 0; i < 1030; i++) {
            sim().addIncoming(truck, "m" + i, second, null);
        }
        Page<Message> first = target.gateway.messages(MessageQuery.of(target.ref(truck)).pageSize(1024).build());
        assertThat(first.items()).hasSize(1024);
        assertThatThrownBy(first::next).isInstanceOf(ProtocolException.class).hasMessageContaining("share the second");
    }

    @Test
    void should_apply_since_inclusive_and_until_exclusive_at_the_provider() {
        long truck = sim().addTracker("Truck");
        Instant t0 = target.time.instant().minusSeconds(3600);
        for (int i = 0; i < 5; i++) {
            sim().addIncoming(truck, "m" + i, t0.plusSeconds(i * 10L), null);
        }
        MessageQuery q = MessageQuery.of(target.ref(truck)).since(t0.plusSeconds(10)).until(t0.plusSeconds(30)).build();
        assertThat(target.gateway.messages(q).stream().map(Message::text).toList()).containsExactly("m1", "m2");
        assertThat(target.gateway.explain(q).atProvider()).contains(io.chatgateway.QueryPlan.Filter.SINCE, io.chatgateway.QueryPlan.Filter.UNTIL);
        RecordedRequest r = last("/v2/tracker/chat/list");
        assertThat(r.bodyText()).contains("\"from\":\"" + t0.plusSeconds(10).toString().replace("Z", "") )
                .contains("\"limit\":100", "\"ascending\":true", "\"tracker_id\":" + truck);
    }

    @Test
    void should_read_the_last_seven_days_without_since_and_say_so_in_the_plan() {
        long truck = sim().addTracker("Truck");
        Instant now = target.time.instant();
        sim().addIncoming(truck, "old", now.minus(java.time.Duration.ofDays(8)), null);
        sim().addIncoming(truck, "recent", now.minus(java.time.Duration.ofDays(6)), null);
        MessageQuery q = MessageQuery.of(target.ref(truck)).build();
        assertThat(target.gateway.messages(q).stream().map(Message::text).toList()).containsExactly("recent");
        assertThat(target.gateway.explain(q).notes()).anySatisfy(n -> assertThat(n).contains("7 days"));
        assertThat(target.gateway.messages(MessageQuery.of(target.ref(truck)).since(now.minus(java.time.Duration.ofDays(30))).build())
                .stream().map(Message::text).toList()).containsExactly("old", "recent");
    }

    @Test
    void should_map_an_unknown_tracker_to_not_found() {
        assertThatThrownBy(() -> target.gateway.send(new ConversationRef("fleet", "777"), OutgoingMessage.text("x")))
                .isInstanceOf(NotFoundException.class)
                .satisfies(e -> assertThat(((NotFoundException) e).providerCode()).hasValue("201"));
    }

    @Test
    void should_keep_the_simulator_zone_non_utc_by_default() {
        assertThat(sim().timeZone()).isEqualTo(ZoneId.of("Asia/Kathmandu"));
    }

    private RecordedRequest last(String path) {
        List<RecordedRequest> matching = sim().requests().stream().filter(r -> r.path().equals(path)).toList();
        assertThat(matching).as("requests to %s", path).isNotEmpty();
        return matching.get(matching.size() - 1);
    }
}
