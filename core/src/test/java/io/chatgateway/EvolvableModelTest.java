package io.chatgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EvolvableModelTest {

    private static final ConversationRef C = new ConversationRef("acc", "1");
    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void should_build_a_conversation_without_positional_arguments_and_copy_it_with_changes() {
        Conversation c = Conversation.builder(C, "p").title("Truck 7").unreadCount(3L).lastMessageAt(T)
                .assignee(new Participant("op1", "Ann", Participant.Role.AGENT)).attribute("k", "v").build();
        assertThat(c.status()).isEqualTo(Conversation.Status.UNKNOWN);
        assertThat(c.attributes()).containsEntry("k", "v");
        Conversation read = c.toBuilder().unreadCount(0L).build();
        assertThat(read).isEqualTo(new Conversation(C, "p", "Truck 7", Conversation.Status.UNKNOWN, 0L, T,
                new Participant("op1", "Ann", Participant.Role.AGENT), Map.of("k", "v")));
        assertThatThrownBy(() -> Conversation.builder(C, "p").unreadCount(-1L).build())
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void should_copy_messages_and_queries_with_changes() {
        Message m = Message.builder(C.message("9"), "p").direction(Message.Direction.INBOUND).text("hi").sentAt(T).build();
        assertThat(m.toBuilder().readStatus(Message.ReadStatus.READ).build())
                .isEqualTo(new Message(C.message("9"), "p", Message.Direction.INBOUND, null, "hi", MessageKind.TEXT, T, null,
                        DeliveryStatus.UNKNOWN, Message.ReadStatus.READ, null, null));
        MessageQuery q = MessageQuery.of(C).since(T).sendersIn("a").newestFirst().build();
        assertThat(q.withPageSize(50)).isEqualTo(q.toBuilder().pageSize(50).build());
        assertThat(q.withPageSize(50).sendersIn()).containsExactly("a");
        ProviderQuery typed = () -> "p";
        MessageQuery withTyped = q.toBuilder().providerQuery(typed).build();
        assertThat(withTyped.withPageSize(5).providerQuery()).isSameAs(typed);
        assertThat(withTyped.toBuilder().build()).isEqualTo(withTyped);
        assertThat(new MessageQuery(C, T, null, null, null, null, null, 0).providerQuery()).isNull();
        ConversationQuery cq = ConversationQuery.forAccount("acc").status(Conversation.Status.OPEN).providerFilter("x", "y").build();
        assertThat(cq.withPageSize(7)).isEqualTo(cq.toBuilder().pageSize(7).build());
        assertThat(cq.withPageSize(7).providerFilters()).containsEntry("x", "y");
        assertThatThrownBy(() -> cq.withPageSize(-1)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void should_validate_and_copy_recipient_and_update_time_filters() {
        MessageQuery q = MessageQuery.of(C).recipientsIn("7", "8").recipientsNotIn("9").updatedSince(T)
                .updatedUntil(T.plusSeconds(60)).build();
        assertThat(q.toBuilder().build()).isEqualTo(q);
        assertThat(q.withPageSize(5).recipientsIn()).containsExactlyInAnyOrder("7", "8");
        assertThat(q.withPageSize(5).updatedUntil()).isEqualTo(T.plusSeconds(60));
        assertThat(q).isNotEqualTo(q.toBuilder().updatedSince(null).build());
        assertThat(new MessageQuery(C, T, null, null, null, null, null, 0, null).recipientsIn()).isEmpty();
        assertThatThrownBy(() -> MessageQuery.of(C).updatedSince(T).updatedUntil(T).build())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("updatedSince");
        assertThatThrownBy(() -> MessageQuery.of(C).recipientsIn("7", " ").build())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("recipientsIn");
        assertThatThrownBy(() -> MessageQuery.of(C).recipientsNotIn((String) null).build())
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("recipientsNotIn");
        Participant to = new Participant("42", null, Participant.Role.CUSTOMER);
        Message m = Message.builder(C.message("9"), "p").direction(Message.Direction.OUTBOUND).recipient(to).build();
        assertThat(m.toBuilder().text("x").build().recipient()).isEqualTo(to);
    }

    @Test
    void should_give_every_operation_a_stable_distinct_name() {
        assertThat(Operation.SEND.id()).isEqualTo("send");
        assertThat(Operation.MARK_READ.id()).isEqualTo("markRead");
        assertThat(Operation.SEND).hasToString("send");
        Set<String> ids = Arrays.stream(Operation.values()).map(Operation::id).collect(Collectors.toSet());
        assertThat(ids).hasSize(Operation.values().length);
        for (Operation o : Operation.values()) {
            assertThat(Operation.fromId(o.id())).isSameAs(o);
        }
        assertThatThrownBy(() -> Operation.fromId("nope")).hasMessageContaining("send");
        for (Capability c : Capability.values()) {
            assertThat(c.operation()).isNotNull();
        }
    }

    @Test
    void should_carry_a_typed_authentication_reason() {
        ErrorDetails d = ErrorDetails.of("acc", "p", Operation.AUTHENTICATE);
        assertThat(new AuthenticationException("No.", d).reason()).isEqualTo(AuthenticationException.Reason.REJECTED);
        assertThat(new AuthenticationException(AuthenticationException.Reason.EXPIRED, "Gone.", d, null).reason())
                .isEqualTo(AuthenticationException.Reason.EXPIRED);
    }

    @Test
    void should_say_the_problem_of_a_resilience_setting_without_its_context() {
        assertThatThrownBy(() -> ResiliencePolicy.custom().maxAttempts(0))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
                    assertThat(e.getMessage()).startsWith("Resilience policy: ");
                    assertThat(e.problem()).hasValueSatisfying(p -> assertThat(p).startsWith("maxAttempts must be"));
                });
    }
}
