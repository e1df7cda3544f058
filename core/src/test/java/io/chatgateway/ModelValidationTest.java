package io.chatgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelValidationTest {

    private static final ConversationRef C = new ConversationRef("acc", "1");
    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void should_reject_blank_outgoing_text_without_attachment() {
        assertThatThrownBy(() -> OutgoingMessage.text(" \t\n")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> OutgoingMessage.text(null)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> new OutgoingMessage(null, null, null)).isInstanceOf(InvalidRequestException.class);
        OutgoingMessage.Attachment file = new OutgoingMessage.Attachment("a.pdf", "application/pdf", MessageKind.FILE, new byte[] {1});
        assertThat(new OutgoingMessage("", List.of(file), null).attachments()).containsExactly(file);
    }

    @Test
    void should_reject_bad_idempotency_keys() {
        OutgoingMessage m = OutgoingMessage.text("hi");
        assertThatThrownBy(() -> m.withIdempotencyKey(null)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> m.withIdempotencyKey(" ")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> m.withIdempotencyKey("k".repeat(257))).isInstanceOf(InvalidRequestException.class);
        assertThat(m.withIdempotencyKey("k".repeat(256)).idempotencyKey()).hasSize(256);
    }

    @Test
    void should_copy_lists_maps_and_bytes() {
        List<OutgoingMessage.Attachment> attachments = new ArrayList<>();
        byte[] data = {1, 2, 3};
        OutgoingMessage.Attachment file = new OutgoingMessage.Attachment("a.bin", "application/octet-stream", MessageKind.OTHER, data);
        data[0] = 9;
        assertThat(file.data()).containsExactly(1, 2, 3);
        file.data()[1] = 9;
        assertThat(file.data()).containsExactly(1, 2, 3);
        attachments.add(file);
        OutgoingMessage m = new OutgoingMessage("x", attachments, null);
        attachments.clear();
        assertThat(m.attachments()).hasSize(1);
        assertThatThrownBy(() -> m.attachments().clear()).isInstanceOf(UnsupportedOperationException.class);

        Map<String, Object> attrs = new HashMap<>();
        attrs.put("nullable", null);
        attrs.put("k", "v");
        Message msg = Message.builder(C.message("1"), "p").direction(Message.Direction.INBOUND).attributes(attrs).build();
        attrs.put("later", 1);
        assertThat(msg.attributes()).containsOnlyKeys("nullable", "k");
        assertThatThrownBy(() -> msg.attributes().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(msg.attachments()).isEmpty();
        assertThat(msg.text()).isEmpty();
        assertThat(msg.delivery()).isEqualTo(DeliveryStatus.UNKNOWN);
        assertThat(msg.readStatus()).isEqualTo(Message.ReadStatus.UNKNOWN);

        Conversation conv = new Conversation(C, "p", null, null, null, null, null, attrs);
        attrs.clear();
        assertThat(conv.attributes()).hasSize(3);
        assertThat(conv.status()).isEqualTo(Conversation.Status.UNKNOWN);

        List<BroadcastResult.RecipientOutcome> outcomes = new ArrayList<>(List.of(BroadcastResult.RecipientOutcome.sent(C, null)));
        BroadcastResult result = new BroadcastResult(outcomes);
        outcomes.clear();
        assertThat(result.outcomes()).hasSize(1);
        assertThat(result.allSent()).isTrue();
    }

    @Test
    void should_reject_incomplete_messages_conversations_and_participants() {
        assertThatThrownBy(() -> Message.builder(C.message("1"), "p").build()).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> Message.builder(null, "p").direction(Message.Direction.INBOUND).build())
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> Message.builder(C.message("1"), " ").direction(Message.Direction.INBOUND).build())
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> new Conversation(C, "p", null, null, -1L, null, null, null))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> new Conversation(null, "p", null, null, null, null, null, null))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> new Participant("1", "x", null)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> new Message.Attachment(null, null, null, null, null, null, null))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> new OutgoingMessage.Attachment(" ", "a/b", MessageKind.FILE, new byte[] {1}))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> new OutgoingMessage.Attachment("a", "a/b", MessageKind.TEXT, new byte[] {1}))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> new OutgoingMessage.Attachment("a", "a/b", MessageKind.FILE, new byte[0]))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> new SendResult(null, null, null, false)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> new BroadcastResult.RecipientOutcome(C, C.message("1"), new NotFoundException("x", null)))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> BroadcastResult.RecipientOutcome.failed(C, null)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void should_reject_negative_or_huge_page_sizes_and_inverted_ranges() {
        assertThatThrownBy(() -> MessageQuery.of(C).pageSize(-1).build()).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> MessageQuery.of(C).pageSize(10_001).build()).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> MessageQuery.of(C).since(T).until(T).build()).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> MessageQuery.of(C).since(T.plusSeconds(1)).until(T).build())
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> MessageQuery.of(null).build()).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> ConversationQuery.forAccount("acc").pageSize(-5).build())
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> ConversationQuery.forAccount("acc").activeSince(T.plusSeconds(1)).activeUntil(T).build())
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> ConversationQuery.forAccount("bad account").build())
                .isInstanceOf(InvalidRequestException.class);
        MessageQuery q = MessageQuery.of(C).textContains("").sendersIn("a").newestFirst().build();
        assertThat(q.textContains()).isNull();
        assertThat(q.order()).isEqualTo(MessageQuery.Order.DESCENDING);
        assertThatThrownBy(() -> q.sendersIn().add("b")).isInstanceOf(UnsupportedOperationException.class);
        ConversationQuery cq = ConversationQuery.forAccount("acc").status(Conversation.Status.OPEN)
                .providerFilter("source", "viber").build();
        assertThatThrownBy(() -> cq.statuses().add(Conversation.Status.NEW)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> cq.providerFilters().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void should_reject_a_filter_planned_both_in_the_adapter_and_locally_but_allow_a_provider_narrowing_rechecked() {
        assertThatThrownBy(() -> new QueryPlan(Set.of(), Set.of(QueryPlan.Filter.TEXT), Set.of(QueryPlan.Filter.TEXT), null))
                .isInstanceOf(InvalidRequestException.class);
        QueryPlan plan = new QueryPlan(Set.of(QueryPlan.Filter.SINCE), Set.of(QueryPlan.Filter.TEXT), List.of("window 7 days"));
        assertThat(plan.explain()).isEqualTo("at provider: [SINCE]\nlocally: [TEXT]\nnote: window 7 days");
        QueryPlan rechecked = new QueryPlan(Set.of(QueryPlan.Filter.TEXT), Set.of(QueryPlan.Filter.TEXT), null);
        assertThat(rechecked.rechecked(QueryPlan.Filter.TEXT)).isTrue();
        assertThat(rechecked.explain()).isEqualTo("at provider: [TEXT]\nlocally: [TEXT]\n"
                + "narrowed at provider, re-checked exactly here: [TEXT]");
    }

    @Test
    void should_keep_secrets_out_of_to_string_and_reject_blank_or_multiline_ones() {
        Secret s = Secret.of("hunter2");
        assertThat(s).hasToString("****");
        assertThat(s.reveal()).isEqualTo("hunter2");
        assertThat(s).isEqualTo(Secret.of("hunter2")).isNotEqualTo(Secret.of("hunter3"));
        assertThat(s.hashCode()).isEqualTo(Secret.of("other").hashCode());
        assertThatThrownBy(() -> Secret.of(" ")).isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> Secret.of("a\r\nX-Injected: 1")).isInstanceOf(InvalidConfigurationException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("X-Injected"));
        assertThat(new io.chatgateway.testprovider.LoopbackConfig(java.net.URI.create("http://x"), s).toString())
                .doesNotContain("hunter2");
    }

    @Test
    void should_page_lazily_from_a_page() {
        int[] fetches = {0};
        Page<Integer> first = Page.of(List.of(1, 2), "c1", c -> {
            fetches[0]++;
            return java.util.concurrent.CompletableFuture.completedFuture(Page.last(List.of(3)));
        });
        assertThat(first.stream().limit(2).toList()).containsExactly(1, 2);
        assertThat(fetches[0]).isZero();
        assertThat(first.stream().toList()).containsExactly(1, 2, 3);
        assertThat(fetches[0]).isEqualTo(1);
        assertThatThrownBy(() -> Page.last(List.of()).next()).isInstanceOf(java.util.NoSuchElementException.class);
        assertThatThrownBy(() -> Page.of(List.of(), "c", null)).isInstanceOf(IllegalArgumentException.class);
    }
}
