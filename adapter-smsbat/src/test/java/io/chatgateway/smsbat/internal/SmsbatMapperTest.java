package io.chatgateway.smsbat.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.Conversation;
import io.chatgateway.ConversationRef;
import io.chatgateway.DeliveryStatus;
import io.chatgateway.Message;
import io.chatgateway.MessageKind;
import io.chatgateway.Participant;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class SmsbatMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ConversationRef CHAT = new ConversationRef("support", "123");

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @ParameterizedTest
    @CsvSource({"0,NEW", "1,OPEN", "2,WAITING", "3,PAUSED", "4,CLOSED", "5,UNKNOWN", "-1,UNKNOWN"})
    void should_map_chat_status_numbers(int number, Conversation.Status status) {
        assertThat(SmsbatMapper.status(number)).isEqualTo(status);
    }

    @ParameterizedTest
    @EnumSource(value = Conversation.Status.class, names = "UNKNOWN", mode = EnumSource.Mode.EXCLUDE)
    void should_round_trip_every_settable_status(Conversation.Status status) {
        assertThat(SmsbatMapper.status(SmsbatMapper.statusCode(status))).isEqualTo(status);
    }

    @Test
    void should_map_the_documented_chat_item() throws Exception {
        Conversation c = SmsbatMapper.conversation("support", json("{\"id\":123,\"theme\":\"…\",\"operator\":{\"id\":21,"
                + "\"name\":\"Jane\",\"photo\":\"url_to_photo.png\"},\"chatStatus\":1,\"countUnread\":3}"));
        assertThat(c.ref()).isEqualTo(CHAT);
        assertThat(c.title()).isEqualTo("…");
        assertThat(c.status()).isEqualTo(Conversation.Status.OPEN);
        assertThat(c.unreadCount()).isEqualTo(3);
        assertThat(c.assignee()).isEqualTo(new Participant("21", "Jane", Participant.Role.AGENT));
        assertThat(c.attributes()).containsEntry("operatorPhoto", "url_to_photo.png").containsEntry("chatStatus", 1L);
        assertThat(c.lastMessageAt()).isNull();
    }

    @Test
    void should_tolerate_a_sparse_chat_item_with_string_numbers() throws Exception {
        Conversation c = SmsbatMapper.conversation("support", json("{\"id\":\"7\",\"operator\":null,\"chatStatus\":\"4\","
                + "\"countUnread\":null,\"lastMessageDate\":\"2026-01-29T08:00:00Z\",\"client\":{\"name\":\"Olena\"}}"));
        assertThat(c.status()).isEqualTo(Conversation.Status.CLOSED);
        assertThat(c.assignee()).isNull();
        assertThat(c.unreadCount()).isNull();
        assertThat(c.lastMessageAt()).isEqualTo(Instant.parse("2026-01-29T08:00:00Z"));
        assertThat(c.attributes()).containsKey("client");
        assertThat(SmsbatMapper.conversation("support", json("{\"theme\":\"no id\"}"))).isNull();
    }

    @Test
    void should_map_the_documented_message_item() throws Exception {
        Message m = SmsbatMapper.message(CHAT, json("{\"id\":9,\"chatId\":123,\"message\":\"Hello\",\"phone\":\"380936670003\","
                + "\"author\":1,\"status\":0,\"date\":\"2025-04-01T09:46:24.687Z\",\"operator\":null,\"messageType\":0}"));
        assertThat(m.ref()).isEqualTo(CHAT.message("9"));
        assertThat(m.text()).isEqualTo("Hello");
        assertThat(m.direction()).isEqualTo(Message.Direction.INBOUND);
        assertThat(m.author()).isEqualTo(new Participant("380936670003", null, Participant.Role.CUSTOMER));
        assertThat(m.sentAt()).isEqualTo(Instant.parse("2025-04-01T09:46:24.687Z"));
        assertThat(m.readStatus()).isEqualTo(Message.ReadStatus.UNREAD);
        assertThat(m.delivery()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(m.kind()).isEqualTo(MessageKind.TEXT);
        assertThat(m.attributes()).containsEntry("author", 1).containsEntry("status", 0).containsEntry("phone", "380936670003")
                .doesNotContainKey("chatId");
    }

    @ParameterizedTest
    @CsvSource({"0,OUTBOUND,AGENT", "1,INBOUND,CUSTOMER", "2,OUTBOUND,BOT", "3,OUTBOUND,AGENT", "7,INBOUND,UNKNOWN"})
    void should_map_authors_to_direction_and_role(int author, Message.Direction direction, Participant.Role role) throws Exception {
        Message m = SmsbatMapper.message(CHAT, json("{\"id\":1,\"author\":" + author + ",\"message\":\"x\"}"));
        assertThat(m.direction()).isEqualTo(direction);
        assertThat(m.author().role()).isEqualTo(role);
    }

    @ParameterizedTest
    @CsvSource({"0,PENDING", "1,SENT", "2,FAILED", "3,READ", "8,UNKNOWN"})
    void should_map_operator_message_status_to_delivery(int status, DeliveryStatus delivery) throws Exception {
        Message m = SmsbatMapper.message(CHAT, json("{\"id\":1,\"author\":0,\"status\":" + status + "}"));
        assertThat(m.delivery()).isEqualTo(delivery);
        assertThat(m.readStatus()).isEqualTo(Message.ReadStatus.READ);
    }

    @ParameterizedTest
    @CsvSource({"0,UNREAD", "1,UNREAD", "2,UNKNOWN", "3,READ", "8,UNKNOWN"})
    void should_map_client_message_status_to_read_state(int status, Message.ReadStatus read) throws Exception {
        assertThat(SmsbatMapper.message(CHAT, json("{\"id\":1,\"author\":1,\"status\":" + status + "}")).readStatus()).isEqualTo(read);
    }

    @ParameterizedTest
    @CsvSource({"0,TEXT", "1,PHOTO", "2,FILE", "6,OTHER"})
    void should_map_message_types(int type, MessageKind kind) throws Exception {
        assertThat(SmsbatMapper.message(CHAT, json("{\"id\":1,\"author\":1,\"messageType\":" + type + "}")).kind()).isEqualTo(kind);
    }

    @Test
    void should_read_media_in_camel_and_pascal_case() throws Exception {
        Message.Attachment camel = SmsbatMapper.attachment(json("{\"name\":\"image.jpg\",\"format\":\"image/jpeg\","
                + "\"dataBase64\":\"AAECAw==\",\"type\":1}"));
        Message.Attachment pascal = SmsbatMapper.attachment(json("{\"Name\":\"image.jpg\",\"Format\":\"jpg\",\"DataBase64\":\"AAECAw==\",\"Type\":1}"));
        assertThat(camel.kind()).isEqualTo(MessageKind.PHOTO);
        assertThat(pascal.kind()).isEqualTo(MessageKind.PHOTO);
        assertThat(camel.name()).isEqualTo(pascal.name()).isEqualTo("image.jpg");
        assertThat(camel.size()).isEqualTo(pascal.size()).isEqualTo(4);
        assertThat(camel.url()).isEqualTo("data:image/jpeg;base64,AAECAw==");
        assertThat(pascal.url()).isEqualTo("data:application/octet-stream;base64,AAECAw==");
        assertThat(pascal.contentType()).isEqualTo("jpg");
    }

    @Test
    void should_find_media_under_media_data_and_prefer_its_uri() throws Exception {
        Message m = SmsbatMapper.message(CHAT, json("{\"id\":1,\"author\":1,\"mediaData\":{\"media\":{\"uri\":"
                + "\"https://cdn.example/f.pdf\",\"name\":\"f.pdf\",\"type\":2}}}"));
        assertThat(m.kind()).isEqualTo(MessageKind.FILE);
        assertThat(m.attachments()).singleElement().satisfies(a -> assertThat(a.url()).isEqualTo("https://cdn.example/f.pdf"));
    }

    @Test
    void should_read_times_with_offset_without_zone_and_as_epoch() throws Exception {
        assertThat(SmsbatMapper.instant(json("\"2025-04-01T12:46:24.687+03:00\""))).isEqualTo(Instant.parse("2025-04-01T09:46:24.687Z"));
        assertThat(SmsbatMapper.instant(json("\"2025-04-01T09:46:24\""))).isEqualTo(Instant.parse("2025-04-01T09:46:24Z"));
        assertThat(SmsbatMapper.instant(json("1743500784"))).isEqualTo(Instant.parse("2025-04-01T09:46:24Z"));
        assertThat(SmsbatMapper.instant(json("1743500784687"))).isEqualTo(Instant.parse("2025-04-01T09:46:24.687Z"));
        assertThat(SmsbatMapper.instant(json("\"yesterday\""))).isNull();
    }
}
