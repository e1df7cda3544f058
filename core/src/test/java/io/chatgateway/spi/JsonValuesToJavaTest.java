package io.chatgateway.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonValuesToJavaTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void should_read_arrays_as_unmodifiable_lists_keeping_nulls_and_order() throws Exception {
        Object v = JsonValues.toJava(mapper.readTree("[96753878, null, \"x\", [1, 2], {\"a\": true}, 1.5]"));
        assertThat(v).isInstanceOf(List.class);
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) v;
        assertThat(list).isEqualTo(Arrays.asList(96753878L, null, "x", List.of(1L, 2L), Map.of("a", true), 1.5));
        assertThat(list.contains(null)).isTrue();
        assertThat(list.indexOf("x")).isEqualTo(2);
        assertThat(list.hashCode()).isEqualTo(Arrays.asList(96753878L, null, "x", List.of(1L, 2L), Map.of("a", true), 1.5).hashCode());
        assertThatThrownBy(() -> list.add(1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> list.set(0, 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> list.remove(0)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> {
            var it = list.iterator();
            it.next();
            it.remove();
        }).isInstanceOf(UnsupportedOperationException.class);
        assertThat(JsonValues.toJava(mapper.readTree("[]"))).isEqualTo(List.of());
    }
}
