package io.chatgateway.navixy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.spi.PageCursor.Keyset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MessageCursorTest {

    @Test
    void should_round_trip_through_opaque_text() {
        MessageCursor c = new MessageCursor(false, 100, 200, new Keyset(150, Set.of("5", "3", "9")));
        String text = c.encode();
        assertThat(text).matches("[A-Za-z0-9_-]+");
        assertThat(MessageCursor.decode(text, ErrorDetails.NONE)).isEqualTo(c);
        assertThat(MessageCursor.decode(new MessageCursor(true, 1, 2, Keyset.at(1)).encode(), ErrorDetails.NONE).position().seen()).isEmpty();
    }

    @Test
    void should_reject_a_foreign_cursor() {
        assertThatThrownBy(() -> MessageCursor.decode("not-a-cursor", ErrorDetails.NONE)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> MessageCursor.decode("t1:5", ErrorDetails.NONE)).isInstanceOf(InvalidRequestException.class)
                .hasMessage("The page cursor is not a cursor this account issued.");
    }
}
