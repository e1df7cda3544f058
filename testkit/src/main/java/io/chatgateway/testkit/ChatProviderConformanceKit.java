package io.chatgateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.chatgateway.Capability;
import io.chatgateway.ChatGateway;
import io.chatgateway.ChatGatewayException;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationQuery;
import io.chatgateway.ConversationRef;
import io.chatgateway.ConversationUnavailableException;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.Message;
import io.chatgateway.MessageQuery;
import io.chatgateway.MessageRef;
import io.chatgateway.NotFoundException;
import io.chatgateway.OutgoingMessage;
import io.chatgateway.Page;
import io.chatgateway.ProviderUnavailableException;
import io.chatgateway.QueryPlan;
import io.chatgateway.SendResult;
import io.chatgateway.UnsupportedCapabilityException;
import io.chatgateway.spi.LocalFilters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The conformance kit: behaviour every adapter must show, as abstract JUnit 5 tests (the idea of
 * LangChain4j's {@code AbstractBaseChatModelIT}). An adapter module extends this class, implements
 * {@link #createTarget()} against its simulator, and inherits every test. A capability the adapter does
 * not support is skipped with {@code assumeTrue}, never by overriding a test with an empty body.
 */
public abstract class ChatProviderConformanceKit {

    /** Messages in the conversation the paging tests walk. */
    protected static final int HISTORY = 23;

    /** The target of the running test. */
    protected ConformanceTarget target;

    /** @return a fresh target: a running simulator and a gateway pointed at it */
    protected abstract ConformanceTarget createTarget();

    @BeforeEach
    void startTarget() {
        target = createTarget();
    }

    @AfterEach
    void stopTarget() {
        if (target != null) {
            target.close();
        }
    }

    /** @return the gateway under test */
    protected ChatGateway gateway() {
        return target.gateway();
    }

    /**
     * @param capability a capability
     * @return whether the account supports it (natively or emulated)
     */
    protected boolean supports(Capability capability) {
        return gateway().capabilities(target.account()).get(capability) != Capability.Support.UNSUPPORTED;
    }

    /** @return the target's fault injection; the calling test is skipped (assumption) when it has none */
    protected ConformanceTarget.Faults faults() {
        Optional<ConformanceTarget.Faults> faults = target.faults();
        assumeTrue(faults.isPresent(), "the target has no fault injection");
        return faults.get();
    }

    // ------------------------------------------------------------------ paging

    @Test
    void should_page_every_message_exactly_once_oldest_first_with_page_size_1() {
        assertPagesExactlyOnce(MessageQuery.Order.ASCENDING, 1);
    }

    @Test
    void should_page_every_message_exactly_once_oldest_first_with_page_size_7() {
        assertPagesExactlyOnce(MessageQuery.Order.ASCENDING, 7);
    }

    @Test
    void should_page_every_message_exactly_once_oldest_first_with_the_maximum_page_size() {
        assertPagesExactlyOnce(MessageQuery.Order.ASCENDING, target.maxPageSize());
    }

    @Test
    void should_page_every_message_exactly_once_newest_first_with_page_size_1() {
        assertPagesExactlyOnce(MessageQuery.Order.DESCENDING, 1);
    }

    @Test
    void should_page_every_message_exactly_once_newest_first_with_page_size_7() {
        assertPagesExactlyOnce(MessageQuery.Order.DESCENDING, 7);
    }

    @Test
    void should_page_every_message_exactly_once_newest_first_with_the_maximum_page_size() {
        assertPagesExactlyOnce(MessageQuery.Order.DESCENDING, target.maxPageSize());
    }

    private void assertPagesExactlyOnce(MessageQuery.Order order, int pageSize) {
        assumeTrue(supports(Capability.LIST_MESSAGES));
        ConversationRef conversation = target.conversationWithInboundMessages(HISTORY);
        MessageQuery query = MessageQuery.of(conversation).order(order).pageSize(pageSize).build();
        List<String> texts = new ArrayList<>();
        Set<MessageRef> refs = new HashSet<>();
        int pages = 0;
        for (Page<Message> page = gateway().messages(query); ; page = page.next()) {
            pages++;
            assertThat(page.items().size()).as("page size").isLessThanOrEqualTo(pageSize);
            for (Message m : page.items()) {
                assertThat(refs.add(m.ref())).as("message %s returned twice", m.ref()).isTrue();
                texts.add(m.text());
            }
            if (!page.hasNext()) {
                break;
            }
            assertThat(pages).as("pages").isLessThanOrEqualTo(HISTORY + 2);
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < HISTORY; i++) {
            expected.add("msg-" + i);
        }
        if (order == MessageQuery.Order.DESCENDING) {
            java.util.Collections.reverse(expected);
        }
        assertThat(texts).containsExactlyElementsOf(expected);
        assertThat(gateway().messages(query).stream().map(Message::text).toList()).containsExactlyElementsOf(expected);
    }

    // ------------------------------------------------------------------ neutral filters

    /**
     * Recipient and update-time filters mean the same everywhere: wherever the plan runs them (at the provider, in
     * the adapter or locally), with any page size, the answer is exactly the full history filtered by the neutral
     * meaning ({@link LocalFilters}), in order, nothing lost and nothing twice.
     */
    @Test
    void should_give_the_neutral_answer_to_recipient_and_update_time_filters() {
        assumeTrue(supports(Capability.LIST_MESSAGES));
        ConversationRef conversation = target.conversationWithInboundMessages(4);
        if (supports(Capability.SEND)) {
            SendResult reply = gateway().send(conversation, OutgoingMessage.text("kit reply to filter"));
            target.inbound().ifPresent(in -> {
                try {
                    in.deliver(reply.message());
                } catch (UnsupportedOperationException e) {
                    // the target cannot move delivery: the reply keeps the update time it has
                }
            });
        }
        List<Message> all = gateway().messages(MessageQuery.of(conversation).build()).stream().toList();
        Set<String> ids = new java.util.TreeSet<>(List.of("999999991", "kit-nobody"));
        List<java.time.Instant> times = new ArrayList<>();
        for (Message m : all) {
            if (m.recipient() != null && m.recipient().id() != null) {
                ids.add(m.recipient().id());
            }
            if (m.author() != null && m.author().id() != null) {
                ids.add(m.author().id());
            }
            if (m.updatedAt() != null) {
                times.add(m.updatedAt());
            }
            if (m.sentAt() != null) {
                times.add(m.sentAt());
            }
        }
        java.time.Instant first = times.stream().min(java.time.Instant::compareTo).orElse(java.time.Instant.EPOCH);
        java.time.Instant last = times.stream().max(java.time.Instant::compareTo).orElse(java.time.Instant.EPOCH);
        List<MessageQuery.Builder> queries = new ArrayList<>();
        for (String id : ids) {
            queries.add(MessageQuery.of(conversation).recipientsIn(id));
            queries.add(MessageQuery.of(conversation).recipientsNotIn(id).newestFirst());
        }
        queries.add(MessageQuery.of(conversation).recipientsIn(ids.toArray(String[]::new)));
        queries.add(MessageQuery.of(conversation).updatedSince(first));
        queries.add(MessageQuery.of(conversation).updatedSince(last).newestFirst());
        queries.add(MessageQuery.of(conversation).updatedSince(first.plusMillis(1)));
        queries.add(MessageQuery.of(conversation).updatedUntil(last));
        queries.add(MessageQuery.of(conversation).updatedSince(first).updatedUntil(last.plusSeconds(1)));
        for (MessageQuery.Builder b : queries) {
            for (int pageSize : new int[] {1, 0}) {
                MessageQuery q = b.pageSize(pageSize).build();
                List<Message> ordered = new ArrayList<>(all);
                if (q.order() == MessageQuery.Order.DESCENDING) {
                    java.util.Collections.reverse(ordered);
                }
                List<MessageRef> expected = ordered.stream()
                        .filter(LocalFilters.messages(q, java.util.EnumSet.allOf(QueryPlan.Filter.class)))
                        .map(Message::ref).toList();
                List<MessageRef> got = gateway().messages(q).stream().map(Message::ref).toList();
                assertThat(got).as("%s (plan: %s)", q, gateway().explain(q).explain()).containsExactlyElementsOf(expected);
            }
        }
        assertThatThrownBy(() -> MessageQuery.of(conversation).updatedSince(last).updatedUntil(first).build())
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> MessageQuery.of(conversation).recipientsIn(" ").build())
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void should_mark_received_messages_inbound_and_sent_ones_outbound() {
        assumeTrue(supports(Capability.LIST_MESSAGES) && supports(Capability.SEND));
        ConversationRef conversation = target.conversationWithInboundMessages(2);
        SendResult sent = gateway().send(conversation, OutgoingMessage.text("conformance reply ✓"));
        assertThat(sent.message().conversation()).isEqualTo(conversation);
        List<Message> all = gateway().messages(MessageQuery.of(conversation).build()).stream().toList();
        assertThat(all).filteredOn(m -> m.text().startsWith("msg-")).allMatch(m -> m.direction() == Message.Direction.INBOUND);
        Message reply = all.stream().filter(m -> m.ref().equals(sent.message())).findFirst().orElseThrow(
                () -> new AssertionError("sent message " + sent.message() + " not listed in " + all));
        assertThat(reply.direction()).isEqualTo(Message.Direction.OUTBOUND);
        assertThat(reply.text()).isEqualTo("conformance reply ✓");
        assertThat(reply.provider()).isEqualTo(gateway().provider(target.account()));
    }

    @Test
    void should_return_one_message_by_reference_as_listed() {
        assumeTrue(supports(Capability.LIST_MESSAGES) && supports(Capability.GET_MESSAGE));
        ConversationRef conversation = target.conversationWithInboundMessages(3);
        Message listed = gateway().messages(MessageQuery.of(conversation).build()).items().get(1);
        assertThat(gateway().message(listed.ref())).hasValueSatisfying(m -> {
            assertThat(m.ref()).isEqualTo(listed.ref());
            assertThat(m.text()).isEqualTo(listed.text());
            assertThat(m.direction()).isEqualTo(listed.direction());
        });
    }

    // ------------------------------------------------------------------ read state

    @Test
    void should_not_change_read_state_when_listing() {
        assumeTrue(supports(Capability.LIST_MESSAGES) && supports(Capability.UNREAD_COUNTS));
        ConversationRef conversation = target.conversationWithInboundMessages(5);
        long before = unread(conversation);
        assertThat(before).isEqualTo(5);
        gateway().messages(MessageQuery.of(conversation).build()).stream().forEach(m -> { });
        gateway().messages(MessageQuery.of(conversation).newestFirst().pageSize(2).build()).stream().forEach(m -> { });
        assertThat(unread(conversation)).isEqualTo(before);
    }

    @Test
    void should_agree_between_mark_read_and_unread_counts() {
        assumeTrue(supports(Capability.LIST_MESSAGES) && supports(Capability.MARK_READ)
                && supports(Capability.UNREAD_COUNTS));
        ConversationRef conversation = target.conversationWithInboundMessages(4);
        List<Message> all = gateway().messages(MessageQuery.of(conversation).build()).stream().toList();
        gateway().markRead(List.of(all.get(0).ref(), all.get(1).ref()));
        assertThat(unread(conversation)).isEqualTo(2);
    }

    @Test
    void should_clear_unread_count_with_mark_all_read() {
        assumeTrue(supports(Capability.MARK_ALL_READ) && supports(Capability.UNREAD_COUNTS));
        ConversationRef conversation = target.conversationWithInboundMessages(3);
        gateway().markAllRead(target.account(), List.of(conversation));
        assertThat(unread(conversation)).isZero();
    }

    @Test
    void should_list_only_conversations_with_unread_messages_in_unread_counts() {
        assumeTrue(supports(Capability.UNREAD_COUNTS) && supports(Capability.MARK_ALL_READ));
        ConversationRef unread = target.conversationWithInboundMessages(2);
        ConversationRef read = target.conversationWithInboundMessages(1);
        gateway().markAllRead(target.account(), List.of(read));
        Map<ConversationRef, Long> counts = gateway().unreadCounts(target.account());
        assertThat(counts).containsEntry(unread, 2L).doesNotContainKey(read);
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isPositive());
    }

    private long unread(ConversationRef conversation) {
        return gateway().unreadCounts(target.account()).getOrDefault(conversation, 0L);
    }

    // ------------------------------------------------------------------ conversations, sends

    @Test
    void should_list_a_conversation_that_has_messages() {
        assumeTrue(supports(Capability.LIST_CONVERSATIONS));
        ConversationRef conversation = target.conversationWithInboundMessages(1);
        List<ConversationRef> listed = gateway().conversations(ConversationQuery.forAccount(target.account()).build())
                .stream().map(c -> c.ref()).toList();
        assertThat(listed).contains(conversation).doesNotHaveDuplicates();
    }

    @Test
    void should_send_once_per_idempotency_key() {
        assumeTrue(supports(Capability.SEND));
        ConversationRef conversation = target.conversationWithInboundMessages(1);
        OutgoingMessage message = OutgoingMessage.text("only once").withIdempotencyKey("kit-key-1");
        SendResult first = gateway().send(conversation, message);
        int requests = target.requestCount();
        SendResult second = gateway().send(conversation, message);
        assertThat(target.requestCount()).isEqualTo(requests);
        assertThat(second.message()).isEqualTo(first.message());
        assertThat(second.replayed()).isTrue();
    }

    @Test
    void should_report_an_outcome_per_broadcast_recipient() {
        assumeTrue(supports(Capability.BROADCAST));
        ConversationRef a = target.conversationWithInboundMessages(1);
        ConversationRef b = target.conversationWithInboundMessages(1);
        var result = gateway().broadcast(List.of(a, b, a), OutgoingMessage.text("to all"));
        assertThat(result.outcomes()).extracting(o -> o.conversation()).containsExactly(a, b);
        assertThat(result.allSent()).isTrue();
    }

    @Test
    void should_serve_healthy_conversations_when_one_named_with_them_is_unavailable() {
        Optional<ConversationRef> unavailable = target.unavailableConversation();
        assumeTrue(unavailable.isPresent());
        ConversationRef bad = unavailable.get();
        ConversationRef good = target.conversationWithInboundMessages(1);
        if (supports(Capability.LIST_CONVERSATIONS)) {
            List<Conversation> listed = gateway().conversations(ConversationQuery.forAccount(target.account()).build())
                    .stream().toList();
            assertThat(listed).extracting(Conversation::ref).contains(good, bad);
            assertThat(listed).filteredOn(c -> c.ref().equals(good)).singleElement()
                    .satisfies(c -> assertThat(c.lastMessageAt()).isNotNull());
        }
        if (supports(Capability.LAST_ACTIVITY)) {
            assertThat(gateway().lastActivity(List.of(bad, good))).containsKey(good).doesNotContainKey(bad);
        }
        if (supports(Capability.BROADCAST)) {
            var result = gateway().broadcast(List.of(good, bad), OutgoingMessage.text("partial broadcast"));
            assertThat(result.outcomes().get(0).isSent()).isTrue();
            assertThat(result.outcomes().get(1).error()).isInstanceOf(ConversationUnavailableException.class);
            if (supports(Capability.LIST_MESSAGES)) {
                assertThat(gateway().messages(MessageQuery.of(good).build()).stream()
                        .filter(m -> "partial broadcast".equals(m.text())).count()).as("copies sent").isEqualTo(1);
            }
        }
    }

    // ------------------------------------------------------------------ errors and capabilities

    @Test
    void should_reject_blank_text_before_any_request() {
        assumeTrue(supports(Capability.SEND));
        ConversationRef conversation = target.conversationWithInboundMessages(1);
        int before = target.requestCount();
        assertThatThrownBy(() -> gateway().send(conversation, new OutgoingMessage("  ", List.of(), null)))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(target.requestCount()).isEqualTo(before);
    }

    @Test
    void should_map_an_unknown_conversation_to_not_found() {
        assumeTrue(supports(Capability.LIST_MESSAGES));
        assertThatThrownBy(() -> gateway().messages(MessageQuery.of(target.unknownConversation()).build()))
                .isInstanceOf(NotFoundException.class)
                .satisfies(e -> assertThat(((ChatGatewayException) e).account()).hasValue(target.account()));
    }

    @Test
    void should_recover_a_read_from_one_server_error() {
        assumeTrue(supports(Capability.LIST_MESSAGES));
        ConformanceTarget.Faults faults = faults();
        ConversationRef conversation = target.conversationWithInboundMessages(2);
        faults.failNextRequests(1);
        assertThat(gateway().messages(MessageQuery.of(conversation).build()).stream().count()).isEqualTo(2);
    }

    @Test
    void should_fail_a_read_with_provider_unavailable_when_the_server_keeps_failing() {
        assumeTrue(supports(Capability.LIST_MESSAGES));
        ConformanceTarget.Faults faults = faults();
        ConversationRef conversation = target.conversationWithInboundMessages(1);
        faults.failNextRequests(20);
        assertThatThrownBy(() -> gateway().messages(MessageQuery.of(conversation).build()))
                .isInstanceOf(ProviderUnavailableException.class);
        faults.clear();
    }

    @ParameterizedTest
    @EnumSource(Capability.class)
    void should_throw_unsupported_capability_before_any_request(Capability capability) {
        assumeTrue(gateway().capabilities(target.account()).get(capability) == Capability.Support.UNSUPPORTED);
        ConversationRef conversation = new ConversationRef(target.account(), "1");
        int before = target.requestCount();
        assertThatThrownBy(() -> invoke(capability, conversation))
                .isInstanceOf(UnsupportedCapabilityException.class)
                .hasMessageContaining(target.account());
        assertThat(target.requestCount()).isEqualTo(before);
    }

    private void invoke(Capability capability, ConversationRef c) {
        ChatGateway g = gateway();
        String account = target.account();
        Map<Capability, Consumer<ChatGateway>> calls = Map.ofEntries(
                Map.entry(Capability.LIST_CONVERSATIONS, x -> x.conversations(ConversationQuery.forAccount(account).build())),
                Map.entry(Capability.LIST_MESSAGES, x -> x.messages(MessageQuery.of(c).build())),
                Map.entry(Capability.GET_MESSAGE, x -> x.message(c.message("1"))),
                Map.entry(Capability.SEND, x -> x.send(c, OutgoingMessage.text("x"))),
                Map.entry(Capability.SEND_ATTACHMENT, x -> x.send(c, OutgoingMessage.text("x").withAttachment(
                        new io.chatgateway.OutgoingMessage.Attachment("a.txt", "text/plain", io.chatgateway.MessageKind.FILE, new byte[] {1})))),
                Map.entry(Capability.BROADCAST, x -> x.broadcast(List.of(c), OutgoingMessage.text("x"))),
                Map.entry(Capability.MARK_READ, x -> x.markRead(List.of(c.message("1")))),
                Map.entry(Capability.MARK_ALL_READ, x -> x.markAllRead(account, List.of())),
                Map.entry(Capability.UNREAD_COUNTS, x -> x.unreadCounts(account)),
                Map.entry(Capability.LAST_ACTIVITY, x -> x.lastActivity(List.of(c))),
                Map.entry(Capability.SET_STATUS, x -> x.setStatus(c, Conversation.Status.CLOSED)),
                Map.entry(Capability.DELETE_CONVERSATION, x -> x.deleteConversation(c)));
        calls.get(capability).accept(g);
    }
}
