package io.chatgateway.smsbat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.MessageQuery;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CursorsTest {

    @Test
    void should_round_trip_chat_cursors() {
        Cursors.ChatCursor c = new Cursors.ChatCursor(4, Set.of("11", "12"));
        assertThat(Cursors.decodeChats(Cursors.encode(c), ErrorDetails.NONE)).isEqualTo(c);
        assertThat(Cursors.encode(c)).doesNotContain("|");
    }

    @Test
    void should_round_trip_message_cursors_and_check_the_order() {
        Cursors.MessageKey k = new Cursors.MessageKey(MessageQuery.Order.DESCENDING, Long.MIN_VALUE, "x|y");
        assertThat(Cursors.decodeMessages(Cursors.encode(k), MessageQuery.Order.DESCENDING, ErrorDetails.NONE)).isEqualTo(k);
        assertThatThrownBy(() -> Cursors.decodeMessages(Cursors.encode(k), MessageQuery.Order.ASCENDING, ErrorDetails.NONE))
                .isInstanceOf(InvalidRequestException.class).hasMessage("The page cursor is not a cursor this account issued.");
    }

    @Test
    void should_reject_garbage_cursors() {
        for (String bad : new String[] {"%%%", "YWJj", Cursors.encode(new Cursors.ChatCursor(1, Set.of()))}) {
            assertThatThrownBy(() -> Cursors.decodeMessages(bad, MessageQuery.Order.ASCENDING, ErrorDetails.NONE)).isInstanceOf(InvalidRequestException.class);
        }
        assertThatThrownBy(() -> Cursors.decodeChats("bTF8YXwxfDI", ErrorDetails.NONE)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void should_order_keys_by_time_then_numeric_id() {
        var a = new Cursors.MessageKey(MessageQuery.Order.ASCENDING, 5, "9");
        var b = new Cursors.MessageKey(MessageQuery.Order.ASCENDING, 5, "10");
        var c = new Cursors.MessageKey(MessageQuery.Order.ASCENDING, 6, "1");
        assertThat(Cursors.KEY_ORDER.compare(a, b)).isNegative();
        assertThat(Cursors.KEY_ORDER.compare(b, c)).isNegative();
    }
}
