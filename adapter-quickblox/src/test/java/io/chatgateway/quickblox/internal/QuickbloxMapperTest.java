package io.chatgateway.quickblox.internal;

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

class QuickbloxMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long ME = 96753878;
    private final QuickbloxMapper mapper = new QuickbloxMapper("app");

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void should_map_an_inbound_group_message_with_custom_fields_and_attachments() throws Exception {
        Message m = mapper.message(json("""
                {"_id":"5d76a618a28f9a1edfcb0f9b","age":"25","attachments":[{"type":"image","id":"47863"},
                 {"type":"file","id":"47864","name":"a.pdf","content-type":"application/pdf","size":"1024","url":"https://x/a.pdf"}],
                 "chat_dialog_id":"5d75393ba28f9a17e1cb0f9e","created_at":"2019-09-09T19:20:56Z","date_sent":1568056856,
                 "delivered_ids":[96753878,343],"message":"Hi guys!","read_ids":[343],"recipient_id":0,
                 "sender_id":343,"updated_at":"2019-09-09T19:20:56Z","read":0}"""), "ignored", ME);
        assertThat(m.ref().toString()).isEqualTo("app:5d75393ba28f9a17e1cb0f9e/5d76a618a28f9a1edfcb0f9b");
        assertThat(m.direction()).isEqualTo(Message.Direction.INBOUND);
        assertThat(m.author()).isEqualTo(new Participant("343", null, Participant.Role.CUSTOMER));
        assertThat(m.readStatus()).isEqualTo(Message.ReadStatus.UNREAD);
        assertThat(m.delivery()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(m.sentAt()).isEqualTo(Instant.ofEpochSecond(1568056856));
        assertThat(m.updatedAt()).isEqualTo(Instant.parse("2019-09-09T19:20:56Z"));
        assertThat(m.kind()).isEqualTo(MessageKind.PHOTO);
        assertThat(m.attachments()).hasSize(2);
        assertThat(m.attachments().get(1)).satisfies(a -> {
            assertThat(a.kind()).isEqualTo(MessageKind.FILE);
            assertThat(a.name()).isEqualTo("a.pdf");
            assertThat(a.contentType()).isEqualTo("application/pdf");
            assertThat(a.size()).isEqualTo(1024L);
            assertThat(a.url()).isEqualTo("https://x/a.pdf");
        });
        assertThat(m.attributes()).containsEntry("age", "25").containsEntry("recipient_id", 0L)
                .containsKey("read_ids").containsKey("delivered_ids").doesNotContainKey("message");
    }

    @Test
    void should_map_an_own_message_as_outbound_and_read_by_others() throws Exception {
        Message m = mapper.message(json("""
                {"_id":"a1","chat_dialog_id":"d1","date_sent":10,"message":"yo","sender_id":96753878,
                 "read_ids":[96753878,5],"delivered_ids":[96753878,5],"recipient_id":5}"""), "d1", ME);
        assertThat(m.direction()).isEqualTo(Message.Direction.OUTBOUND);
        assertThat(m.author().role()).isEqualTo(Participant.Role.AGENT);
        assertThat(m.delivery()).isEqualTo(DeliveryStatus.READ);
        assertThat(m.readStatus()).isEqualTo(Message.ReadStatus.READ);
        Message sentOnly = mapper.message(json("{\"_id\":\"a2\",\"date_sent\":10,\"sender_id\":96753878,"
                + "\"read_ids\":[96753878],\"delivered_ids\":[96753878]}"), "d1", ME);
        assertThat(sentOnly.delivery()).isEqualTo(DeliveryStatus.SENT);
        assertThat(sentOnly.ref().conversation()).isEqualTo(new ConversationRef("app", "d1"));
    }

    @Test
    void should_tolerate_null_timestamps_text_and_missing_read_ids() throws Exception {
        Message m = mapper.message(json("""
                {"_id":"a3","chat_dialog_id":"d1","created_at":null,"updated_at":null,"message":null,"date_sent":"1568061015",
                 "sender_id":"7","attachments":{"0":{"type":"image","id":"1"}}}"""), "d1", ME);
        assertThat(m.text()).isEmpty();
        assertThat(m.updatedAt()).isNull();
        assertThat(m.sentAt()).isEqualTo(Instant.ofEpochSecond(1568061015));
        assertThat(m.readStatus()).isEqualTo(Message.ReadStatus.UNKNOWN);
        assertThat(m.attachments()).singleElement().satisfies(a -> assertThat(a.kind()).isEqualTo(MessageKind.PHOTO));
        assertThat(mapper.message(json("{\"message\":\"no id\"}"), "d1", ME)).isNull();
    }

    @Test
    void should_share_participants_and_id_lists_between_messages_and_map_each_as_if_alone() throws Exception {
        String first = "{\"_id\":\"m1\",\"chat_dialog_id\":\"d1\",\"date_sent\":10,\"sender_id\":5,\"recipient_id\":96753878,"
                + "\"read_ids\":[5],\"delivered_ids\":[96753878,5],\"read\":0}";
        String second = "{\"_id\":\"m2\",\"chat_dialog_id\":\"d1\",\"date_sent\":11,\"sender_id\":5,\"recipient_id\":96753878,"
                + "\"read_ids\":[\"5\"],\"delivered_ids\":[96753878,5],\"read\":0}";
        QuickbloxMapper.Messages page = mapper.messages("d1", ME);
        Message a = page.message(json(first));
        Message b = page.message(json(second));
        assertThat(b.author()).isSameAs(a.author()).isEqualTo(new Participant("5", null, Participant.Role.CUSTOMER));
        assertThat(a.recipient()).isEqualTo(new Participant("96753878", null, Participant.Role.AGENT));
        assertThat(b.ref().conversation()).isSameAs(a.ref().conversation());
        assertThat(b.attributes().get("delivered_ids")).isSameAs(a.attributes().get("delivered_ids"));
        // a list of another shape (ids as text) is never taken for a shared one of numbers
        assertThat(a.attributes()).containsEntry("read_ids", java.util.List.of(5L));
        assertThat(b.attributes()).containsEntry("read_ids", java.util.List.of("5"));
        QuickbloxMapper alone = new QuickbloxMapper("app");
        assertThat(a).isEqualTo(alone.message(json(first), "d1", ME));
        assertThat(b).isEqualTo(alone.message(json(second), "d1", ME));
        assertThat(a.attributes()).containsExactly(java.util.Map.entry("recipient_id", 96753878L),
                java.util.Map.entry("read_ids", java.util.List.of(5L)),
                java.util.Map.entry("delivered_ids", java.util.List.of(96753878L, 5L)), java.util.Map.entry("read", 0L));
    }

    @Test
    void should_map_a_dialog_with_type_and_null_unread_count() throws Exception {
        Conversation c = mapper.dialog(json("""
                {"_id":"5e261c72a28f9a4f779f10bb","created_at":"2020-01-20T21:32:34Z","last_message":"Hello world",
                 "last_message_date_sent":1597748932,"last_message_id":"5f3bb6c4a28f9a69552944d1",
                 "last_message_user_id":102433734,"name":"Bob","occupants_ids":[102433721,102433734],"photo":null,
                 "type":3,"updated_at":"2020-08-18T11:08:52Z","user_id":102433721,"xmpp_room_jid":null,
                 "unread_messages_count":null}"""), 102433721);
        assertThat(c.ref()).isEqualTo(new ConversationRef("app", "5e261c72a28f9a4f779f10bb"));
        assertThat(c.title()).isEqualTo("Bob");
        assertThat(c.unreadCount()).isNull();
        assertThat(c.lastMessageAt()).isEqualTo(Instant.ofEpochSecond(1597748932));
        assertThat(c.assignee()).isEqualTo(new Participant("102433721", null, Participant.Role.AGENT));
        assertThat(c.attributes()).containsEntry("type", 3L).containsEntry("type_name", "PRIVATE")
                .containsEntry("photo", null).containsKey("occupants_ids").containsEntry("last_message", "Hello world");
    }

    @Test
    void should_read_unread_counts_keyed_by_dialog_id() throws Exception {
        assertThat(mapper.unread(json("{\"total\":15}"))).isEmpty();
        assertThat(mapper.unread(json("{\"total\":5,\"d1\":3,\"d2\":\"2\",\"d3\":0}")))
                .containsEntry(new ConversationRef("app", "d1"), 3L)
                .containsEntry(new ConversationRef("app", "d2"), 2L)
                .containsEntry(new ConversationRef("app", "d3"), 0L)
                .hasSize(3);
    }
}
