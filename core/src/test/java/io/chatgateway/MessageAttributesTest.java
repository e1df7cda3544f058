package io.chatgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
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
}
