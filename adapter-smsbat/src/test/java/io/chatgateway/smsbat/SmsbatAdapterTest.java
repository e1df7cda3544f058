package io.chatgateway.smsbat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.AuthenticationException;
import io.chatgateway.ChatGateway;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationRef;
import io.chatgateway.DeliveryStatus;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.Message;
import io.chatgateway.MessageKind;
import io.chatgateway.MessageQuery;
import io.chatgateway.MessageRef;
import io.chatgateway.NotFoundException;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.Participant;
import io.chatgateway.PermissionDeniedException;
import io.chatgateway.QueryPlan;
import io.chatgateway.SendResult;
import io.chatgateway.testkit.FakeTime;
import io.chatgateway.testkit.RecordedRequest;
import io.chatgateway.testkit.smsbat.SmsbatSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The adapter through {@link ChatGateway} against the stateful simulator: every capability and token flow. */
class SmsbatAdapterTest {

    private final FakeTime time = FakeTime.standard();
    private final SmsbatSimulator sim = new SmsbatSimulator(0, time);
    private ChatGateway gateway;

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
        }
        sim.close();
    }

    private ChatGateway gateway(UnaryOperator<SmsbatConfig.Builder> tweak) {
        SmsbatConfig.Builder b = SmsbatConfig.builder().baseUri(sim.baseUri())
                .login(SmsbatSimulator.DEMO_LOGIN).password(SmsbatSimulator.DEMO_PASSWORD)
                .operatorId(SmsbatSimulator.DEMO_OPERATOR_ID);
        gateway = ChatGateway.builder().account("support", tweak.apply(b).build()).clock(time).sleeper(time).build();
        return gateway;
    }

    private ChatGateway gateway() {
        return gateway(b -> b);
    }

    private static ConversationRef ref(long chat) {
        return new ConversationRef("support", Long.toString(chat));
    }

    private List<RecordedRequest> requests(String method, String path) {
        return sim.requests().stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    // ------------------------------------------------------------------ tokens

    @ParameterizedTest
    @EnumSource(SmsbatSimulator.TokenAnswer.class)
    void should_read_every_company_token_answer_shape(SmsbatSimulator.TokenAnswer shape) {
        sim.tokenAnswer(shape);
        long chat = sim.createChat("t", "C", "380000000001", 1);
        sim.addMessage(chat, 1, "hello");
        ChatGateway g = gateway(b -> SmsbatConfig.builder().baseUri(sim.baseUri())
                .login(SmsbatSimulator.DEMO_LOGIN).password(SmsbatSimulator.DEMO_PASSWORD));
        assertThat(g.messages(MessageQuery.of(ref(chat)).build()).items()).extracting(Message::text).containsExactly("hello");
        RecordedRequest list = requests("GET", "/api/chat/chats/" + chat + "/messages").get(0);
        assertThat(list.header("Authorization")).hasValueSatisfying(h -> assertThat(h).startsWith("Bearer eyJ"));
    }

    @Test
    void should_send_company_login_and_mint_operator_tokens_at_most_24_hours_ahead() {
        long chat = sim.createChat("t", "C", "380000000001", 1);
        gateway().messages(MessageQuery.of(ref(chat)).build());
        RecordedRequest company = requests("POST", "/api/company/get-token").get(0);
        assertThat(company.bodyText()).isEqualTo("{\"login\":\"demo\",\"password\":\"demo-password\"}");
        RecordedRequest operator = requests("POST", "/api/operator/get-token").get(0);
        assertThat(operator.bodyText()).isEqualTo("{\"id\":101,\"expiresAt\":\"2026-11-21T09:00:00Z\"}");
        assertThat(operator.header("Authorization")).hasValueSatisfying(h -> assertThat(h).startsWith("Bearer "));
        assertThat(sim.tokensIssued("operator")).isEqualTo(1);
    }

    @Test
    void should_renew_the_operator_token_before_it_expires_without_a_401() {
        long chat = sim.createChat("t", "C", "380000000001", 1);
        ChatGateway g = gateway();
        g.messages(MessageQuery.of(ref(chat)).build());
        time.advance(Duration.ofHours(22).plusMinutes(56)); // within the 5 min renewal lead of the 23 h token
        g.messages(MessageQuery.of(ref(chat)).build());
        assertThat(sim.tokensIssued("operator")).isEqualTo(2);
        assertThat(sim.tokensIssued("company")).isEqualTo(1);
    }

    @Test
    void should_renew_once_and_replay_once_when_the_provider_answers_401() {
        long chat = sim.createChat("t", "C", "380000000001", 1);
        ChatGateway g = gateway();
        g.messages(MessageQuery.of(ref(chat)).build());
        sim.expireAllTokens();
        assertThat(g.messages(MessageQuery.of(ref(chat)).build()).items()).isEmpty();
        assertThat(sim.tokensIssued("operator")).isEqualTo(2);
        assertThat(sim.tokensIssued("company")).isEqualTo(2); // minting with the expired company token also renewed it
    }

    @Test
    void should_renew_a_company_token_that_expired_by_its_expiration() {
        sim.tokenAnswer(SmsbatSimulator.TokenAnswer.OBJECT_WITH_EXPIRATION).companyTokenLifetime(Duration.ofHours(1));
        long chat = sim.createChat("t", "C", "380000000001", 1);
        ChatGateway g = gateway(b -> SmsbatConfig.builder().baseUri(sim.baseUri())
                .login(SmsbatSimulator.DEMO_LOGIN).password(SmsbatSimulator.DEMO_PASSWORD));
        g.messages(MessageQuery.of(ref(chat)).build());
        time.advance(Duration.ofHours(2));
        g.messages(MessageQuery.of(ref(chat)).build());
        assertThat(sim.tokensIssued("company")).isEqualTo(2);
        assertThat(sim.requests()).extracting(RecordedRequest::path).containsExactly("/api/company/get-token",
                "/api/chat/chats/" + chat + "/messages", "/api/company/get-token", "/api/chat/chats/" + chat + "/messages");
    }

    @Test
    void should_fail_with_authentication_error_for_a_wrong_password_without_leaking_it() {
        sim.createChat("t", "C", "380000000001", 1);
        ChatGateway g = gateway(b -> SmsbatConfig.builder().baseUri(sim.baseUri()).login("demo").password("wrong-secret-pw"));
        assertThatThrownBy(() -> g.unreadCounts("support"))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("Invalid login or password")
                .hasMessageNotContaining("wrong-secret-pw");
    }

    @Test
    void should_use_a_static_token_and_fail_without_renewal_when_it_expires() {
        String token = sim.issueCompanyToken();
        long chat = sim.createChat("t", "C", "380000000001", 1);
        ChatGateway g = gateway(b -> SmsbatConfig.builder().baseUri(sim.baseUri()).token(token));
        assertThat(g.messages(MessageQuery.of(ref(chat)).build()).items()).isEmpty();
        assertThat(requests("POST", "/api/company/get-token")).isEmpty();
        sim.expireAllTokens();
        assertThatThrownBy(() -> g.messages(MessageQuery.of(ref(chat)).build()))
                .isInstanceOf(AuthenticationException.class)
                .hasMessageNotContaining(token);
    }

    @Test
    void should_mint_operator_tokens_from_a_static_company_token() {
        String token = sim.issueCompanyToken();
        sim.requireOperatorToken(true);
        long chat = sim.createChat("t", "C", "380000000001", 1);
        ChatGateway g = gateway(b -> SmsbatConfig.builder().baseUri(sim.baseUri()).token(token).operatorId(101));
        assertThat(g.messages(MessageQuery.of(ref(chat)).build()).items()).isEmpty();
        assertThat(sim.tokensIssued("operator")).isEqualTo(1);
    }

    @Test
    void should_map_a_company_token_refused_for_chats_to_permission_denied() {
        sim.requireOperatorToken(true);
        long chat = sim.createChat("t", "C", "380000000001", 1);
        ChatGateway g = gateway(b -> SmsbatConfig.builder().baseUri(sim.baseUri())
                .login(SmsbatSimulator.DEMO_LOGIN).password(SmsbatSimulator.DEMO_PASSWORD));
        assertThatThrownBy(() -> g.messages(MessageQuery.of(ref(chat)).build()))
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("operator token");
    }

    @Test
    void should_send_the_token_in_x_authorization_key_when_configured() {
        long chat = sim.createChat("t", "C", "380000000001", 1);
        gateway(b -> b.authHeader(SmsbatConfig.AuthHeader.X_AUTHORIZATION_KEY)).messages(MessageQuery.of(ref(chat)).build());
        RecordedRequest list = requests("GET", "/api/chat/chats/" + chat + "/messages").get(0);
        assertThat(list.header("Authorization")).isEmpty();
        assertThat(list.header("X-Authorization-Key")).hasValueSatisfying(h -> assertThat(h).startsWith("eyJ"));
    }

    // ------------------------------------------------------------------ chats

    @Test
    void should_map_chats_with_assignee_unread_count_and_status() {
        long chat = sim.createChat("Refund", "Taras", "380671234567", 2);
        sim.assign(chat, 101L);
        sim.setChatStatus(chat, 3);
        sim.addMessage(chat, 1, "a");
        sim.addMessage(chat, 1, "b");
        Conversation c = gateway().conversations(ConversationQuery.forAccount("support").build()).items().get(0);
        assertThat(c.ref()).isEqualTo(ref(chat));
        assertThat(c.provider()).isEqualTo("smsbat");
        assertThat(c.title()).isEqualTo("Refund");
        assertThat(c.status()).isEqualTo(Conversation.Status.PAUSED);
        assertThat(c.unreadCount()).isEqualTo(2);
        assertThat(c.assignee()).isEqualTo(new Participant("101", "John Smith", Participant.Role.AGENT));
        assertThat(c.attributes()).containsEntry("source", 2L).containsEntry("phone", "380671234567")
                .containsEntry("chatStatus", 3L);
    }

    @Test
    void should_map_an_unknown_chat_status_to_unknown() {
        long chat = sim.createChat("t", "C", "1", 1);
        sim.setChatStatus(chat, 9);
        assertThat(gateway().conversations(ConversationQuery.forAccount("support").build()).items().get(0).status())
                .isEqualTo(Conversation.Status.UNKNOWN);
    }

    @Test
    void should_page_chats_by_total_without_skips_or_repeats() {
        for (int i = 0; i < 23; i++) {
            sim.createChat("chat " + i, "C" + i, "38000000" + i, 1);
        }
        List<String> ids = gateway().conversations(ConversationQuery.forAccount("support").pageSize(5).build())
                .stream().map(c -> c.ref().id()).toList();
        assertThat(ids).hasSize(23).doesNotHaveDuplicates();
        assertThat(requests("GET", "/api/chat/chats")).hasSize(5); // 5+5+5+5+3: stops at total, no empty page
        assertThat(requests("GET", "/api/chat/chats").get(4).queryParam("page")).hasValue("5");
    }

    @Test
    void should_not_repeat_chats_pushed_onto_the_next_page_by_new_ones() {
        for (int i = 0; i < 6; i++) {
            sim.createChat("chat " + i, "C" + i, "38000000" + i, 1);
        }
        ChatGateway g = gateway();
        var first = g.conversations(ConversationQuery.forAccount("support").pageSize(3).build());
        time.advance(Duration.ofSeconds(5));
        long fresh = sim.createChat("newest", "N", "380000009999", 1); // lands on top, pushes one chat to page 2
        var second = first.next();
        assertThat(second.items()).extracting(c -> c.ref().id()).doesNotContainAnyElementsOf(
                first.items().stream().map(c -> c.ref().id()).toList()).doesNotContain(Long.toString(fresh));
    }

    @Test
    void should_send_every_filter_to_the_chat_list() {
        gateway().conversations(ConversationQuery.forAccount("support").text("olena").status(Conversation.Status.WAITING)
                .assigneeId("101").activeSince(Instant.parse("2026-01-28T10:00:00Z"))
                .activeUntil(Instant.parse("2026-01-30T00:00:00Z")).pageSize(10)
                .providerFilter("source", "1").providerFilter("tg_user_id", "777").providerFilter("phone", "380936670003")
                .providerFilter("organizationId", "6").build()).items();
        RecordedRequest r = requests("GET", "/api/chat/chats").get(0);
        assertThat(r.rawQuery()).isEqualTo("page=1&per_page=10&search=olena&source=1&date=2026-01-28&date=2026-01-29"
                + "&tg_user_id=777&phone=380936670003&status=2&organizationId=6&operatorId=101");
    }

    @Test
    void should_filter_chats_at_the_provider_and_say_so_in_the_plan() {
        long a = sim.createChat("Delivery", "Olena", "380936670003", 1);
        long b = sim.createChat("Refund", "Taras", "380671234567", 2);
        sim.setChatStatus(b, 1);
        ChatGateway g = gateway();
        ConversationQuery q = ConversationQuery.forAccount("support").status(Conversation.Status.OPEN).build();
        assertThat(g.conversations(q).stream().map(Conversation::ref).toList()).containsExactly(ref(b));
        assertThat(g.explain(q).atProvider()).containsExactly(QueryPlan.Filter.STATUS);
        ConversationQuery two = ConversationQuery.forAccount("support").status(Conversation.Status.OPEN)
                .status(Conversation.Status.NEW).build();
        assertThat(g.explain(two).local()).containsExactly(QueryPlan.Filter.STATUS);
        assertThat(g.conversations(two).stream().map(Conversation::ref).toList()).containsExactlyInAnyOrder(ref(a), ref(b));
        assertThat(g.conversations(ConversationQuery.forAccount("support").providerFilter("source", "2").build())
                .stream().map(Conversation::ref).toList()).containsExactly(ref(b));
        assertThat(g.conversations(ConversationQuery.forAccount("support").text("olena").build())
                .stream().map(Conversation::ref).toList()).containsExactly(ref(a));
    }

    @Test
    void should_reject_unknown_or_malformed_provider_filters_before_any_request() {
        ChatGateway g = gateway();
        assertThatThrownBy(() -> g.conversations(ConversationQuery.forAccount("support").providerFilter("colour", "red").build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("colour").hasMessageContaining("tg_user_id");
        assertThatThrownBy(() -> g.conversations(ConversationQuery.forAccount("support").providerFilter("source", "viber").build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("source");
        assertThatThrownBy(() -> g.conversations(ConversationQuery.forAccount("support").assigneeId("jane").build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("operator id");
        assertThat(sim.requestCount()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = Conversation.Status.class, names = "UNKNOWN", mode = EnumSource.Mode.EXCLUDE)
    void should_set_every_status_and_read_it_back(Conversation.Status status) {
        long chat = sim.createChat("t", "C", "1", 1);
        ChatGateway g = gateway();
        g.setStatus(ref(chat), status);
        assertThat(requests("PUT", "/api/chat/status").get(0).bodyText())
                .isEqualTo("{\"id\":" + chat + ",\"status\":" + status.ordinal() + "}");
        assertThat(g.conversations(ConversationQuery.forAccount("support").build()).items().get(0).status()).isEqualTo(status);
    }

    @Test
    void should_delete_a_chat_whether_the_answer_is_ok_or_empty() {
        long a = sim.createChat("a", "C", "1", 1);
        long b = sim.createChat("b", "C", "2", 1);
        ChatGateway g = gateway();
        g.deleteConversation(ref(a));
        sim.deleteAnswersOk(false);
        g.deleteConversation(ref(b));
        assertThat(sim.hasChat(a)).isFalse();
        assertThat(sim.hasChat(b)).isFalse();
        assertThatThrownBy(() -> g.deleteConversation(ref(a))).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("Chat " + a + " was not found");
    }

    // ------------------------------------------------------------------ messages

    @Test
    void should_fall_back_to_the_short_messages_path_and_remember_it() {
        sim.messagesPaths(false, true);
        long chat = sim.createChat("t", "C", "1", 1);
        sim.addMessage(chat, 1, "hi");
        ChatGateway g = gateway();
        assertThat(g.messages(MessageQuery.of(ref(chat)).build()).items()).hasSize(1);
        assertThat(g.messages(MessageQuery.of(ref(chat)).build()).items()).hasSize(1);
        assertThat(sim.requests()).extracting(RecordedRequest::path).filteredOn(p -> p.endsWith("/messages"))
                .containsExactly("/api/chat/chats/" + chat + "/messages", "/api/chat/" + chat + "/messages",
                        "/api/chat/" + chat + "/messages");
    }

    @Test
    void should_use_only_the_configured_messages_path() {
        sim.messagesPaths(false, true);
        long chat = sim.createChat("t", "C", "1", 1);
        ChatGateway g = gateway(b -> b.messagesPath(SmsbatConfig.MessagesPath.CHAT));
        g.messages(MessageQuery.of(ref(chat)).build());
        assertThat(sim.requests()).extracting(RecordedRequest::path).filteredOn(p -> p.endsWith("/messages"))
                .containsExactly("/api/chat/" + chat + "/messages");
    }

    @Test
    void should_map_authors_directions_roles_and_read_state() {
        long chat = sim.createChat("t", "Olena", "380936670003", 1);
        sim.assign(chat, 102L);
        sim.addMessage(chat, 0, "operator");
        sim.addMessage(chat, 1, "client");
        sim.addMessage(chat, 2, "bot");
        sim.addMessage(chat, 3, "viber business");
        List<Message> all = gateway().messages(MessageQuery.of(ref(chat)).build()).items();
        assertThat(all).extracting(Message::direction).containsExactly(Message.Direction.OUTBOUND, Message.Direction.INBOUND,
                Message.Direction.OUTBOUND, Message.Direction.OUTBOUND);
        assertThat(all).extracting(m -> m.author().role()).containsExactly(Participant.Role.AGENT,
                Participant.Role.CUSTOMER, Participant.Role.BOT, Participant.Role.AGENT);
        assertThat(all.get(0).author()).isEqualTo(new Participant("102", "Sarah Johnson", Participant.Role.AGENT));
        assertThat(all.get(1).author().id()).isEqualTo("380936670003");
        assertThat(all.get(1).readStatus()).isEqualTo(Message.ReadStatus.UNREAD);
        assertThat(all.get(1).delivery()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(all.get(0).delivery()).isEqualTo(DeliveryStatus.SENT);
        assertThat(all.get(0).sentAt()).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
    }

    @Test
    void should_filter_messages_locally_and_say_so() {
        long chat = sim.createChat("t", "Olena", "380936670003", 1);
        sim.addMessage(chat, 1, "Where is my order?");
        time.advance(Duration.ofMinutes(1));
        sim.addMessage(chat, 0, "On its way");
        time.advance(Duration.ofMinutes(1));
        sim.addMessage(chat, 1, "Thanks for the ORDER update");
        ChatGateway g = gateway();
        MessageQuery q = MessageQuery.of(ref(chat)).textContains("order").sendersIn("380936670003")
                .since(Instant.parse("2026-11-20T10:00:30Z")).build();
        assertThat(g.messages(q).stream().map(Message::text).toList()).containsExactly("Thanks for the ORDER update");
        assertThat(g.explain(q).atProvider()).isEmpty();
        assertThat(g.explain(q).inAdapter()).containsExactlyInAnyOrder(QueryPlan.Filter.TEXT, QueryPlan.Filter.SENDERS_IN, QueryPlan.Filter.SINCE);
        assertThat(g.explain(q).local()).isEmpty();
    }

    @Test
    void should_keep_pages_stable_when_messages_arrive_meanwhile() {
        long chat = sim.createChat("t", "C", "1", 1);
        for (int i = 0; i < 5; i++) {
            sim.addMessage(chat, 1, "m" + i);
        }
        ChatGateway g = gateway();
        var asc = g.messages(MessageQuery.of(ref(chat)).pageSize(2).build());
        var desc = g.messages(MessageQuery.of(ref(chat)).newestFirst().pageSize(2).build());
        sim.addMessage(chat, 1, "late");
        List<String> ascTexts = new java.util.ArrayList<>(asc.items().stream().map(Message::text).toList());
        for (var p = asc; p.hasNext(); ) {
            p = p.next();
            p.items().forEach(m -> ascTexts.add(m.text()));
        }
        List<String> descTexts = new java.util.ArrayList<>(desc.items().stream().map(Message::text).toList());
        for (var p = desc; p.hasNext(); ) {
            p = p.next();
            p.items().forEach(m -> descTexts.add(m.text()));
        }
        assertThat(ascTexts).containsExactly("m0", "m1", "m2", "m3", "m4", "late");
        assertThat(descTexts).containsExactly("m4", "m3", "m2", "m1", "m0");
    }

    @Test
    void should_reject_a_foreign_cursor() {
        long chat = sim.createChat("t", "C", "1", 1);
        assertThatThrownBy(() -> gateway().messages(MessageQuery.of(ref(chat)).build(), "bm90LWEtY3Vyc29y"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("cursor");
    }

    @Test
    void should_map_inline_photo_media_to_an_attachment() {
        long chat = sim.createChat("t", "C", "1", 1);
        sim.addClientPhoto(chat, "cat.jpg", new byte[] {1, 2, 3, 4});
        Message m = gateway().messages(MessageQuery.of(ref(chat)).build()).items().get(0);
        assertThat(m.kind()).isEqualTo(MessageKind.PHOTO);
        assertThat(m.attachments()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("cat.jpg");
            assertThat(a.contentType()).isEqualTo("image/jpeg");
            assertThat(a.kind()).isEqualTo(MessageKind.PHOTO);
            assertThat(a.size()).isEqualTo(4);
            assertThat(a.url()).isEqualTo("data:image/jpeg;base64,AQIDBA==");
        });
    }

    @Test
    void should_return_one_message_by_reference_or_empty() {
        long chat = sim.createChat("t", "C", "1", 1);
        long id = sim.addMessage(chat, 1, "one");
        ChatGateway g = gateway();
        assertThat(g.message(ref(chat).message(Long.toString(id)))).hasValueSatisfying(m -> assertThat(m.text()).isEqualTo("one"));
        assertThat(g.message(ref(chat).message("1"))).isEmpty();
        assertThat(g.message(ref(424242).message("1"))).isEmpty();
    }

    @Test
    void should_report_last_activity_from_the_newest_message() {
        long a = sim.createChat("a", "C", "1", 1);
        long b = sim.createChat("b", "C", "2", 1);
        sim.addMessage(a, 1, "x");
        time.advance(Duration.ofMinutes(3));
        sim.addMessage(a, 0, "y");
        Map<ConversationRef, Instant> last = gateway().lastActivity(List.of(ref(a), ref(b)));
        assertThat(last).containsOnly(Map.entry(ref(a), Instant.parse("2026-11-20T10:03:00Z")));
    }

    // ------------------------------------------------------------------ send

    @ParameterizedTest
    @EnumSource(SmsbatSimulator.SendAnswer.class)
    void should_return_the_sent_message_ref_whatever_the_send_answer(SmsbatSimulator.SendAnswer answer) {
        sim.sendAnswer(answer);
        long chat = sim.createChat("t", "C", "1", 1);
        ChatGateway g = gateway();
        g.send(ref(chat), OutgoingMessage.text("same text"));
        SendResult r = g.send(ref(chat), OutgoingMessage.text("same text"));
        List<Message> all = g.messages(MessageQuery.of(ref(chat)).build()).items();
        assertThat(r.message()).isEqualTo(all.get(1).ref());
        assertThat(r.delivery()).isEqualTo(DeliveryStatus.SENT);
        RecordedRequest post = requests("POST", "/api/chat/" + chat + "/message").get(0);
        assertThat(post.bodyText()).isEqualTo("{\"textMessage\":\"same text\",\"author\":0}");
        assertThat(post.header("Content-Type")).hasValue("application/json");
    }

    @Test
    void should_not_resend_when_the_lookup_after_an_id_less_answer_fails() {
        sim.sendAnswer(SmsbatSimulator.SendAnswer.EMPTY);
        long chat = sim.createChat("t", "C", "1", 1);
        ChatGateway g = gateway();
        g.messages(MessageQuery.of(ref(chat)).build()); // learn the path and the token
        sim.inject("/api/chat/chats/" + chat + "/messages", io.chatgateway.testkit.Fault.respond(503, "{}"), 5);
        assertThatThrownBy(() -> g.send(ref(chat), OutgoingMessage.text("once")))
                .isInstanceOf(DeliveryUncertainException.class).hasMessageContaining("not sent again");
        assertThat(sim.messageTexts(chat)).containsExactly("once");
        sim.clearFaults();
    }

    @Test
    void should_fail_uncertain_when_send_lookup_is_off_and_no_id_comes_back() {
        sim.sendAnswer(SmsbatSimulator.SendAnswer.OK_TEXT);
        long chat = sim.createChat("t", "C", "1", 1);
        assertThatThrownBy(() -> gateway(b -> b.sendLookup(false)).send(ref(chat), OutgoingMessage.text("x")))
                .isInstanceOf(DeliveryUncertainException.class).hasMessageContaining("send-lookup");
        assertThat(sim.messageTexts(chat)).containsExactly("x");
    }

    @Test
    void should_send_an_attachment_as_base64_media() {
        long chat = sim.createChat("t", "C", "1", 1);
        ChatGateway g = gateway();
        SendResult r = g.send(ref(chat), OutgoingMessage.text("Check this image!").withAttachment(
                new OutgoingMessage.Attachment("image.jpg", "image/jpeg", MessageKind.PHOTO, new byte[] {9, 8, 7})));
        assertThat(requests("POST", "/api/chat/" + chat + "/message").get(0).bodyText()).isEqualTo(
                "{\"textMessage\":\"Check this image!\",\"author\":0,\"media\":{\"name\":\"image.jpg\","
                        + "\"format\":\"image/jpeg\",\"dataBase64\":\"CQgH\",\"type\":1}}");
        Message sent = g.message(r.message()).orElseThrow();
        assertThat(sent.kind()).isEqualTo(MessageKind.PHOTO);
        assertThat(sent.attachments()).singleElement().satisfies(a -> assertThat(a.name()).isEqualTo("image.jpg"));
    }

    @Test
    void should_write_the_media_format_as_an_extension_when_configured() {
        long chat = sim.createChat("t", "C", "1", 1);
        gateway(b -> b.mediaFormat(SmsbatConfig.MediaFormat.EXTENSION)).send(ref(chat), new OutgoingMessage("", List.of(
                new OutgoingMessage.Attachment("report.PDF", "application/pdf", MessageKind.FILE, new byte[] {1})), null));
        assertThat(requests("POST", "/api/chat/" + chat + "/message").get(0).bodyText())
                .contains("\"format\":\"pdf\"").contains("\"type\":2");
    }

    @Test
    void should_reject_two_attachments_and_text_over_the_configured_limit_before_any_request() {
        long chat = sim.createChat("t", "C", "1", 1);
        ChatGateway g = gateway(b -> b.maxTextLength(10));
        OutgoingMessage.Attachment a = new OutgoingMessage.Attachment("a.txt", "text/plain", MessageKind.FILE, new byte[] {1});
        assertThatThrownBy(() -> g.send(ref(chat), OutgoingMessage.text("x").withAttachment(a).withAttachment(a)))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("one attachment");
        assertThatThrownBy(() -> g.send(ref(chat), OutgoingMessage.text("12345678901")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("at most 10");
        assertThatThrownBy(() -> g.send(ref(chat), OutgoingMessage.text("x".repeat(4097))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("4096");
        assertThatThrownBy(() -> g.send(new ConversationRef("support", "abc"), OutgoingMessage.text("x")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("whole numbers");
        assertThat(sim.requestCount()).isZero();
    }

    @Test
    void should_broadcast_by_fan_out_with_an_outcome_per_recipient() {
        long a = sim.createChat("a", "C", "1", 1);
        var result = gateway().broadcast(List.of(ref(a), ref(777777)), OutgoingMessage.text("hello all"));
        assertThat(result.outcomes()).hasSize(2);
        assertThat(result.outcomes().get(0).isSent()).isTrue();
        assertThat(result.outcomes().get(1).failure()).hasValueSatisfying(e -> assertThat(e).isInstanceOf(NotFoundException.class));
    }

    // ------------------------------------------------------------------ read state

    @ParameterizedTest
    @EnumSource(SmsbatConfig.MarkReadBody.class)
    void should_mark_read_with_every_body_shape(SmsbatConfig.MarkReadBody shape) {
        long chat = sim.createChat("t", "C", "1", 1);
        long m1 = sim.addMessage(chat, 1, "a");
        long m2 = sim.addMessage(chat, 1, "b");
        sim.addMessage(chat, 1, "c");
        ChatGateway g = gateway(b -> b.markReadBody(shape));
        g.markRead(List.of(ref(chat).message(Long.toString(m1)), ref(chat).message(Long.toString(m2))));
        assertThat(sim.messageStatus(m1)).isEqualTo(3);
        assertThat(sim.messageStatus(m2)).isEqualTo(3);
        assertThat(g.unreadCounts("support")).containsExactly(Map.entry(ref(chat), 1L));
        List<String> bodies = requests("PUT", "/api/chat/messages/status").stream().map(RecordedRequest::bodyText).toList();
        switch (shape) {
            case IDS -> assertThat(bodies).containsExactly("{\"ids\":[" + m1 + "," + m2 + "],\"status\":3}");
            case MESSAGE_IDS -> assertThat(bodies).containsExactly("{\"messageIds\":[" + m1 + "," + m2 + "],\"status\":3}");
            case PER_MESSAGE -> assertThat(bodies).containsExactly("{\"id\":" + m1 + ",\"status\":3}", "{\"id\":" + m2 + ",\"status\":3}");
            case ARRAY -> assertThat(bodies).containsExactly("[{\"id\":" + m1 + ",\"status\":3},{\"id\":" + m2 + ",\"status\":3}]");
        }
    }

    @Test
    void should_add_the_chat_id_to_the_mark_read_body_when_configured() {
        long chat = sim.createChat("t", "C", "1", 1);
        long m1 = sim.addMessage(chat, 1, "a");
        gateway(b -> b.markReadWithChatId(true)).markRead(List.of(ref(chat).message(Long.toString(m1))));
        assertThat(requests("PUT", "/api/chat/messages/status").get(0).bodyText())
                .isEqualTo("{\"ids\":[" + m1 + "],\"status\":3,\"chatId\":" + chat + "}");
    }

    @Test
    void should_mark_all_read_in_every_chat_when_none_is_named() {
        long a = sim.createChat("a", "C", "1", 1);
        long b = sim.createChat("b", "C", "2", 1);
        long c = sim.createChat("c", "C", "3", 1);
        sim.addMessage(a, 1, "x");
        sim.addMessage(a, 0, "reply");
        sim.addMessage(b, 1, "y");
        sim.addMessage(b, 1, "z");
        ChatGateway g = gateway();
        assertThat(g.unreadCounts("support")).containsOnly(Map.entry(ref(a), 1L), Map.entry(ref(b), 2L));
        g.markAllRead("support", List.of());
        assertThat(g.unreadCounts("support")).isEmpty();
        assertThat(requests("GET", "/api/chat/chats/" + c + "/messages")).isEmpty(); // nothing unread there
    }

    @Test
    void should_reject_a_non_numeric_message_id_before_any_request() {
        long chat = sim.createChat("t", "C", "1", 1);
        assertThatThrownBy(() -> gateway().markRead(List.of(new MessageRef(ref(chat), "x1"))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("whole numbers");
        assertThat(sim.requestCount()).isZero();
    }

    // ------------------------------------------------------------------ errors

    @Test
    void should_map_an_unknown_chat_to_not_found_with_the_provider_detail() {
        ChatGateway g = gateway();
        assertThatThrownBy(() -> g.setStatus(ref(31337), Conversation.Status.OPEN))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("Chat 31337 was not found")
                .hasMessageContaining("PUT /api/chat/status");
    }
}
