package io.chatgateway.quickblox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.AuthenticationException;
import io.chatgateway.Capability;
import io.chatgateway.ChatGateway;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationRef;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.QueryPlan;
import io.chatgateway.Secret;
import io.chatgateway.SendResult;
import io.chatgateway.testkit.Fault;
import io.chatgateway.testkit.RecordedRequest;
import io.chatgateway.testkit.quickblox.QuickbloxSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The adapter through {@link ChatGateway} against the QuickBlox simulator. */
class QuickbloxAdapterTest {

    private QuickbloxTarget target;

    @AfterEach
    void close() {
        if (target != null) {
            target.close();
        }
    }

    private QuickbloxTarget session() {
        target = new QuickbloxTarget(false);
        return target;
    }

    private QuickbloxTarget apiKey() {
        target = new QuickbloxTarget(true);
        return target;
    }

    private static List<RecordedRequest> requests(QuickbloxTarget t, String method, String path) {
        return t.simulator.requests().stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    @Test
    void should_round_trip_a_query_using_every_operator() {
        QuickbloxTarget t = session();
        QuickbloxSimulator sim = t.simulator;
        long me = QuickbloxSimulator.DEMO_USER_ID;
        long alice = sim.addUser();
        long bob = sim.addUser();
        long carol = sim.addUser();
        String dialog = sim.createDialog(QuickbloxSimulator.GROUP, "Ops", me, alice, bob, carol);
        long base = Instant.parse("2026-11-19T00:00:00Z").getEpochSecond();
        long[] senders = {alice, bob, carol, me};
        record Seed(String id, long sender, String text, long at) { }
        List<Seed> seeds = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long sender = senders[i % 4];
            String text = (i % 3 == 0 ? "Order " : "chat ") + i;
            long at = base + (i / 2) * 60L;
            seeds.add(new Seed(sim.addMessage(dialog, sender, text, at), sender, text, at));
        }
        Instant since = Instant.ofEpochSecond(base + 120).plusMillis(300);
        Instant until = Instant.ofEpochSecond(base + 15 * 60);
        MessageQuery q = MessageQuery.of(new ConversationRef(QuickbloxTarget.ACCOUNT, dialog))
                .since(since).until(until).textContains("order")
                .sendersIn(Long.toString(alice), Long.toString(bob), Long.toString(me))
                .sendersNotIn(Long.toString(bob))
                .newestFirst().pageSize(2).build();
        QueryPlan plan = t.gateway.explain(q);
        assertThat(plan.local()).containsExactly(QueryPlan.Filter.TEXT);
        assertThat(plan.atProvider()).containsExactlyInAnyOrder(QueryPlan.Filter.SINCE, QueryPlan.Filter.UNTIL, QueryPlan.Filter.TEXT,
                QueryPlan.Filter.SENDERS_IN, QueryPlan.Filter.SENDERS_NOT_IN);
        assertThat(plan.rechecked(QueryPlan.Filter.TEXT)).isTrue();

        List<String> got = t.gateway.messages(q).stream().map(m -> m.ref().id()).toList();

        List<String> expected = new ArrayList<>(seeds.stream()
                .filter(s -> s.at() >= base + 121 && s.at() < base + 900)
                .filter(s -> s.text().toLowerCase().contains("order"))
                .filter(s -> s.sender() == alice || s.sender() == me)
                .sorted((a, b) -> a.at() != b.at() ? Long.compare(b.at(), a.at()) : 0)
                .map(Seed::id).toList());
        assertThat(got).containsExactlyInAnyOrderElementsOf(expected).doesNotHaveDuplicates();
        assertThat(got).hasSizeGreaterThan(2);
        List<Long> times = got.stream().map(id -> seeds.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow().at()).toList();
        assertThat(times).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        List<RecordedRequest> lists = requests(t, "GET", "/chat/Message.json");
        assertThat(lists).allSatisfy(r -> {
            assertThat(r.queryParam("mark_as_read")).hasValue("0");
            assertThat(r.queryParam("message[ctn]")).hasValue("order");
            assertThat(r.queryParam("sender_id[in]")).isPresent();
            assertThat(r.queryParam("sender_id[nin]")).hasValue(Long.toString(bob));
            assertThat(r.queryParam("sort_desc")).hasValue("date_sent");
            assertThat(r.queryParam("date_sent[gte]")).hasValue(Long.toString(base + 121));
        });
        assertThat(lists.get(0).queryParam("date_sent[lt]")).hasValue(Long.toString(base + 900));
        assertThat(lists.get(1).queryParam("date_sent[lte]")).isPresent();
        assertThat(seeds).allSatisfy(s -> assertThat(sim.isReadBy(s.id(), me)).isEqualTo(s.sender() == me));
    }

    @Test
    void should_never_skip_or_repeat_while_messages_arrive_between_pages() {
        for (boolean newestFirst : new boolean[] {false, true}) {
            QuickbloxTarget t = session();
            long customer = t.simulator.addUser();
            String dialog = t.simulator.createDialog(QuickbloxSimulator.PRIVATE, "Busy", QuickbloxSimulator.DEMO_USER_ID, customer);
            long now = t.time.instant().getEpochSecond();
            Set<String> old = new HashSet<>();
            for (int i = 0; i < 12; i++) {
                old.add(t.simulator.addMessage(dialog, customer, "old-" + i, now - 100 + i / 4));
            }
            MessageQuery.Builder b = MessageQuery.of(new ConversationRef(QuickbloxTarget.ACCOUNT, dialog)).pageSize(5);
            MessageQuery q = (newestFirst ? b.newestFirst() : b).until(Instant.ofEpochSecond(now + 1000)).build();
            var page = t.gateway.messages(q);
            List<String> seen = new ArrayList<>(page.items().stream().map(m -> m.ref().id()).toList());
            Set<String> arrived = new HashSet<>();
            while (page.hasNext()) {
                // new messages in the second of the page boundary and later, as a busy chat would have
                arrived.add(t.simulator.addMessage(dialog, customer, "new", now - 100 + 1));
                arrived.add(t.simulator.addMessage(dialog, customer, "new", now + 5));
                page = page.next();
                page.items().forEach(m -> seen.add(m.ref().id()));
            }
            assertThat(seen).doesNotHaveDuplicates();
            assertThat(seen).containsAll(old);
            assertThat(new HashSet<>(seen)).isSubsetOf(union(old, arrived));
            t.close();
            target = null;
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new HashSet<>(a);
        u.addAll(b);
        return u;
    }

    @Test
    void should_list_dialogs_in_pages_with_type_and_null_unread_counts_tolerated() {
        QuickbloxTarget t = apiKey();
        List<ConversationRef> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(t.conversationWithInboundMessages(i % 3));
        }
        List<Conversation> all = t.gateway.conversations(ConversationQuery.forAccount(QuickbloxTarget.ACCOUNT).pageSize(3).build())
                .stream().toList();
        assertThat(all).extracting(Conversation::ref).containsExactlyElementsOf(created);
        assertThat(all.get(1).unreadCount()).isEqualTo(1L);
        assertThat(all.get(1).attributes()).containsEntry("type_name", "PRIVATE");
        assertThat(all.get(1).lastMessageAt()).isNotNull();
        assertThat(requests(t, "GET", "/chat/Dialog.json")).allSatisfy(r -> {
            assertThat(r.header("Authorization")).hasValue("ApiKey " + QuickbloxSimulator.API_KEY);
            assertThat(r.header("On-Behalf-Of")).hasValue(Long.toString(QuickbloxSimulator.DEMO_USER_ID));
            assertThat(r.queryParam("sort_asc")).hasValue("created_at");
        });
    }

    @Test
    void should_not_skip_a_dialog_when_an_earlier_one_is_deleted_between_pages() {
        QuickbloxTarget t = apiKey();
        List<ConversationRef> created = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            created.add(t.conversationWithInboundMessages(1));
        }
        var page = t.gateway.conversations(ConversationQuery.forAccount(QuickbloxTarget.ACCOUNT).pageSize(3).build());
        t.gateway.deleteConversation(created.get(0));
        List<ConversationRef> rest = page.next().items().stream().map(Conversation::ref).toList();
        assertThat(rest).containsExactlyElementsOf(created.subList(3, 6));
    }

    @Test
    void should_send_and_read_back_as_outbound_with_send_to_chat_and_markable() {
        QuickbloxTarget t = session();
        ConversationRef c = t.conversationWithInboundMessages(1);
        SendResult sent = t.gateway.send(c, OutgoingMessage.text("Hello ✓"));
        assertThat(sent.acceptedAt()).isEqualTo(t.time.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        RecordedRequest post = requests(t, "POST", "/chat/Message.json").get(0);
        assertThat(post.bodyText()).contains("\"chat_dialog_id\":\"" + c.id() + "\"", "\"send_to_chat\":1", "\"markable\":1",
                "\"message\":\"Hello ✓\"");
        assertThat(post.header("QB-Token")).isPresent();
        Message back = t.gateway.message(sent.message()).orElseThrow();
        assertThat(back.direction()).isEqualTo(Message.Direction.OUTBOUND);
        assertThat(back.attributes()).containsEntry("markable", 1L);
        assertThat(t.gateway.message(c.message("0123456789abcdef01234567"))).isEmpty();
    }

    @Test
    void should_mark_read_only_when_asked_and_mark_all_read_by_emulation() {
        QuickbloxTarget t = session();
        ConversationRef a = t.conversationWithInboundMessages(3);
        ConversationRef b = t.conversationWithInboundMessages(2);
        List<Message> listed = t.gateway.messages(MessageQuery.of(a).build()).items();
        assertThat(listed).allMatch(m -> m.readStatus() == Message.ReadStatus.UNREAD);
        t.gateway.markRead(List.of(listed.get(0).ref()));
        RecordedRequest put = requests(t, "PUT", "/chat/Message/" + listed.get(0).ref().id() + ".json").get(0);
        assertThat(put.bodyText()).isEqualTo("{\"read\":\"1\",\"chat_dialog_id\":\"" + a.id() + "\"}");
        assertThat(t.gateway.message(listed.get(0).ref()).orElseThrow().readStatus()).isEqualTo(Message.ReadStatus.READ);
        assertThat(t.gateway.unreadCounts(QuickbloxTarget.ACCOUNT)).containsEntry(a, 2L).containsEntry(b, 2L);
        assertThat(requests(t, "GET", "/chat/Message/unread.json").get(0).queryParam("chat_dialog_ids"))
                .hasValue(a.id() + "," + b.id());
        t.gateway.markAllRead(QuickbloxTarget.ACCOUNT, List.of());
        // one meaning for every adapter: QuickBlox's zero counts are dropped, only unread conversations remain
        assertThat(t.gateway.unreadCounts(QuickbloxTarget.ACCOUNT)).doesNotContainKeys(a, b);
    }

    @Test
    void should_report_last_activity_and_delete_dialogs_for_the_acting_user_only_by_default() {
        QuickbloxTarget t = apiKey();
        ConversationRef a = t.conversationWithInboundMessages(2);
        ConversationRef empty = new ConversationRef(QuickbloxTarget.ACCOUNT,
                t.simulator.createDialog(QuickbloxSimulator.GROUP, "quiet", QuickbloxSimulator.DEMO_USER_ID));
        Map<ConversationRef, Instant> last = t.gateway.lastActivity(List.of(a, empty));
        assertThat(last).containsOnlyKeys(a);
        assertThat(last.get(a)).isEqualTo(Instant.ofEpochSecond(t.time.instant().getEpochSecond() - 10_000));
        t.gateway.deleteConversation(a);
        assertThat(t.simulator.dialogExists(a.id())).isTrue();
        assertThat(t.simulator.dialogVisibleTo(a.id(), QuickbloxSimulator.DEMO_USER_ID)).isFalse();
        assertThat(requests(t, "DELETE", "/chat/Dialog/" + a.id() + ".json").get(0).rawQuery()).isNull();
    }

    @Test
    void should_declare_capabilities_honestly() {
        QuickbloxTarget t = apiKey();
        Map<Capability, Capability.Support> c = t.gateway.capabilities(QuickbloxTarget.ACCOUNT);
        assertThat(c).containsEntry(Capability.BROADCAST, Capability.Support.EMULATED)
                .containsEntry(Capability.SET_STATUS, Capability.Support.UNSUPPORTED)
                .containsEntry(Capability.SEND_ATTACHMENT, Capability.Support.UNSUPPORTED)
                .containsEntry(Capability.DELETE_CONVERSATION, Capability.Support.NATIVE);
    }

    // ------------------------------------------------------------------ sessions

    @Test
    void should_create_one_signed_session_with_user_login_and_reuse_its_token() {
        QuickbloxTarget t = session();
        ConversationRef c = t.conversationWithInboundMessages(2);
        t.gateway.messages(MessageQuery.of(c).build());
        t.gateway.unreadCounts(QuickbloxTarget.ACCOUNT);
        List<RecordedRequest> sessions = requests(t, "POST", "/session.json");
        assertThat(sessions).hasSize(1);
        String body = sessions.get(0).bodyText();
        assertThat(body).contains("\"application_id\":76730", "\"timestamp\":" + t.time.instant().getEpochSecond(),
                "\"signature\":\"", "\"user\":{\"login\":\"agent\"");
        assertThat(t.simulator.sessionsCreated()).isEqualTo(1);
    }

    @Test
    void should_renew_a_session_once_for_concurrent_callers_when_quickblox_says_it_does_not_exist() {
        QuickbloxTarget t = session();
        ConversationRef c = t.conversationWithInboundMessages(2);
        t.gateway.messages(MessageQuery.of(c).build());
        t.simulator.expireSessions();
        List<CompletableFuture<io.chatgateway.Page<Message>>> calls = IntStream.range(0, 8)
                .mapToObj(i -> t.gateway.messagesAsync(MessageQuery.of(c).build())).toList();
        calls.forEach(CompletableFuture::join);
        assertThat(t.simulator.sessionsCreated()).isEqualTo(2);
        List<String> nonces = requests(t, "POST", "/session.json").stream()
                .map(r -> r.bodyText().replaceAll(".*\"nonce\":(\\d+).*", "$1")).toList();
        assertThat(nonces).doesNotHaveDuplicates();
    }

    @Test
    void should_renew_the_session_before_its_two_hour_idle_expiry() {
        QuickbloxTarget t = session();
        ConversationRef c = t.conversationWithInboundMessages(1);
        t.gateway.messages(MessageQuery.of(c).build());
        t.time.advance(Duration.ofMinutes(117));
        t.gateway.messages(MessageQuery.of(c).build());
        assertThat(t.simulator.sessionsCreated()).isEqualTo(2);
        assertThat(requests(t, "GET", "/chat/Message.json")).allSatisfy(r ->
                assertThat(r.header("QB-Token")).isPresent());
        assertThat(t.simulator.requests().stream().filter(r -> r.path().startsWith("/chat"))
                .map(RecordedRequest::path)).hasSize(2);
    }

    @Test
    void should_fail_with_authentication_error_and_no_secret_on_wrong_password() {
        target = new QuickbloxTarget(QuickbloxTarget.sessionConfig().password(Secret.of("wrong-password-123")));
        ConversationRef c = target.conversationWithInboundMessages(1);
        assertThatThrownBy(() -> target.gateway.messages(MessageQuery.of(c).build()))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("Unauthorized")
                .hasMessageNotContaining("wrong-password-123")
                .hasMessageNotContaining(QuickbloxSimulator.AUTH_SECRET);
    }

    @Test
    void should_replay_once_then_give_up_when_a_fresh_session_is_rejected_too() {
        QuickbloxTarget t = session();
        ConversationRef c = t.conversationWithInboundMessages(1);
        t.gateway.messages(MessageQuery.of(c).build());
        String expired = "{\"errors\":[\"Required session does not exist\"]}";
        t.simulator.inject("/chat/Message.json", Fault.respond(401, expired), 2);
        assertThatThrownBy(() -> t.gateway.messages(MessageQuery.of(c).build()))
                .isInstanceOf(AuthenticationException.class);
        assertThat(t.simulator.sessionsCreated()).isEqualTo(2);
    }
}
