package io.chatgateway.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.testkit.navixy.NavixySimulator;
import io.chatgateway.testkit.quickblox.QuickbloxSimulator;
import io.chatgateway.testkit.smsbat.SmsbatSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The admin endpoints {@code /_chatgw/inbound} and {@code /_chatgw/deliver} of the three simulators, over HTTP. */
class SimulatorAdminTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private record Answer(int status, JsonNode body) { }

    private Answer post(SimulatorServer sim, String path, String body) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + sim.port() + path);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), JSON.readTree(r.body()));
    }

    @Test
    void should_add_an_inbound_message_and_deliver_an_outbound_one_on_the_navixy_simulator() throws Exception {
        try (NavixySimulator sim = new NavixySimulator()) {
            long tracker = sim.addTracker("admin");
            long out = sim.addOutgoing(tracker, "on my way?", Instant.now(), false);

            Answer added = post(sim, "/_chatgw/inbound", "{\"conversation\":\"" + tracker + "\",\"text\":\"yes\"}");
            Answer delivered = post(sim, "/_chatgw/deliver", "{\"conversation\":\"" + tracker + "\",\"message\":\"" + out + "\"}");

            assertThat(added.status()).isEqualTo(200);
            NavixySimulator.ChatMessage in = sim.messages(tracker).stream()
                    .filter(m -> String.valueOf(m.id()).equals(added.body().path("message").asText())).findFirst().orElseThrow();
            assertThat(in.text()).isEqualTo("yes");
            assertThat(in.incoming()).isTrue();
            assertThat(delivered.status()).isEqualTo(200);
            assertThat(delivered.body().path("status").asText()).isEqualTo("DELIVERED");
            NavixySimulator.ChatMessage after = sim.messages(tracker).stream().filter(m -> m.id() == out).findFirst().orElseThrow();
            assertThat(after.delivered()).isTrue();
            assertThat(after.updateTime()).isNotNull();
            assertThat(sim.requestCount()).as("admin calls are not provider traffic").isZero();
        }
    }

    @Test
    void should_add_an_inbound_message_and_move_a_message_status_on_the_smsbat_simulator() throws Exception {
        try (SmsbatSimulator sim = new SmsbatSimulator(0)) {
            long chat = sim.createChat("admin", "Client", "380000000001", SmsbatSimulator.SOURCE_VIBER_BOT);
            long out = sim.addMessage(chat, SmsbatSimulator.AUTHOR_OPERATOR, "hello");

            Answer added = post(sim, "/_chatgw/inbound", "{\"conversation\":\"" + chat + "\",\"text\":\"hi there\"}");
            Answer read = post(sim, "/_chatgw/deliver", "{\"conversation\":\"" + chat + "\",\"message\":\"" + out + "\"}");
            Answer failed = post(sim, "/_chatgw/deliver",
                    "{\"conversation\":\"" + chat + "\",\"message\":\"" + out + "\",\"status\":\"failed\"}");

            assertThat(added.status()).isEqualTo(200);
            assertThat(sim.messageTexts(chat)).containsExactly("hello", "hi there");
            assertThat(sim.countUnread(chat)).isEqualTo(1);
            assertThat(read.body().path("status").asText()).isEqualTo("READ");
            assertThat(failed.body().path("status").asText()).isEqualTo("FAILED");
            assertThat(sim.messageStatus(out)).isEqualTo(2);
        }
    }

    @Test
    void should_add_an_inbound_message_and_deliver_then_read_an_outbound_one_on_the_quickblox_simulator() throws Exception {
        try (QuickbloxSimulator sim = new QuickbloxSimulator()) {
            String dialog = sim.createDialog(QuickbloxSimulator.PRIVATE, "admin", QuickbloxSimulator.DEMO_USER_ID, 1002);
            String out = sim.addMessage(dialog, QuickbloxSimulator.DEMO_USER_ID, "hello", Instant.now().getEpochSecond());

            Answer added = post(sim, "/_chatgw/inbound", "{\"conversation\":\"" + dialog + "\",\"text\":\"hey\"}");
            Answer delivered = post(sim, "/_chatgw/deliver", "{\"conversation\":\"" + dialog + "\",\"message\":\"" + out + "\"}");
            boolean readAfterDelivery = sim.isReadBy(out, 1002);
            Answer read = post(sim, "/_chatgw/deliver", "{\"conversation\":\"" + dialog + "\",\"message\":\"" + out + "\"}");

            assertThat(added.status()).isEqualTo(200);
            assertThat(sim.unreadCount(dialog, QuickbloxSimulator.DEMO_USER_ID)).isEqualTo(1);
            assertThat(delivered.body().path("status").asText()).isEqualTo("DELIVERED");
            assertThat(readAfterDelivery).isFalse();
            assertThat(read.body().path("status").asText()).isEqualTo("READ");
            assertThat(sim.isReadBy(out, 1002)).isTrue();
        }
    }

    @Test
    void should_answer_a_clear_error_for_bad_admin_requests() throws Exception {
        try (NavixySimulator sim = new NavixySimulator()) {
            long tracker = sim.addTracker("admin");
            long in = sim.addIncoming(tracker, "from the driver", Instant.now(), null);

            Answer noText = post(sim, "/_chatgw/inbound", "{\"conversation\":\"" + tracker + "\"}");
            Answer notJson = post(sim, "/_chatgw/inbound", "conversation=1");
            Answer unknown = post(sim, "/_chatgw/inbound", "{\"conversation\":\"424242\",\"text\":\"x\"}");
            Answer inbound = post(sim, "/_chatgw/deliver", "{\"conversation\":\"" + tracker + "\",\"message\":\"" + in + "\"}");
            Answer badStatus = post(sim, "/_chatgw/deliver",
                    "{\"conversation\":\"" + tracker + "\",\"message\":\"" + in + "\",\"status\":\"SEEN\"}");
            Answer noRoute = post(sim, "/_chatgw/reset", "{}");

            assertThat(noText.status()).isEqualTo(400);
            assertThat(noText.body().path("error").asText()).contains("\"text\"");
            assertThat(notJson.status()).isEqualTo(400);
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.body().path("error").asText()).contains("424242");
            assertThat(inbound.status()).isEqualTo(400);
            assertThat(inbound.body().path("error").asText()).contains("INCOMING");
            assertThat(badStatus.body().path("error").asText()).contains("SEEN");
            assertThat(noRoute.status()).isEqualTo(404);
            assertThat(sim.messages(tracker)).hasSize(1);
        }
    }
}
