package io.chatgateway.navixy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationRef;
import io.chatgateway.DeliveryStatus;
import io.chatgateway.Message;
import io.chatgateway.Participant;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NavixyMapperTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ConversationRef TRUCK = new ConversationRef("fleet", "123456");
    private static final NavixyTime RIGA = new NavixyTime(ZoneId.of("Europe/Riga"), true);

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text);
    }

    @Test
    void should_map_an_incoming_message_with_numbers_as_strings() throws Exception {
        Message row = NavixyMapper.message(json("{\"id\":\"123\",\"submit_time\":\"2026-01-15 10:00:00\","
                + "\"update_time\":null,\"text\":\"text of message\",\"type\":\"INCOMING\",\"status\":\"DELIVERED\","
                + "\"employee_id\":\"123456\"}"), TRUCK, RIGA);
        assertThat(row.ref()).isEqualTo(TRUCK.message("123"));
        assertThat(row.direction()).isEqualTo(Message.Direction.INBOUND);
        assertThat(row.delivery()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(row.readStatus()).isEqualTo(Message.ReadStatus.UNKNOWN);
        assertThat(row.sentAt()).isEqualTo(Instant.parse("2026-01-15T08:00:00Z"));
        assertThat(row.updatedAt()).isNull();
        assertThat(row.author()).isEqualTo(new Participant("123456", null, Participant.Role.CUSTOMER));
    }

    @Test
    void should_map_an_outgoing_pending_message_without_optional_fields() throws Exception {
        Message row = NavixyMapper.message(json("{\"id\":7,\"submit_time\":\"2026-01-15T10:00:00+02:00\","
                + "\"text\":\"hi\",\"type\":\"OUTGOING\",\"status\":\"PENDING\"}"), TRUCK, RIGA);
        assertThat(row.direction()).isEqualTo(Message.Direction.OUTBOUND);
        assertThat(row.delivery()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(row.author().role()).isEqualTo(Participant.Role.AGENT);
        assertThat(row.author().id()).isNull();
        assertThat(row.attributes()).isEmpty();
    }

    @Test
    void should_map_unknown_enum_values_to_unknown_and_keep_unknown_fields() throws Exception {
        Message row = NavixyMapper.message(json("{\"id\":8,\"type\":\"SYSTEM\",\"status\":\"READ_BY_DRIVER\","
                + "\"text\":null,\"priority\":\"high\"}"), TRUCK, RIGA);
        assertThat(row.delivery()).isEqualTo(DeliveryStatus.UNKNOWN);
        assertThat(row.author().role()).isEqualTo(Participant.Role.UNKNOWN);
        assertThat(row.text()).isEmpty();
        assertThat(row.sentAt()).isNull();
        assertThat(row.attributes()).containsEntry("type", "SYSTEM").containsEntry("status", "READ_BY_DRIVER")
                .containsEntry("priority", "high");
    }

    @Test
    void should_skip_a_message_without_id() throws Exception {
        assertThat(NavixyMapper.message(json("{\"text\":\"x\"}"), TRUCK, RIGA)).isNull();
    }

    @Test
    void should_map_a_tracker_with_a_numeric_device_id_and_blocked_flag() throws Exception {
        Conversation c = NavixyMapper.tracker(json("{\"id\":\"123456\",\"label\":\"tracker label\",\"clone\":false,"
                + "\"group_id\":167,\"source\":{\"id\":234567,\"device_id\":9999999988888,\"blocked\":\"true\"}}"),
                "fleet", Map.of(123456L, 4L), Map.of(123456L, Instant.EPOCH), null);
        assertThat(c.title()).isEqualTo("tracker label");
        assertThat(c.unreadCount()).isEqualTo(4);
        assertThat(c.lastMessageAt()).isEqualTo(Instant.EPOCH);
        assertThat(c.attributes()).containsEntry("blocked", true).containsEntry("group_id", 167L);
        @SuppressWarnings("unchecked")
        Map<String, Object> source = (Map<String, Object>) c.attributes().get("source");
        assertThat(source).containsEntry("device_id", "9999999988888");
    }

    @Test
    void should_read_value_maps_keyed_by_tracker_id_strings() throws Exception {
        assertThat(NavixyMapper.countsById(json("{\"123\":2,\"456\":\"5\",\"bad\":1,\"789\":null}")))
                .containsExactly(Map.entry(123L, 2L), Map.entry(456L, 5L));
        assertThat(NavixyMapper.timesById(json("{\"123\":\"2026-01-15 10:00:00\",\"456\":\"2026-01-15T10:00:00Z\",\"7\":null}"), RIGA))
                .containsExactly(Map.entry(123L, Instant.parse("2026-01-15T08:00:00Z")),
                        Map.entry(456L, Instant.parse("2026-01-15T10:00:00Z")));
        assertThat(NavixyMapper.ids(json("\"[999199, 991999]\""))).containsExactly(999199L, 991999L);
    }
}
