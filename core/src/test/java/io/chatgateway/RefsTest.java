package io.chatgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RefsTest {

    private static final List<String> TRICKY = List.of("123456", "a:b", "a/b", "50%", "%41", "%%", "with space",
            " leading", "cr\rlf\nend", "tab\tx", "emoji 😀🚚", "עברית RTL \u200F mark", "\u0000nul", "\u0085next-line",
            "日本語", "::", "//", "a:b/c%d", "%2F", "\uD83D\uDE00", "ok?x=1&y=#frag", "\u00e9\u0301");

    @Test
    void should_round_trip_tricky_conversation_and_message_ids() {
        for (String id : TRICKY) {
            for (String mid : TRICKY) {
                ConversationRef c = new ConversationRef("fleet_1-A", id);
                MessageRef m = c.message(mid);
                assertThat(ConversationRef.parse(c.toString())).as("conversation %s", id).isEqualTo(c);
                assertThat(MessageRef.parse(m.toString())).as("message %s/%s", id, mid).isEqualTo(m);
            }
        }
    }

    @Test
    void should_round_trip_random_unicode_ids() {
        Random random = new Random(4711);
        for (int i = 0; i < 5_000; i++) {
            String id = randomText(random);
            String mid = randomText(random);
            if (id.isBlank() || mid.isBlank()) {
                continue;
            }
            ConversationRef c = new ConversationRef("acc", id);
            MessageRef m = c.message(mid);
            assertThat(ConversationRef.parse(c.toString())).isEqualTo(c);
            assertThat(MessageRef.parse(m.toString())).isEqualTo(m);
            assertThat(c.toString()).doesNotContain("/").containsOnlyOnce(":");
            assertThat(m.toString()).containsOnlyOnce("/");
        }
    }

    private static final String SPECIALS = ":/% \r\n\t?#&=+\u0085";

    /** Any code point: ASCII specials, controls, BMP, astral, and lone surrogates. */
    private static String randomText(Random random) {
        StringBuilder sb = new StringBuilder();
        int length = 1 + random.nextInt(12);
        for (int i = 0; i < length; i++) {
            switch (random.nextInt(5)) {
                case 0 -> sb.append(SPECIALS.charAt(random.nextInt(SPECIALS.length())));
                case 1 -> sb.append((char) random.nextInt(0x80));
                case 2 -> sb.appendCodePoint(random.nextInt(0xD800));
                case 3 -> sb.appendCodePoint(0x10000 + random.nextInt(0x10FFFF - 0x10000));
                default -> sb.append((char) (0xD800 + random.nextInt(0x800))); // a lone surrogate
            }
        }
        return sb.toString();
    }

    @Test
    void should_keep_plain_ids_readable() {
        assertThat(new ConversationRef("navixy", "123456")).hasToString("navixy:123456");
        assertThat(new ConversationRef("navixy", "123456").message("789")).hasToString("navixy:123456/789");
        assertThat(new ConversationRef("qb", "a b😀")).hasToString("qb:a b😀");
        assertThat(new ConversationRef("qb", "a:b/c%")).hasToString("qb:a%3Ab%2Fc%25");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", "navixy", "navixy:", ":123", "nav ixy:1", "navixy:12/3", "navixy:%", "navixy:%4",
            "navixy:%zz", "navixy: ", "ä:1"})
    void should_reject_malformed_conversation_refs(String text) {
        assertThatThrownBy(() -> ConversationRef.parse(text)).isInstanceOf(InvalidRequestException.class)
                .hasMessageEndingWith(".");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "navixy:1", "navixy:1/", "navixy:1/2/3", "/2", "navixy/2", "navixy:1/%G0", "navixy:1/ "})
    void should_reject_malformed_message_refs(String text) {
        assertThatThrownBy(() -> MessageRef.parse(text)).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void should_reject_null_and_bad_components() {
        assertThatThrownBy(() -> ConversationRef.parse(null)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> MessageRef.parse(null)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> new ConversationRef(null, "1")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> new ConversationRef("a".repeat(65), "1")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> new ConversationRef("a", " ")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> new MessageRef(null, "1")).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> new ConversationRef("a", "1").message("")).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void should_not_echo_control_characters_of_a_malformed_ref() {
        assertThatThrownBy(() -> ConversationRef.parse("bad\r\nInjected: header:1%zz"))
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\r").doesNotContain("\n"));
        assertThatThrownBy(() -> MessageRef.parse("acc:1/%Z\r\n"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\r").doesNotContain("\n"));
    }
}
