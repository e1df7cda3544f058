package io.chatgateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.BroadcastResult;
import io.chatgateway.Capability;
import io.chatgateway.ChatGateway;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationRef;
import io.chatgateway.DeliveryUncertainException;
import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.Message;
import io.chatgateway.MessageKind;
import io.chatgateway.MessageQuery;
import io.chatgateway.MessageRef;
import io.chatgateway.NotFoundException;
import io.chatgateway.Operation;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.Page;
import io.chatgateway.Participant;
import io.chatgateway.ProtocolException;
import io.chatgateway.QueryPlan;
import io.chatgateway.ResiliencePolicy;
import io.chatgateway.SendResult;
import io.chatgateway.UnsupportedCapabilityException;
import io.chatgateway.fake.FakeProvider;
import io.chatgateway.fake.TestTime;
import io.chatgateway.spi.PageSlice;
import java.lang.ref.WeakReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GatewayTest {

    private static final ConversationRef C = new ConversationRef("acc", "c1");
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private final TestTime time = new TestTime();
    private ChatGateway gateway;

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private ChatGateway gateway(FakeProvider fake, ResiliencePolicy policy) {
        gateway = ChatGateway.builder().providers(fake.factory()).account("acc", new FakeProvider.Config(), policy)
                .clock(time).sleeper(time).build();
        return gateway;
    }

    private ChatGateway gateway(FakeProvider fake) {
        return gateway(fake, ResiliencePolicy.ofDefaults());
    }

    private static Message message(ConversationRef c, long n, String author) {
        return Message.builder(c.message(String.valueOf(n)), FakeProvider.ID).direction(Message.Direction.INBOUND)
                .author(new Participant(author, null, Participant.Role.CUSTOMER)).text("text " + n)
                .sentAt(T0.plusSeconds(n)).build();
    }

    /** A provider history of {@code total} messages served from an offset cursor, generated on demand. */
    private static void history(FakeProvider fake, long total, List<WeakReference<List<Message>>> served) {
        fake.messages = (q, cursor) -> {
            long from = cursor == null ? 0 : Long.parseLong(cursor);
            long to = Math.min(total, from + q.pageSize());
            List<Message> items = new ArrayList<>((int) (to - from));
            for (long i = from; i < to; i++) {
                items.add(message(q.conversation(), i, i % 2 == 0 ? "even" : "odd"));
            }
            PageSlice<Message> slice = new PageSlice<>(items, to < total ? String.valueOf(to) : null);
            if (served != null) {
                served.add(new WeakReference<>(slice.items()));
            }
            return CompletableFuture.completedFuture(slice);
        };
    }

    // ------------------------------------------------------------------ capabilities and validation

    @ParameterizedTest
    @EnumSource(Capability.class)
    void should_throw_unsupported_capability_before_any_call(Capability capability) {
        Map<Capability, Capability.Support> none = new EnumMap<>(Capability.class);
        for (Capability c : Capability.values()) {
            none.put(c, Capability.Support.UNSUPPORTED);
        }
        FakeProvider fake = FakeProvider.with(none, 10, 100, 10);
        gateway(fake);
        assertThat(gateway.capabilities("acc")).containsEntry(capability, Capability.Support.UNSUPPORTED);
        Map<Capability, Consumer<ChatGateway>> calls = Map.ofEntries(
                Map.entry(Capability.LIST_CONVERSATIONS, g -> g.conversations(ConversationQuery.forAccount("acc").build())),
                Map.entry(Capability.LIST_MESSAGES, g -> g.messages(MessageQuery.of(C).build())),
                Map.entry(Capability.GET_MESSAGE, g -> g.message(C.message("1"))),
                Map.entry(Capability.SEND, g -> g.send(C, OutgoingMessage.text("x"))),
                Map.entry(Capability.SEND_ATTACHMENT, g -> g.send(C, OutgoingMessage.text("x").withAttachment(
                        new OutgoingMessage.Attachment("a.txt", "text/plain", MessageKind.FILE, new byte[] {1})))),
                Map.entry(Capability.BROADCAST, g -> g.broadcast(List.of(C), OutgoingMessage.text("x"))),
                Map.entry(Capability.MARK_READ, g -> g.markRead(List.of(C.message("1")))),
                Map.entry(Capability.MARK_ALL_READ, g -> g.markAllRead("acc", List.of())),
                Map.entry(Capability.UNREAD_COUNTS, g -> g.unreadCounts("acc")),
                Map.entry(Capability.LAST_ACTIVITY, g -> g.lastActivity(List.of(C))),
                Map.entry(Capability.SET_STATUS, g -> g.setStatus(C, Conversation.Status.CLOSED)),
                Map.entry(Capability.DELETE_CONVERSATION, g -> g.deleteConversation(C)));
        assertThatThrownBy(() -> calls.get(capability).accept(gateway))
                .isInstanceOf(UnsupportedCapabilityException.class)
                .hasMessageContaining("account 'acc'").hasMessageContaining("fake")
                .satisfies(e -> {
                    UnsupportedCapabilityException u = (UnsupportedCapabilityException) e;
                    assertThat(u.account()).hasValue("acc");
                    assertThat(u.provider()).hasValue("fake");
                    assertThat(u.isRetryable()).isFalse();
                });
        assertThat(fake.calls).hasValue(0);
    }

    @Test
    void should_allow_attachments_only_where_supported() {
        FakeProvider fake = FakeProvider.with(Map.of(Capability.SEND_ATTACHMENT, Capability.Support.UNSUPPORTED), 10, 100, 10);
        gateway(fake);
        OutgoingMessage withFile = OutgoingMessage.text("x").withAttachment(
                new OutgoingMessage.Attachment("a.txt", "text/plain", MessageKind.FILE, new byte[] {1}));
        assertThatThrownBy(() -> gateway.send(C, withFile)).isInstanceOf(UnsupportedCapabilityException.class)
                .satisfies(e -> assertThat(((UnsupportedCapabilityException) e).capability()).isEqualTo(Capability.SEND_ATTACHMENT));
        assertThat(gateway.send(C, OutgoingMessage.text("x")).message().conversation()).isEqualTo(C);
    }

    @Test
    void should_validate_every_input_before_any_call() {
        FakeProvider fake = FakeProvider.with(Map.of(), 10, 20, 10);
        gateway(fake);
        ConversationRef other = new ConversationRef("ghost", "1");
        List<Runnable> invalid = List.of(
                () -> gateway.conversations(null),
                () -> gateway.messages(null),
                () -> gateway.message(null),
                () -> gateway.send(null, OutgoingMessage.text("x")),
                () -> gateway.send(C, null),
                () -> gateway.send(C, OutgoingMessage.text("x".repeat(21))),
                () -> gateway.send(C, OutgoingMessage.text("😀".repeat(21))),
                () -> gateway.send(other, OutgoingMessage.text("x")),
                () -> gateway.messages(MessageQuery.of(other).build()),
                () -> gateway.conversations(ConversationQuery.forAccount("ghost").build()),
                () -> gateway.unreadCounts("ghost"),
                () -> gateway.unreadCounts(null),
                () -> gateway.capabilities("ghost"),
                () -> gateway.broadcast(List.of(), OutgoingMessage.text("x")),
                () -> gateway.broadcast(null, OutgoingMessage.text("x")),
                () -> gateway.broadcast(List.of(C), null),
                () -> gateway.broadcast(Collections.nCopies(100_001, C), OutgoingMessage.text("x")),
                () -> gateway.broadcast(List.of(C, other), OutgoingMessage.text("x")),
                () -> gateway.broadcast(List.of(C), OutgoingMessage.text("x".repeat(21))),
                () -> gateway.broadcast(List.of(C), OutgoingMessage.text("x").withIdempotencyKey("k")),
                () -> gateway.broadcast(java.util.Arrays.asList(C, null), OutgoingMessage.text("x")),
                () -> gateway.markRead(List.of()),
                () -> gateway.markRead(java.util.Arrays.asList(C.message("1"), null)),
                () -> gateway.markAllRead("acc", List.of(other)),
                () -> gateway.markAllRead("acc", java.util.Arrays.asList(C, null)),
                () -> gateway.markAllRead("ghost", List.of()),
                () -> gateway.lastActivity(List.of()),
                () -> gateway.setStatus(C, Conversation.Status.UNKNOWN),
                () -> gateway.setStatus(C, null),
                () -> gateway.deleteConversation(null),
                () -> gateway.messages(MessageQuery.of(C).pageSize(-1).build()),
                () -> gateway.send(C, new OutgoingMessage("   ", List.of(), null)));
        for (int i = 0; i < invalid.size(); i++) {
            assertThatThrownBy(invalid.get(i)::run).as("case %d", i).isInstanceOf(InvalidRequestException.class)
                    .satisfies(e -> assertThat(e.getMessage()).endsWith("."));
        }
        assertThat(fake.calls).as("provider calls").hasValue(0);
    }

    @Test
    void should_name_the_configured_accounts_for_an_unknown_one() {
        gateway(FakeProvider.allNative());
        assertThatThrownBy(() -> gateway.unreadCounts("ghost")).hasMessage("Unknown account 'ghost'; configured: acc.");
        assertThat(gateway.accounts()).containsExactly("acc");
        assertThat(gateway.provider("acc")).isEqualTo("fake");
    }

    @Test
    void should_fail_calls_after_close_and_close_twice_quietly() {
        gateway(FakeProvider.allNative());
        gateway.close();
        gateway.close();
        assertThatThrownBy(() -> gateway.unreadCounts("acc")).isInstanceOf(IllegalStateException.class);
    }

    // ------------------------------------------------------------------ paging

    @Test
    void should_fetch_pages_only_when_the_stream_reaches_them() {
        FakeProvider fake = FakeProvider.allNative();
        history(fake, 100, null);
        gateway(fake);
        Page<Message> first = gateway.messages(MessageQuery.of(C).pageSize(10).build());
        assertThat(fake.calls).hasValue(1);
        assertThat(first.stream().limit(25).toList()).hasSize(25);
        assertThat(fake.calls).hasValue(3);
        assertThat(first.hasNext()).isTrue();
        Page<Message> resumed = gateway.messages(MessageQuery.of(C).pageSize(10).build(), first.nextCursor().orElseThrow());
        assertThat(resumed.items().get(0).ref().id()).isEqualTo("10");
    }

    @Test
    void should_stream_a_million_message_history_without_holding_its_pages() {
        FakeProvider fake = FakeProvider.allNative();
        List<WeakReference<List<Message>>> served = new CopyOnWriteArrayList<>();
        history(fake, 1_000_000, served);
        gateway(fake);
        long[] count = {0};
        int[] maxAlive = {0};
        gateway.messages(MessageQuery.of(C).pageSize(100).build()).stream().forEach(m -> {
            if (++count[0] % 250_000 == 0) {
                System.gc();
                int alive = (int) served.stream().filter(r -> r.get() != null).count();
                maxAlive[0] = Math.max(maxAlive[0], alive);
            }
        });
        assertThat(count[0]).isEqualTo(1_000_000);
        assertThat(fake.calls).hasValue(10_000);
        assertThat(maxAlive[0]).as("pages still reachable while streaming").isLessThanOrEqualTo(3);
    }

    @Test
    void should_stop_when_an_adapter_returns_the_same_cursor_again() {
        FakeProvider fake = FakeProvider.allNative();
        fake.messages = (q, cursor) -> CompletableFuture.completedFuture(
                new PageSlice<>(List.of(message(C, 1, "a")), "same"));
        gateway(fake);
        Page<Message> first = gateway.messages(MessageQuery.of(C).build());
        assertThatThrownBy(first::next).isInstanceOf(ProtocolException.class).hasMessageContaining("same page cursor");
    }

    @Test
    void should_apply_local_filters_as_the_plan_says() {
        FakeProvider fake = FakeProvider.allNative();
        history(fake, 50, null);
        gateway(fake);
        MessageQuery q = MessageQuery.of(C).textContains("TEXT 1").sendersNotIn("odd").pageSize(7).build();
        QueryPlan plan = gateway.explain(q);
        assertThat(plan.local()).containsExactlyInAnyOrder(QueryPlan.Filter.TEXT, QueryPlan.Filter.SENDERS_NOT_IN);
        assertThat(gateway.messages(q).stream().map(m -> m.ref().id()).toList())
                .containsExactly("10", "12", "14", "16", "18");

        // the same filters claimed by the provider: the gateway must not apply them again
        fake.messagePlan = query -> new QueryPlan(Set.of(QueryPlan.Filter.TEXT, QueryPlan.Filter.SENDERS_NOT_IN), Set.of(), List.of());
        assertThat(gateway.explain(q).atProvider()).contains(QueryPlan.Filter.TEXT);
        assertThat(gateway.messages(q).stream().count()).isEqualTo(50);

        // local time filters and senders-in
        fake.messagePlan = query -> new QueryPlan(Set.of(), Set.of(QueryPlan.Filter.SINCE, QueryPlan.Filter.UNTIL, QueryPlan.Filter.SENDERS_IN),
                List.of());
        MessageQuery window = MessageQuery.of(C).since(T0.plusSeconds(10)).until(T0.plusSeconds(20)).sendersIn("even").build();
        assertThat(gateway.messages(window).stream().map(m -> m.ref().id()).toList())
                .containsExactly("10", "12", "14", "16", "18");
    }

    @Test
    void should_apply_recipient_and_update_filters_locally_when_an_adapter_plan_places_them_nowhere() {
        FakeProvider fake = FakeProvider.allNative();
        fake.messages = (q, cursor) -> {
            int from = cursor == null ? 0 : Integer.parseInt(cursor);
            int to = Math.min(20, from + q.pageSize());
            List<Message> items = new ArrayList<>();
            for (int i = from; i < to; i++) {
                items.add(Message.builder(q.conversation().message(String.valueOf(i)), FakeProvider.ID)
                        .direction(Message.Direction.OUTBOUND)
                        .author(new Participant(i == 5 ? null : "me", null, Participant.Role.AGENT))
                        .recipient(i % 3 == 0 ? null : new Participant(i % 7 == 0 ? null : "r" + i % 3, null,
                                Participant.Role.CUSTOMER))
                        .sentAt(T0.plusSeconds(i)).updatedAt(i % 2 == 0 ? T0.plusSeconds(100 + i) : null).build());
            }
            return CompletableFuture.completedFuture(new PageSlice<>(items, to < 20 ? String.valueOf(to) : null));
        };
        // a plan written before these filters existed: it places none of them
        fake.messagePlan = query -> new QueryPlan(Set.of(), Set.of(), List.of());
        gateway(fake);
        MessageQuery q = MessageQuery.of(C).recipientsIn("r1").updatedSince(T0.plusSeconds(104))
                .updatedUntil(T0.plusSeconds(117)).sendersIn("me").pageSize(3).build();
        assertThat(gateway.explain(q).local()).containsExactlyInAnyOrder(QueryPlan.Filter.RECIPIENTS_IN,
                QueryPlan.Filter.UPDATED_SINCE, QueryPlan.Filter.UPDATED_UNTIL, QueryPlan.Filter.SENDERS_IN);
        assertThat(gateway.explain(q).explain()).contains("locally: [SENDERS_IN, RECIPIENTS_IN, UPDATED_SINCE, UPDATED_UNTIL]");
        // even, in [4, 17), i % 3 == 1, recipient id known (not 7 or 14)
        assertThat(gateway.messages(q).stream().map(m -> m.ref().id()).toList()).containsExactly("4", "10", "16");
        // not-in keeps messages without a recipient or without its id; a sender without id is not "me"
        MessageQuery notTo = MessageQuery.of(C).recipientsNotIn("r1", "r2").sendersNotIn("nobody").pageSize(4).build();
        assertThat(gateway.messages(notTo).stream().map(m -> m.ref().id()).toList())
                .containsExactly("0", "3", "6", "7", "9", "12", "14", "15", "18");
        assertThat(gateway.messages(MessageQuery.of(C).sendersIn("me").build()).stream().count()).isEqualTo(19);
        // the provider claims them: not applied again
        fake.messagePlan = query -> new QueryPlan(EnumSet.of(QueryPlan.Filter.RECIPIENTS_NOT_IN), Set.of(), List.of());
        assertThat(gateway.messages(notTo).stream().count()).isEqualTo(20);
    }

    @Test
    void should_skip_pages_emptied_by_local_filters_without_deep_recursion() {
        FakeProvider fake = FakeProvider.allNative();
        history(fake, 30_001, null);
        gateway(fake);
        MessageQuery q = MessageQuery.of(C).textContains("text 30000").pageSize(1).build();
        assertThat(gateway.messages(q).stream().map(m -> m.ref().id()).toList()).containsExactly("30000");
    }

    @Test
    void should_clamp_page_sizes_to_the_provider_maximum() {
        FakeProvider fake = FakeProvider.with(Map.of(), 25, 100, 10);
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        fake.messages = (q, c) -> {
            sizes.add(q.pageSize());
            return CompletableFuture.completedFuture(PageSlice.last(List.of()));
        };
        gateway(fake);
        gateway.messages(MessageQuery.of(C).pageSize(1000).build());
        gateway.messages(MessageQuery.of(C).build());
        gateway.messages(MessageQuery.of(C).pageSize(7).build());
        assertThat(sizes).containsExactly(25, 25, 7);
    }

    // ------------------------------------------------------------------ broadcast

    @Test
    void should_fan_out_an_emulated_broadcast_with_bounded_concurrency() {
        FakeProvider fake = FakeProvider.with(Map.of(Capability.BROADCAST, Capability.Support.EMULATED), 10, 100, 10);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        fake.send = (to, m) -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            return CompletableFuture.supplyAsync(() -> {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                inFlight.decrementAndGet();
                if (to.id().equals("c13")) {
                    throw new NotFoundException("No chat c13.", ErrorDetails.of("acc", "fake", Operation.SEND));
                }
                return new SendResult(to.message("m-" + to.id()), null, null, false);
            });
        };
        gateway(fake, ResiliencePolicy.custom().broadcastConcurrency(4).build());
        List<ConversationRef> to = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            to.add(new ConversationRef("acc", "c" + i));
        }
        List<ConversationRef> withDuplicates = new ArrayList<>(to);
        withDuplicates.add(to.get(0));
        BroadcastResult result = gateway.broadcast(withDuplicates, OutgoingMessage.text("hello all"));
        assertThat(result.outcomes()).extracting(BroadcastResult.RecipientOutcome::conversation).containsExactlyElementsOf(to);
        assertThat(maxInFlight.get()).isBetween(1, 4);
        assertThat(fake.calls).hasValue(60);
        assertThat(result.failed()).singleElement().satisfies(o -> {
            assertThat(o.conversation().id()).isEqualTo("c13");
            assertThat(o.error()).isInstanceOf(NotFoundException.class);
        });
        assertThat(result.sent().get(0).message()).isEqualTo(to.get(0).message("m-c0"));
    }

    @Test
    void should_chunk_a_native_broadcast_and_give_every_recipient_an_outcome() {
        FakeProvider fake = FakeProvider.with(Map.of(), 10, 100, 3);
        List<List<ConversationRef>> chunks = new CopyOnWriteArrayList<>();
        fake.broadcast = (rs, m) -> {
            chunks.add(rs);
            if (rs.get(0).id().equals("c3")) {
                return CompletableFuture.failedFuture(new NotFoundException("Chunk refused.", ErrorDetails.of("acc", "fake", Operation.BROADCAST)));
            }
            // the provider forgets to mention c7
            return CompletableFuture.completedFuture(rs.stream().filter(r -> !r.id().equals("c7"))
                    .map(r -> BroadcastResult.RecipientOutcome.sent(r, r.message("b-" + r.id()))).toList());
        };
        gateway(fake);
        List<ConversationRef> to = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            to.add(new ConversationRef("acc", "c" + i));
        }
        BroadcastResult result = gateway.broadcast(to, OutgoingMessage.text("storm"));
        assertThat(chunks).extracting(List::size).containsExactly(3, 3, 3, 1);
        assertThat(result.outcomes()).extracting(BroadcastResult.RecipientOutcome::conversation).containsExactlyElementsOf(to);
        assertThat(result.failed()).extracting(o -> o.conversation().id()).containsExactly("c3", "c4", "c5", "c7");
        assertThat(result.failed().get(0).error()).isInstanceOf(NotFoundException.class);
        assertThat(result.failed().get(3).error()).isInstanceOf(DeliveryUncertainException.class)
                .satisfies(e -> assertThat(((DeliveryUncertainException) e).conversation()).hasValue(to.get(7)));
    }

    @Test
    void should_group_multi_account_calls_by_account() {
        FakeProvider a = FakeProvider.allNative();
        List<List<MessageRef>> marked = new CopyOnWriteArrayList<>();
        gateway = ChatGateway.builder().providers(a.factory())
                .account("acc", new FakeProvider.Config()).account("acc2", new FakeProvider.Config())
                .clock(time).sleeper(time).build();
        ConversationRef c2 = new ConversationRef("acc2", "x");
        gateway.markRead(List.of(C.message("1"), c2.message("2"), C.message("1")));
        assertThat(a.calls).hasValue(2);
        assertThat(marked).isEmpty();
        assertThat(gateway.lastActivity(List.of(C, c2))).isEmpty();
    }
}
