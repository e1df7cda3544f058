package io.chatgateway.quickblox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatgateway.ConversationRef;
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
        assertThat(plan.local()).isEmpty();
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
}
