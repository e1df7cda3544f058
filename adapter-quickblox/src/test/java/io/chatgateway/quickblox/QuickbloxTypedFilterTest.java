package io.chatgateway.quickblox;

import io.chatgateway.QueryPlan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.AuthenticationException;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationRef;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.ProviderQuery;
import io.chatgateway.quickblox.QuickbloxFilter.Field;
import io.chatgateway.quickblox.QuickbloxFilter.Operator;
import io.chatgateway.testkit.RecordedRequest;
import io.chatgateway.testkit.quickblox.QuickbloxSimulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link QuickbloxFilter} end to end through HTTP against the simulator (which implements every documented
 * operator and refuses the others with 422): the exact request sent, the messages returned, validation before any
 * request; and an application-level API key (no {@code On-Behalf-Of}).
 */
class QuickbloxTypedFilterTest {

    private QuickbloxTarget target;

    @AfterEach
    void close() {
        if (target != null) {
            target.close();
        }
    }

    private static Map<String, List<String>> lastQuery(QuickbloxTarget t, String path) {
        List<RecordedRequest> all = t.simulator.requests().stream().filter(r -> r.path().equals(path)).toList();
        return all.get(all.size() - 1).query();
    }

    @Test
    void should_send_typed_message_operators_and_return_exactly_the_matching_messages() {
        target = new QuickbloxTarget(false);
        QuickbloxSimulator sim = target.simulator;
        long me = QuickbloxSimulator.DEMO_USER_ID;
        long alice = sim.addUser();
        long bob = sim.addUser();
        String dialog = sim.createDialog(QuickbloxSimulator.GROUP, "Typed", me, alice, bob);
        long base = target.time.instant().getEpochSecond() - 1000;
        List<String> ids = new ArrayList<>();
        String[] texts = {"Order 1", "chat", "ORDER 2", "order 3", "Order 4", "nothing"};
        long[] senders = {alice, bob, alice, me, bob, alice};
        for (int i = 0; i < texts.length; i++) {
            ids.add(sim.addMessage(dialog, senders[i], texts[i], base + i));
        }
        QuickbloxFilter f = QuickbloxFilter.builder()
                .where(Field.SENDER_ID, Operator.NE, me)
                .where(Field.DATE_SENT, Operator.LTE, base + 4)
                .where(Field.MESSAGE, Operator.CTN, "order")
                .where(Field.ID, Operator.NE, ids.get(0))
                .build();
        MessageQuery q = MessageQuery.of(new ConversationRef(QuickbloxTarget.ACCOUNT, dialog)).providerQuery(f).build();

        List<String> got = target.gateway.messages(q).stream().map(Message::text).toList();

        assertThat(got).containsExactly("ORDER 2", "Order 4");
        Map<String, List<String>> sent = lastQuery(target, "/chat/Message.json");
        assertThat(sent).containsEntry("sender_id[ne]", List.of(Long.toString(me)))
                .containsEntry("date_sent[lte]", List.of(Long.toString(base + 4)))
                .containsEntry("message[ctn]", List.of("order"))
                .containsEntry("_id[ne]", List.of(ids.get(0)))
                .containsEntry("mark_as_read", List.of("0"))
                .containsEntry("sort_asc", List.of("date_sent"));
        assertThat(target.gateway.explain(q).rechecked(QueryPlan.Filter.PROVIDER_QUERY)).isTrue();
    }

    @Test
    void should_sort_by_another_field_and_page_by_offset_without_skipping_or_repeating() {
        target = new QuickbloxTarget(false);
        QuickbloxSimulator sim = target.simulator;
        long me = QuickbloxSimulator.DEMO_USER_ID;
        List<Long> users = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            users.add(sim.addUser());
        }
        String dialog = sim.createDialog(QuickbloxSimulator.GROUP, "Sorted", me, users.stream().mapToLong(Long::longValue).toArray());
        long base = target.time.instant().getEpochSecond() - 1000;
        for (int i = 0; i < 7; i++) {
            sim.addMessage(dialog, users.get((i * 3) % 5), "m" + i, base + i);
        }
        QuickbloxFilter f = QuickbloxFilter.builder().where(Field.SENDER_ID, Operator.IN, users.get(0), users.get(1),
                users.get(3), users.get(4)).sort(Field.SENDER_ID, MessageQuery.Order.DESCENDING).build();
        MessageQuery q = MessageQuery.of(new ConversationRef(QuickbloxTarget.ACCOUNT, dialog)).pageSize(2).providerQuery(f).build();

        List<Message> got = target.gateway.messages(q).stream().toList();

        assertThat(got).hasSize(6).extracting(m -> Long.parseLong(m.author().id()))
                .isSortedAccordingTo((a, b) -> Long.compare(b, a)).doesNotContain(users.get(2));
        assertThat(got).extracting(Message::text).doesNotHaveDuplicates();
        List<RecordedRequest> lists = target.simulator.requests().stream().filter(r -> r.path().equals("/chat/Message.json")).toList();
        assertThat(lists).allSatisfy(r -> assertThat(r.queryParam("sort_desc")).hasValue("sender_id"));
        assertThat(lists).extracting(r -> r.queryParam("skip").orElse("0")).containsExactly("0", "2", "4", "6");
    }

    @Test
    void should_send_typed_dialog_operators_and_sort() {
        target = new QuickbloxTarget(false);
        QuickbloxSimulator sim = target.simulator;
        long me = QuickbloxSimulator.DEMO_USER_ID;
        String group = sim.createDialog(QuickbloxSimulator.GROUP, "Group", me, sim.addUser());
        sim.createDialog(QuickbloxSimulator.PRIVATE, "Private", me, sim.addUser());
        QuickbloxFilter f = QuickbloxFilter.builder()
                .where(Field.TYPE, Operator.IN, 1, 2)
                .where(Field.CREATED_AT, Operator.GTE, 0)
                .where(Field.UPDATED_AT, Operator.LT, target.time.instant().getEpochSecond() + 60)
                .sort(Field.UPDATED_AT, MessageQuery.Order.DESCENDING).build();
        ConversationQuery q = ConversationQuery.forAccount(QuickbloxTarget.ACCOUNT).providerQuery(f).build();

        List<Conversation> got = target.gateway.conversations(q).stream().toList();

        assertThat(got).extracting(c -> c.ref().id()).contains(group).allSatisfy(id -> assertThat(sim.dialogExists(id)).isTrue());
        assertThat(got).extracting(Conversation::title).doesNotContain("Private");
        Map<String, List<String>> sent = lastQuery(target, "/chat/Dialog.json");
        assertThat(sent).containsEntry("type[in]", List.of("1,2")).containsEntry("created_at[gte]", List.of("0"))
                .containsEntry("sort_desc", List.of("updated_at")).doesNotContainKey("sort_asc");
        assertThat(target.gateway.explain(q).explain()).contains("QuickbloxFilter at QuickBlox: sort_desc=updated_at type[in]=1,2", "can move between pages");
    }

    @Test
    void should_refuse_misplaced_or_foreign_typed_filters_before_any_request() {
        target = new QuickbloxTarget(false);
        ConversationRef dialog = target.conversationWithInboundMessages(1);
        int before = target.requestCount();
        QuickbloxFilter messageOnly = QuickbloxFilter.builder().where(Field.SENDER_ID, Operator.GT, 1).build();
        assertThatThrownBy(() -> target.gateway.conversations(ConversationQuery.forAccount(QuickbloxTarget.ACCOUNT)
                .providerQuery(messageOnly).build())).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("sender_id is not a field of dialogs");
        QuickbloxFilter dialogOnly = QuickbloxFilter.builder().sort(Field.CREATED_AT, MessageQuery.Order.ASCENDING).build();
        assertThatThrownBy(() -> target.gateway.messages(MessageQuery.of(dialog).providerQuery(dialogOnly).build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("cannot be sorted by created_at");
        ProviderQuery foreign = () -> "smsbat";
        assertThatThrownBy(() -> target.gateway.messages(MessageQuery.of(dialog).providerQuery(foreign).build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("uses the quickblox provider");
        assertThatThrownBy(() -> target.gateway.explain(MessageQuery.of(dialog).providerQuery(foreign).build()))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(target.requestCount()).isEqualTo(before);
    }

    // ------------------------------------------------------------------ application-level API key

    @Test
    void should_use_an_api_key_without_on_behalf_of_only_where_no_user_is_needed() {
        target = new QuickbloxTarget(QuickbloxConfig.builder().apiKey(QuickbloxSimulator.API_KEY).forceDelete(true));
        QuickbloxSimulator sim = target.simulator;
        String dialog = sim.createDialog(QuickbloxSimulator.GROUP, "Old", QuickbloxSimulator.DEMO_USER_ID, sim.addUser());
        sim.addMessage(dialog, QuickbloxSimulator.DEMO_USER_ID, "bye", target.time.instant().getEpochSecond() - 5);
        ConversationRef ref = new ConversationRef(QuickbloxTarget.ACCOUNT, dialog);

        target.gateway.deleteConversation(ref);

        assertThat(sim.dialogExists(dialog)).isFalse();
        RecordedRequest delete = sim.requests().get(sim.requests().size() - 1);
        assertThat(delete.method()).isEqualTo("DELETE");
        assertThat(delete.path()).isEqualTo("/chat/Dialog/" + dialog + ".json");
        assertThat(delete.queryParam("force")).hasValue("1");
        assertThat(delete.header("Authorization")).hasValue("ApiKey " + QuickbloxSimulator.API_KEY);
        assertThat(delete.header("On-Behalf-Of")).isEmpty();
        assertThat(delete.header("QB-Token")).isEmpty();

        int before = target.requestCount();
        assertThatThrownBy(() -> target.gateway.messages(MessageQuery.of(ref).build()))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("on-behalf-of")
                .hasMessageNotContaining(QuickbloxSimulator.API_KEY)
                .satisfies(e -> assertThat(((AuthenticationException) e).reason())
                        .isEqualTo(AuthenticationException.Reason.INSUFFICIENT_SESSION));
        assertThatThrownBy(() -> target.gateway.send(ref, OutgoingMessage.text("hi")))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("QuickBlox answers send only for a user");
        assertThatThrownBy(() -> target.gateway.conversations(ConversationQuery.forAccount(QuickbloxTarget.ACCOUNT).build()))
                .isInstanceOf(AuthenticationException.class);
        assertThatThrownBy(() -> target.gateway.unreadCounts(QuickbloxTarget.ACCOUNT)).isInstanceOf(AuthenticationException.class);
        assertThat(target.requestCount()).isEqualTo(before);
    }

    @Test
    void should_refuse_hiding_a_dialog_with_an_application_level_key_before_any_request() {
        target = new QuickbloxTarget(QuickbloxConfig.builder().apiKey(QuickbloxSimulator.API_KEY));
        int before = target.requestCount();
        assertThatThrownBy(() -> target.gateway.deleteConversation(new ConversationRef(QuickbloxTarget.ACCOUNT,
                "0123456789abcdef01234567"))).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("deleteConversation").hasMessageContaining("force-delete");
        assertThat(target.requestCount()).isEqualTo(before);
        assertThat(QuickbloxConfig.builder().apiKey("secret-key").build().toString())
                .contains("onBehalfOf=none (application level)").doesNotContain("secret-key");
    }
}
