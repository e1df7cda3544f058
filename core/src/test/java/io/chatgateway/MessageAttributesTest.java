package io.chatgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageAttributesTest {

    private static Message.Builder builder() {
        return Message.builder(new ConversationRef("a", "c").message("m"), "p").direction(Message.Direction.INBOUND);
    }

    @Test
    void should_keep_a_sole_attribute_and_let_a_later_write_of_the_same_key_win() {
        Message m = builder().attribute("k", 1).attribute("k", 2).build();
        assertThat(m.attributes()).containsExactly(Map.entry("k", 2));
        assertThatThrownBy(() -> m.attributes().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void should_keep_every_attribute_in_the_order_written_when_there_are_several() {
        Map<String, Object> more = new LinkedHashMap<>();
        more.put("c", 3);
        more.put("d", null);
        Message m = builder().attribute("a", 1).attribute("b", "two").attributes(more).build();
        assertThat(m.attributes()).containsExactly(Map.entry("a", 1), Map.entry("b", "two"), Map.entry("c", 3),
                new java.util.AbstractMap.SimpleEntry<>("d", null));
    }

    @Test
    void should_build_the_next_message_on_one_builder_with_nothing_of_the_previous_and_leave_it_unchanged() {
        Message.Builder b = builder().author(new Participant("u", "U", Participant.Role.AGENT)).text("one")
                .sentAt(java.time.Instant.EPOCH).delivery(DeliveryStatus.READ).attribute("a", 1).attribute("b", 2)
                .attribute("c", 3).attribute("d", 4).attribute("e", 5);
        Message first = b.build();
        MessageRef second = new ConversationRef("a", "c").message("n");
        Message next = b.next(second).direction(Message.Direction.OUTBOUND).attribute("x", 9).build();
        Message third = b.next(new ConversationRef("a", "c").message("o")).direction(Message.Direction.INBOUND)
                .attribute("y", 1).attribute("z", 2).build();

        assertThat(next).isEqualTo(Message.builder(second, "p").direction(Message.Direction.OUTBOUND).attribute("x", 9).build());
        assertThat(third.attributes()).containsExactly(Map.entry("y", 1), Map.entry("z", 2));
        assertThat(first.ref().id()).isEqualTo("m");
        assertThat(first.text()).isEqualTo("one");
        assertThat(first.attributes()).containsExactly(Map.entry("a", 1), Map.entry("b", 2), Map.entry("c", 3),
                Map.entry("d", 4), Map.entry("e", 5));
    }

    @Test
    void should_keep_a_sole_null_attribute() {
        Message m = builder().attribute("k", null).build();
        assertThat(m.attributes()).containsKey("k").hasSize(1);
        assertThat(m.attributes().get("k")).isNull();
    }

    @Test
    void should_not_change_a_built_message_when_its_builder_writes_again() {
        Message.Builder b = builder().attribute("a", 1);
        Message first = b.build();
        Message second = b.attribute("b", 2).build();
        Message third = b.attribute("c", 3).build();
        assertThat(first.attributes()).containsOnlyKeys("a");
        assertThat(second.attributes()).containsOnlyKeys("a", "b");
        assertThat(third.attributes()).containsOnlyKeys("a", "b", "c");
        assertThat(first.toBuilder().build()).isEqualTo(first);
    }

    @Test
    void should_refuse_every_change_to_the_attributes_of_a_built_message() {
        Message m = builder().attribute("a", 1).attribute("b", 2).attribute("c", null).build();
        Map<String, Object> a = m.attributes();
        assertThatThrownBy(() -> a.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> a.put("a", 9)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> a.remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(a::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> a.putAll(Map.of("y", 2))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> a.entrySet().iterator().next().setValue(5)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> {
            var it = a.keySet().iterator();
            it.next();
            it.remove();
        }).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> a.replaceAll((k, v) -> 0)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(a).containsExactly(Map.entry("a", 1), Map.entry("b", 2), new java.util.AbstractMap.SimpleEntry<>("c", null));
    }

    @Test
    void should_find_and_overwrite_attributes_by_name_among_many_and_equal_an_ordinary_map() {
        Message.Builder b = builder();
        Map<String, Object> expected = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            b.attribute("k" + i, i);
            expected.put("k" + i, i);
        }
        b.attribute("k7", "seven").attribute("k30", null);
        expected.put("k7", "seven");
        expected.put("k30", null);
        Map<String, Object> a = b.build().attributes();
        assertThat(a).hasSize(40).containsEntry("k7", "seven").containsEntry("k39", 39).containsKey("k30")
                .doesNotContainKey("k40").doesNotContainKey(null);
        assertThat(a.get("k30")).isNull();
        assertThat(List.copyOf(a.keySet())).isEqualTo(List.copyOf(expected.keySet()));
        assertThat(a).isEqualTo(expected);
        assertThat(expected).isEqualTo(a);
        assertThat(a.hashCode()).isEqualTo(expected.hashCode());
        assertThat(a.toString()).isEqualTo(expected.toString());
    }

    @Test
    void should_copy_a_callers_map_once_so_that_later_changes_do_not_show() {
        Map<String, Object> mine = new LinkedHashMap<>();
        mine.put("a", 1);
        mine.put("b", 2);
        Message.Attachment m = new Message.Attachment("id", MessageKind.FILE, null, null, null, null, mine);
        mine.put("c", 3);
        assertThat(m.attributes()).containsExactly(Map.entry("a", 1), Map.entry("b", 2));
        assertThatThrownBy(() -> m.attributes().put("d", 4)).isInstanceOf(UnsupportedOperationException.class);
    }
}
