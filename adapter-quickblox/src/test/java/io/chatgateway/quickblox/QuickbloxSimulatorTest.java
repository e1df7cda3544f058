package io.chatgateway.quickblox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.spi.HttpCall;
import io.chatgateway.testkit.quickblox.QuickbloxSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator's raw wire behaviour: every documented operator, errors, signatures. */
class QuickbloxSimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final QuickbloxSimulator sim = new QuickbloxSimulator(0);
    private final HttpClient http = HttpClient.newHttpClient();
    private final long me = QuickbloxSimulator.DEMO_USER_ID;
    private final long other = sim.addUser();
    private final String dialog = sim.createDialog(QuickbloxSimulator.GROUP, "ops", me, other);
    private final List<String> ids = new ArrayList<>();

    QuickbloxSimulatorTest() {
        for (int i = 0; i < 6; i++) {
            ids.add(sim.addMessage(dialog, i % 2 == 0 ? other : me, i == 4 ? "Big ORDER" : "m" + i, 100 + i));
        }
    }

    @AfterEach
    void close() {
        sim.close();
    }

    private HttpResponse<String> get(String path, Map<String, String> query) throws Exception {
        StringBuilder q = new StringBuilder();
        query.forEach((k, v) -> q.append(q.length() == 0 ? "?" : "&").append(HttpCall.encode(k)).append('=').append(HttpCall.encode(v)));
        return http.send(HttpRequest.newBuilder(URI.create(sim.baseUri() + path + q))
                .header("Authorization", "ApiKey " + QuickbloxSimulator.API_KEY)
                .header("On-Behalf-Of", Long.toString(me)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<String> texts(String op, String value) throws Exception {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("chat_dialog_id", dialog);
        q.put(op, value);
        HttpResponse<String> r = get("/chat/Message.json", q);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        JSON.readTree(r.body()).path("items").forEach(m -> out.add(m.path("message").asText()));
        return out;
    }

    @Test
    void should_implement_every_documented_operator() throws Exception {
        assertThat(texts("date_sent[lt]", "102")).containsExactly("m0", "m1");
        assertThat(texts("date_sent[lte]", "102")).containsExactly("m0", "m1", "m2");
        assertThat(texts("date_sent[gt]", "103")).containsExactly("Big ORDER", "m5");
        assertThat(texts("date_sent[gte]", "104")).containsExactly("Big ORDER", "m5");
        assertThat(texts("sender_id[in]", Long.toString(me))).containsExactly("m1", "m3", "m5");
        assertThat(texts("sender_id[or]", me + "," + other)).hasSize(6);
        assertThat(texts("sender_id[nin]", Long.toString(me))).containsExactly("m0", "m2", "Big ORDER");
        assertThat(texts("recipient_id[gte]", "0")).hasSize(6);
        assertThat(texts("date_sent[in]", "100,105")).containsExactly("m0", "m5");
        assertThat(texts("_id[ne]", ids.get(0))).hasSize(5).doesNotContain("m0");
        assertThat(texts("message[ne]", "m0")).hasSize(5);
        assertThat(texts("message[ctn]", "order")).containsExactly("Big ORDER");
        assertThat(texts("_id", ids.get(3))).containsExactly("m3");
        assertThat(texts("sort_desc", "date_sent")).containsExactly("m5", "Big ORDER", "m3", "m2", "m1", "m0");
        assertThat(texts("skip", "4")).containsExactly("Big ORDER", "m5");
        assertThat(texts("limit", "2")).containsExactly("m0", "m1");
        assertThat(texts("updated_at[gte]", "0")).hasSize(6);
    }

    @Test
    void should_refuse_an_undocumented_operator_with_422_in_the_errors_shape() throws Exception {
        HttpResponse<String> r = get("/chat/Message.json", Map.of("chat_dialog_id", dialog, "_id[gt]", "a"));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(r.body()).path("errors").path("base").get(0).asText()).contains("not supported");
    }

    @Test
    void should_mark_listed_messages_read_unless_mark_as_read_0() throws Exception {
        get("/chat/Message.json", Map.of("chat_dialog_id", dialog, "mark_as_read", "0"));
        assertThat(sim.unreadCount(dialog, me)).isEqualTo(3);
        get("/chat/Message.json", Map.of("chat_dialog_id", dialog, "mark_as_read", "1", "limit", "1"));
        assertThat(sim.unreadCount(dialog, me)).isEqualTo(2);
        JsonNode unread = JSON.readTree(get("/chat/Message/unread.json", Map.of("chat_dialog_ids", dialog)).body());
        assertThat(unread.path("total").asInt()).isEqualTo(2);
        assertThat(unread.path(dialog).asInt()).isEqualTo(2);
        get("/chat/Message.json", Map.of("chat_dialog_id", dialog)); // no mark_as_read: the page becomes read
        assertThat(sim.unreadCount(dialog, me)).isZero();
    }

    @Test
    void should_refuse_requests_without_credentials_and_a_reused_or_unsigned_session_request() throws Exception {
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(sim.baseUri() + "/chat/Dialog.json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(401);
        String body = "{\"application_id\":76730,\"auth_key\":\"demo-auth-key\",\"nonce\":7334,\"timestamp\":%d,"
                + "\"signature\":\"%s\",\"user\":{\"login\":\"agent\",\"password\":\"agent-password\"}}";
        long ts = java.time.Instant.now().getEpochSecond();
        String canonical = "application_id=76730&auth_key=demo-auth-key&nonce=7334&timestamp=" + ts
                + "&user[login]=agent&user[password]=agent-password";
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
        mac.init(new javax.crypto.spec.SecretKeySpec(QuickbloxSimulator.AUTH_SECRET.getBytes(), "HmacSHA1"));
        String sig = java.util.HexFormat.of().formatHex(mac.doFinal(canonical.getBytes()));
        assertThat(post(String.format(body, ts, sig)).statusCode()).isEqualTo(201);
        HttpResponse<String> reused = post(String.format(body, ts, sig));
        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(reused.body()).contains("nonce");
        HttpResponse<String> unsigned = post(String.format(body, ts + 1, sig));
        assertThat(unsigned.statusCode()).isEqualTo(422);
        assertThat(unsigned.body()).isEqualTo("{\"errors\":{\"base\":[\"Unexpected signature\"]}}");
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sim.baseUri() + "/session.json"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
