package io.chatgateway.quickblox.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.ConversationRef;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.Message;
import io.chatgateway.quickblox.QuickbloxFilter;
import io.chatgateway.quickblox.QuickbloxFilter.Field;
import io.chatgateway.quickblox.QuickbloxFilter.Operator;
import io.chatgateway.MessageQuery;
import io.chatgateway.QueryPlan;
import io.chatgateway.spi.PageCursor.Keyset;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageQueryCompilerTest {

    private static final ConversationRef DIALOG = new ConversationRef("app", "5d75393ba28f9a17e1cb0f9e");
    private final MessageQueryCompiler compiler = new MessageQueryCompiler(true);

    private static Map<String, String> params(MessageQueryCompiler.Compiled c) {
        Map<String, String> m = new LinkedHashMap<>();
        c.params().forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    private static MessageQuery.Builder all() {
        return MessageQuery.of(DIALOG).since(Instant.parse("2026-11-20T10:00:00.500Z")).until(Instant.parse("2026-11-21T00:00:00Z"))
                .textContains("order").sendersIn("7", "3").sendersNotIn("9").pageSize(20);
    }

    @Test
    void should_compile_every_filter_to_a_quickblox_operator_and_never_mark_read() {
        Map<String, String> p = params(compiler.compile(all().build(), null));
        assertThat(p).containsExactly(
                Map.entry("chat_dialog_id", DIALOG.id()),
                Map.entry("mark_as_read", "0"),
                Map.entry("sort_asc", "date_sent"),
                Map.entry("date_sent[gte]", Long.toString(Instant.parse("2026-11-20T10:00:01Z").getEpochSecond())),
                Map.entry("date_sent[lt]", Long.toString(Instant.parse("2026-11-21T00:00:00Z").getEpochSecond())),
                Map.entry("sender_id[in]", "3,7"),
                Map.entry("sender_id[nin]", "9"),
                Map.entry("message[ctn]", "order"),
                Map.entry("limit", "20"));
        QueryPlan plan = compiler.plan(all().build());
        assertThat(plan.atProvider()).containsExactlyInAnyOrder(QueryPlan.Filter.SINCE, QueryPlan.Filter.UNTIL,
                QueryPlan.Filter.TEXT, QueryPlan.Filter.SENDERS_IN, QueryPlan.Filter.SENDERS_NOT_IN);
        assertThat(plan.local()).containsExactly(QueryPlan.Filter.TEXT);
        assertThat(plan.rechecked(QueryPlan.Filter.TEXT)).isTrue();
    }

    @Test
    void should_compile_recipient_and_update_time_filters_through_quickblox_conditions() {
        MessageQuery q = MessageQuery.of(DIALOG).recipientsIn("96753878", "0343", "343").recipientsNotIn("7")
                .updatedSince(Instant.parse("2026-11-20T10:00:00.500Z")).updatedUntil(Instant.parse("2026-11-21T00:00:00Z"))
                .pageSize(20).build();
        assertThat(params(compiler.compile(q, null))).containsExactly(
                Map.entry("chat_dialog_id", DIALOG.id()),
                Map.entry("mark_as_read", "0"),
                Map.entry("sort_asc", "date_sent"),
                Map.entry("recipient_id[in]", "343,96753878"),
                Map.entry("recipient_id[nin]", "7"),
                Map.entry("updated_at[gte]", Long.toString(Instant.parse("2026-11-20T10:00:01Z").getEpochSecond())),
                Map.entry("updated_at[lt]", Long.toString(Instant.parse("2026-11-21T00:00:00Z").getEpochSecond())),
                Map.entry("limit", "20"));
        assertThat(compiler.plan(q).atProvider()).containsExactlyInAnyOrder(QueryPlan.Filter.RECIPIENTS_IN,
                QueryPlan.Filter.RECIPIENTS_NOT_IN, QueryPlan.Filter.UPDATED_SINCE, QueryPlan.Filter.UPDATED_UNTIL);
        // 0 (QuickBlox's "no recipient"), a non-numeric id or more than 100 ids: matched locally, never sent
        String[] many = new String[101];
        for (int i = 0; i < many.length; i++) {
            many[i] = Integer.toString(i + 1);
        }
        for (MessageQuery local : new MessageQuery[] {MessageQuery.of(DIALOG).recipientsIn("0", "5").build(),
                MessageQuery.of(DIALOG).recipientsNotIn("desk").build(), MessageQuery.of(DIALOG).recipientsIn(many).build()}) {
            assertThat(compiler.plan(local).atProvider()).isEmpty();
            assertThat(compiler.plan(local).local()).hasSize(1);
            assertThat(params(compiler.compile(local, null)).keySet()).noneMatch(k -> k.startsWith("recipient_id"));
        }
    }

    @Test
    void should_filter_locally_what_quickblox_cannot_express() {
        MessageQuery q = MessageQuery.of(DIALOG).textContains("x").sendersIn("bot-7").build();
        QueryPlan plan = new MessageQueryCompiler(false).plan(q);
        assertThat(plan.local()).containsExactlyInAnyOrder(QueryPlan.Filter.TEXT, QueryPlan.Filter.SENDERS_IN);
        Map<String, String> p = params(new MessageQueryCompiler(false).compile(q, null));
        assertThat(p).doesNotContainKeys("message[ctn]", "sender_id[in]");
    }

    @Test
    void should_continue_oldest_first_at_the_last_second_excluding_the_one_id_seen_there() {
        Map<String, String> p = params(compiler.compile(all().build(), new Keyset(1_800_000_000L, Set.of("abc"))));
        assertThat(p).containsEntry("date_sent[gte]", "1800000000").containsEntry("_id[ne]", "abc")
                .containsEntry("limit", "20").doesNotContainKey("skip");
    }

    @Test
    void should_ask_for_more_rows_when_several_ids_were_seen_at_the_last_second() {
        MessageQueryCompiler.Compiled c = compiler.compile(all().build(), new Keyset(1_800_000_000L, Set.of("a", "b", "c")));
        assertThat(params(c)).containsEntry("limit", "23").doesNotContainKeys("_id[ne]", "skip");
        assertThat(c.drop()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(c.pageSize()).isEqualTo(20);
    }

    @Test
    void should_continue_newest_first_below_the_last_second_within_until() {
        MessageQuery q = all().newestFirst().build();
        long noon = Instant.parse("2026-11-20T12:00:00Z").getEpochSecond();
        Map<String, String> p = params(compiler.compile(q, new Keyset(noon, Set.of("abc"))));
        assertThat(p).containsEntry("sort_desc", "date_sent").containsEntry("date_sent[lte]", Long.toString(noon))
                .doesNotContainKey("date_sent[lt]").containsEntry("_id[ne]", "abc");
        long untilMinusOne = Instant.parse("2026-11-21T00:00:00Z").getEpochSecond() - 1;
        Map<String, String> late = params(compiler.compile(q, new Keyset(untilMinusOne + 100, Set.of("abc"))));
        assertThat(late).containsEntry("date_sent[lte]", Long.toString(untilMinusOne));
    }

    @Test
    void should_fall_back_to_skip_inside_a_second_holding_more_than_a_page() {
        Set<String> many = new java.util.HashSet<>();
        for (int i = 0; i < 95; i++) {
            many.add("id" + i);
        }
        Map<String, String> p = params(compiler.compile(all().build(), new Keyset(5, many)));
        assertThat(p).containsEntry("skip", "95").containsEntry("limit", "20");
    }

    // ------------------------------------------------------------------ typed QuickBlox filters

    private static QuickbloxFilter everyMessageOperator() {
        return QuickbloxFilter.builder()
                .where(Field.SENDER_ID, Operator.GT, 10)
                .where(Field.SENDER_ID, Operator.LTE, 5000)
                .where(Field.RECIPIENT_ID, Operator.NE, 0)
                .where(Field.RECIPIENT_ID, Operator.OR, 7, 8)
                .where(Field.DATE_SENT, Operator.NIN, 1_700_000_001L)
                .where(Field.DATE_SENT, Operator.GTE, Instant.ofEpochSecond(1_700_000_000L))
                .where(Field.UPDATED_AT, Operator.LT, Instant.ofEpochSecond(1_800_000_000L))
                .where(Field.ID, Operator.NE, "5d75393ba28f9a17e1cb0f00")
                .where(Field.MESSAGE, Operator.NE, "a & b")
                .where(Field.MESSAGE, Operator.CTN, "Order")
                .build();
    }

    @Test
    void should_compile_every_typed_operator_to_its_exact_parameter_after_the_neutral_ones() {
        MessageQuery q = MessageQuery.of(DIALOG).since(Instant.ofEpochSecond(1_600_000_000L)).pageSize(20)
                .providerQuery(everyMessageOperator()).build();
        MessageQueryCompiler.Compiled c = compiler.compile(q, null);
        assertThat(params(c)).containsExactly(
                Map.entry("chat_dialog_id", DIALOG.id()),
                Map.entry("mark_as_read", "0"),
                Map.entry("sort_asc", "date_sent"),
                Map.entry("date_sent[gte]", "1700000000"),
                Map.entry("sender_id[gt]", "10"),
                Map.entry("sender_id[lte]", "5000"),
                Map.entry("recipient_id[ne]", "0"),
                Map.entry("recipient_id[or]", "7,8"),
                Map.entry("date_sent[nin]", "1700000001"),
                Map.entry("updated_at[lt]", "1800000000"),
                Map.entry("_id[ne]", "5d75393ba28f9a17e1cb0f00"),
                Map.entry("message[ne]", "a & b"),
                Map.entry("message[ctn]", "Order"),
                Map.entry("limit", "20"));
        QueryPlan plan = compiler.plan(q);
        assertThat(plan.atProvider()).contains(QueryPlan.Filter.PROVIDER_QUERY, QueryPlan.Filter.SINCE);
        assertThat(plan.inAdapter()).containsExactly(QueryPlan.Filter.PROVIDER_QUERY);
        assertThat(plan.rechecked(QueryPlan.Filter.PROVIDER_QUERY)).isTrue();
        assertThat(plan.explain()).contains("sender_id[gt]=10", "message[ctn] is re-checked in the adapter case-insensitively");
    }

    @Test
    void should_plan_each_shape_of_query_anew_and_the_same_shape_alike() {
        MessageQuery numeric = MessageQuery.of(DIALOG).sendersIn("7").since(Instant.ofEpochSecond(100)).build();
        MessageQuery named = MessageQuery.of(DIALOG).sendersIn("bob").since(Instant.ofEpochSecond(100)).build();
        assertThat(compiler.plan(numeric).atProvider()).contains(QueryPlan.Filter.SENDERS_IN);
        assertThat(compiler.plan(named).local()).containsExactly(QueryPlan.Filter.SENDERS_IN);
        assertThat(compiler.plan(numeric).atProvider()).contains(QueryPlan.Filter.SENDERS_IN);
        MessageQuery sameShape = MessageQuery.of(new ConversationRef("app", "other")).sendersIn("8", "9")
                .since(Instant.ofEpochSecond(5)).build();
        assertThat(compiler.plan(sameShape)).isEqualTo(new MessageQueryCompiler(true).plan(sameShape))
                .isEqualTo(compiler.plan(numeric));
        assertThat(params(compiler.compile(sameShape, null))).containsEntry("sender_id[in]", "8,9")
                .containsEntry("date_sent[gte]", "5").containsEntry("chat_dialog_id", "other");
    }

    @Test
    void should_keep_the_tighter_of_two_bounds_on_one_key() {
        QuickbloxFilter f = QuickbloxFilter.builder().where(Field.DATE_SENT, Operator.GTE, 100).build();
        MessageQuery later = MessageQuery.of(DIALOG).since(Instant.ofEpochSecond(500)).providerQuery(f).build();
        assertThat(params(compiler.compile(later, null))).containsEntry("date_sent[gte]", "500");
        MessageQuery earlier = MessageQuery.of(DIALOG).since(Instant.ofEpochSecond(50)).providerQuery(f).build();
        assertThat(params(compiler.compile(earlier, null))).containsEntry("date_sent[gte]", "100");
    }

    @Test
    void should_drop_rows_instead_of_a_second_id_ne_when_the_filter_holds_one() {
        QuickbloxFilter f = QuickbloxFilter.builder().where(Field.ID, Operator.NE, "x1").build();
        MessageQueryCompiler.Compiled c = compiler.compile(MessageQuery.of(DIALOG).pageSize(10).providerQuery(f).build(),
                new Keyset(5, Set.of("seen")));
        assertThat(params(c)).containsEntry("_id[ne]", "x1").containsEntry("limit", "11");
        assertThat(c.drop()).containsExactly("seen");
    }

    @Test
    void should_page_by_offset_when_sorted_by_another_field_than_date_sent() {
        QuickbloxFilter f = QuickbloxFilter.builder().sort(Field.SENDER_ID, MessageQuery.Order.DESCENDING).build();
        MessageQuery q = MessageQuery.of(DIALOG).pageSize(10).providerQuery(f).build();
        MessageQueryCompiler.Compiled first = compiler.compile(q, null);
        assertThat(params(first)).containsEntry("sort_desc", "sender_id").doesNotContainKeys("skip", "sort_asc");
        assertThat(first.offset()).isZero();
        assertThat(params(compiler.compile(q, 30L))).containsEntry("skip", "30").containsEntry("limit", "10");
        assertThat(compiler.plan(q).explain()).contains("by offset");
    }

    @Test
    void should_recheck_typed_ctn_case_insensitively() {
        QuickbloxFilter f = QuickbloxFilter.builder().where(Field.MESSAGE, Operator.CTN, "ORDER").build();
        MessageQueryCompiler.Compiled c = compiler.compile(MessageQuery.of(DIALOG).providerQuery(f).build(), null);
        assertThat(c.recheck().test(Message.builder(DIALOG.message("m1"), "quickblox").direction(Message.Direction.INBOUND).text("my order #4").build())).isTrue();
        assertThat(c.recheck().test(Message.builder(DIALOG.message("m2"), "quickblox").direction(Message.Direction.INBOUND).text("ord er").build())).isFalse();
    }

    @Test
    void should_refuse_undocumented_operators_malformed_values_and_clashes_before_compiling() {
        assertThatThrownBy(() -> QuickbloxFilter.builder().where(Field.MESSAGE, Operator.GT, "a"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("no gt operator on message");
        assertThatThrownBy(() -> QuickbloxFilter.builder().where(Field.SENDER_ID, Operator.IN, "7", "bob"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("sender_id[in]").hasMessageContaining("bob");
        assertThatThrownBy(() -> QuickbloxFilter.builder().where(Field.DATE_SENT, Operator.LT, "1", "2"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("takes one value");
        assertThatThrownBy(() -> QuickbloxFilter.builder().where(Field.UPDATED_AT, Operator.GT, Instant.parse("2026-01-01T00:00:00.5Z")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("whole second");
        assertThatThrownBy(() -> QuickbloxFilter.builder().where(Field.ID, Operator.NE, "a,b"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("_id[ne]");
        assertThatThrownBy(() -> QuickbloxFilter.builder().where(Field.SENDER_ID, Operator.GT, 1).where(Field.SENDER_ID, Operator.GT, 2).build())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("sender_id[gt] once");
        assertThatThrownBy(() -> QuickbloxFilter.builder().build()).isInstanceOf(InvalidRequestException.class);
        QuickbloxFilter dialogOnly = QuickbloxFilter.builder().where(Field.TYPE, Operator.IN, 2).build();
        assertThatThrownBy(() -> compiler.plan(MessageQuery.of(DIALOG).providerQuery(dialogOnly).build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("type is not a field of messages");
        QuickbloxFilter senders = QuickbloxFilter.builder().where(Field.SENDER_ID, Operator.IN, 1).build();
        assertThatThrownBy(() -> compiler.compile(MessageQuery.of(DIALOG).sendersIn("2").providerQuery(senders).build(), null))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("sendersIn");
    }
}
