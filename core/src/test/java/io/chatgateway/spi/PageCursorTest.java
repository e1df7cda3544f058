package io.chatgateway.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.Operation;
import io.chatgateway.ProtocolException;
import io.chatgateway.spi.PageCursor.Keyset;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class PageCursorTest {

    private static final ErrorDetails D = ErrorDetails.of("acc", "p", Operation.MESSAGES);

    @Test
    void should_round_trip_every_field_kind_with_any_characters_in_ids() {
        String text = PageCursor.encode("walk", true, -5L, "a|b,c%d", List.of("x,y", "ü|"), new Keyset(7, Set.of("1", "a,b")));
        assertThat(text).matches("[A-Za-z0-9_-]+");
        PageCursor c = PageCursor.decode(text, "walk", 5, D);
        assertThat(c.flag(0)).isTrue();
        assertThat(c.number(1)).isEqualTo(-5L);
        assertThat(c.text(2)).isEqualTo("a|b,c%d");
        assertThat(c.list(3)).containsExactly("x,y", "ü|");
        assertThat(c.keyset(4)).isEqualTo(new Keyset(7, Set.of("1", "a,b")));
    }

    @Test
    void should_write_the_same_text_as_cursors_issued_before() {
        // the text the cursor format has always written for these fields (cursors in callers' hands stay valid)
        assertThat(PageCursor.encode("walk", true, -5L, "a|b,c%d", List.of("x,y", "ü|"), new Keyset(7, Set.of("a,b")), null, false))
                .isEqualTo("YzF8d2Fsa3wxfC01fGElN0NiJTJDYyUyNWR8eCUyQ3ksw7wlN0N8NyxhJTJDYnx8MA");
    }

    @Test
    void should_reject_foreign_malformed_other_kind_and_oversized_cursors_with_one_message() {
        String other = PageCursor.encode("other", 1L);
        String tooLong = "A".repeat(PageCursor.MAX_LENGTH + 1);
        for (String bad : new String[] {"not a cursor", "t1:5", "", other, tooLong, PageCursor.encode("walk", 1L, 2L)}) {
            assertThatThrownBy(() -> PageCursor.decode(bad, "walk", 1, D))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessage("The page cursor is not a cursor this account issued.")
                    .satisfies(e -> assertThat(((InvalidRequestException) e).details()).isEqualTo(D));
        }
        assertThatThrownBy(() -> PageCursor.decode(PageCursor.encode("walk", "x"), "walk", 1, D).number(0))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void should_refuse_to_issue_a_cursor_longer_than_the_cap() {
        assertThatThrownBy(() -> PageCursor.encode("walk", "x".repeat(PageCursor.MAX_LENGTH)))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void should_move_a_keyset_to_a_new_boundary_or_add_to_the_seen_ids() {
        Keyset k = Keyset.at(10).after(10, "a").after(10, "b");
        assertThat(k).isEqualTo(new Keyset(10, Set.of("a", "b")));
        assertThat(k.skips(10, "a")).isTrue();
        assertThat(k.skips(11, "a")).isFalse();
        assertThat(k.after(12, "c")).isEqualTo(new Keyset(12, Set.of("c")));
    }

    @Test
    void should_page_a_whole_array_by_keyset_after_filtering() {
        List<Integer> all = List.of(1, 2, 3, 4, 5, 6, 7);
        Predicate<Integer> odd = i -> i % 2 == 1;
        PageSlice<Integer> first = PageSlice.keyset(all, i -> false, odd, 2, i -> Integer.toString(i));
        assertThat(first.items()).containsExactly(1, 3);
        assertThat(first.nextCursor()).isEqualTo("3");
        PageSlice<Integer> second = PageSlice.keyset(all, i -> i <= 3, odd, 2, i -> Integer.toString(i));
        assertThat(second.items()).containsExactly(5, 7);
        assertThat(second.nextCursor()).isNull();
    }

    @Test
    void should_give_after_all_the_same_keyset_as_stepping_after_item_by_item() {
        java.util.Random random = new java.util.Random(17);
        for (int round = 0; round < 2_000; round++) {
            long start = random.nextInt(4);
            Keyset from = random.nextBoolean() ? Keyset.at(start) : new Keyset(start, Set.of("s" + round, "x"));
            int n = 1 + random.nextInt(8);
            List<long[]> items = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                items.add(new long[] {random.nextInt(4), random.nextInt(6)}); // second, id (repeats too)
            }
            Keyset stepped = from;
            for (long[] item : items) {
                stepped = stepped.after(item[0], "id" + item[1]);
            }
            assertThat(from.afterAll(items, item -> item[0], item -> "id" + item[1])).as("round %d", round).isEqualTo(stepped);
        }
    }
}
