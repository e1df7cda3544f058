package io.chatgateway.smsbat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.Channel;
import io.chatgateway.ChatGateway;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationRef;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.MessageQuery;
import io.chatgateway.QueryPlan;
import io.chatgateway.testkit.FakeTime;
import io.chatgateway.testkit.RecordedRequest;
import io.chatgateway.testkit.smsbat.SmsbatSimulator;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SMSBAT chat source as a neutral channel, typed chat filters, the day-granular date plan and lastMessageAt. */
class SmsbatChannelAndFiltersTest {

    private final FakeTime time = FakeTime.standard();
    private final SmsbatSimulator sim = new SmsbatSimulator(0, time);
    private ChatGateway gateway;

    @BeforeEach
    void start() {
        gateway = ChatGateway.builder().account("support", SmsbatConfig.builder().baseUri(sim.baseUri())
                .login(SmsbatSimulator.DEMO_LOGIN).password(SmsbatSimulator.DEMO_PASSWORD)
                .operatorId(SmsbatSimulator.DEMO_OPERATOR_ID).build()).clock(time).sleeper(time).build();
    }

    @AfterEach
    void close() {
        gateway.close();
        sim.close();
    }

    private static ConversationRef ref(long chat) {
        return new ConversationRef("support", Long.toString(chat));
    }

    private List<RecordedRequest> chatLists() {
        return sim.requests().stream().filter(r -> r.method().equals("GET") && r.path().equals("/api/chat/chats")).toList();
    }

    private List<Conversation> list(ConversationQuery.Builder q) {
        return gateway.conversations(q.build()).stream().toList();
    }

    @Test
    void should_map_the_chat_source_to_a_channel_and_keep_the_raw_value() {
        long viber = sim.createChat("v", "V", "380000000001", 1);
        long telegram = sim.createChat("t", "T", "380000000002", 2);
        long other = sim.createChat("o", "O", "380000000003", 7);
        List<Conversation> all = list(ConversationQuery.forAccount("support"));
        assertThat(all).filteredOn(c -> c.ref().equals(ref(viber))).singleElement()
                .satisfies(c -> assertThat(c.channel()).isEqualTo(Channel.VIBER));
        assertThat(all).filteredOn(c -> c.ref().equals(ref(telegram))).singleElement()
                .satisfies(c -> assertThat(c.channel()).isEqualTo(Channel.TELEGRAM));
        assertThat(all).filteredOn(c -> c.ref().equals(ref(other))).singleElement().satisfies(c -> {
            assertThat(c.channel()).isEqualTo(Channel.UNKNOWN);
            assertThat(c.attributes()).containsEntry("source", 7L);
        });
    }

    @Test
    void should_send_one_channel_and_the_typed_filters_as_smsbat_parameters() {
        long match = sim.createChat("Refund", "Taras", "380671234567", 2);
        sim.setTelegramUser(match, 777);
        long otherUser = sim.createChat("Refund 2", "Taras", "380671234567", 2);
        sim.setTelegramUser(otherUser, 778);
        sim.createChat("Viber", "Taras", "380671234567", 1);
        ConversationQuery.Builder q = ConversationQuery.forAccount("support").channel(Channel.TELEGRAM)
                .providerQuery(SmsbatChatFilter.builder().phone("+380671234567").telegramUserId(777).organizationId(6).build());

        assertThat(list(q)).extracting(Conversation::ref).containsExactly(ref(match));

        assertThat(chatLists().get(0).rawQuery())
                .isEqualTo("page=1&per_page=100&source=2&tg_user_id=777&phone=380671234567&organizationId=6");
        QueryPlan plan = gateway.explain(q.build());
        assertThat(plan.atProvider()).containsExactlyInAnyOrder(QueryPlan.Filter.CHANNEL, QueryPlan.Filter.PROVIDER_QUERY);
        assertThat(plan.local()).isEmpty();
    }

    @Test
    void should_filter_several_channels_locally_and_say_so() {
        long viber = sim.createChat("v", "V", "380000000001", 1);
        sim.createChat("t", "T", "380000000002", 2);
        long other = sim.createChat("o", "O", "380000000003", 9);
        ConversationQuery.Builder q = ConversationQuery.forAccount("support").channel(Channel.VIBER).channel(Channel.UNKNOWN);

        assertThat(list(q)).extracting(Conversation::ref).containsExactlyInAnyOrder(ref(viber), ref(other));
        assertThat(chatLists().get(0).queryParam("source")).isEmpty();
        assertThat(gateway.explain(q.build()).local()).containsExactly(QueryPlan.Filter.CHANNEL);
        assertThat(gateway.explain(ConversationQuery.forAccount("support").channel(Channel.WHATSAPP).build()).local())
                .containsExactly(QueryPlan.Filter.CHANNEL);
    }

    @Test
    void should_reject_malformed_or_contradicting_typed_filters_before_any_request() {
        assertThatThrownBy(() -> SmsbatChatFilter.builder().phone("call me").build())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("phone");
        assertThatThrownBy(() -> SmsbatChatFilter.builder().telegramUserId(0).build())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("Telegram");
        assertThatThrownBy(() -> SmsbatChatFilter.builder().build()).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> list(ConversationQuery.forAccount("support")
                .providerQuery(SmsbatChatFilter.builder().phone("380671234567").build()).providerFilter("phone", "380")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("once");
        assertThatThrownBy(() -> list(ConversationQuery.forAccount("support").channel(Channel.VIBER)
                .providerFilter("source", "2")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("source");
        assertThatThrownBy(() -> list(ConversationQuery.forAccount("support").providerQuery(() -> "quickblox")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("quickblox");
        assertThatThrownBy(() -> gateway.messages(MessageQuery.of(new ConversationRef("support", "1"))
                .providerQuery(SmsbatChatFilter.builder().phone("380671234567").build()).build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("no typed message filters");
        assertThatThrownBy(() -> gateway.explain(MessageQuery.of(new ConversationRef("support", "1"))
                .providerQuery(SmsbatChatFilter.builder().phone("380671234567").build()).build()))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("no typed message filters");
        assertThat(sim.requestCount()).isZero();
    }

    @Test
    void should_narrow_dates_by_day_at_smsbat_and_to_the_exact_instant_in_the_library() {
        Instant since = time.instant().minus(Duration.ofHours(3));
        long before = sim.createChat("before", "B", "380000000001", 1);
        sim.addMessage(before, 1, "earlier the same day or the day before", since.minusSeconds(60));
        long after = sim.createChat("after", "A", "380000000002", 1);
        sim.addMessage(after, 1, "in range", since.plusSeconds(60));
        ConversationQuery q = ConversationQuery.forAccount("support").activeSince(since).build();

        assertThat(gateway.conversations(q).stream().map(Conversation::ref).toList()).containsExactly(ref(after));

        assertThat(chatLists().get(0).query().get("date")).containsExactly(
                LocalDate.ofInstant(since, ZoneOffset.UTC).toString(), LocalDate.ofInstant(time.instant(), ZoneOffset.UTC).toString());
        QueryPlan plan = gateway.explain(q);
        assertThat(plan.rechecked(QueryPlan.Filter.SINCE)).isTrue();
        assertThat(plan.explain()).contains("narrowed at provider, re-checked exactly here: [SINCE]");
        assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("whole days").contains("exact range"));
    }

    @Test
    void should_fill_last_message_at_from_the_chat_history() {
        Instant at = time.instant().minusSeconds(300);
        long chat = sim.createChat("c", "C", "380000000001", 2);
        sim.addMessage(chat, 1, "first", at.minusSeconds(60));
        sim.addMessage(chat, 0, "newest", at);
        long empty = sim.createChat("empty", "E", "380000000002", 2);
        List<Conversation> all = list(ConversationQuery.forAccount("support"));
        assertThat(all).filteredOn(c -> c.ref().equals(ref(chat))).singleElement()
                .satisfies(c -> assertThat(c.lastMessageAt()).isEqualTo(at));
        assertThat(all).filteredOn(c -> c.ref().equals(ref(empty))).singleElement()
                .satisfies(c -> assertThat(c.lastMessageAt()).isNull());
    }
}
