package io.chatgateway.navixy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatgateway.testkit.FakeTime;
import io.chatgateway.testkit.Fault;
import io.chatgateway.testkit.navixy.NavixySimulator;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator accepts every encoding Navixy accepts and answers with Navixy's envelopes. */
class NavixySimulatorTest {

    private final FakeTime time = FakeTime.standard();
    private final NavixySimulator sim = new NavixySimulator(0, time, NavixySimulator.DEFAULT_ZONE);
    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();

    @AfterEach
    void close() {
        sim.close();
    }

    private record Answer(int status, JsonNode body) { }

    private Answer post(String action, String contentType, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(sim.baseUri() + action))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> res = client.send(r, HttpResponse.BodyHandlers.ofString());
        return new Answer(res.statusCode(), mapper.readTree(res.body()));
    }

    private Answer get(String action, String query) throws Exception {
        HttpResponse<String> res = client.send(HttpRequest.newBuilder(URI.create(sim.baseUri() + action + "?" + query)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(res.statusCode(), mapper.readTree(res.body()));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void should_accept_string_typed_ints_and_arrays_as_json_text_in_json_bodies() throws Exception {
        long a = sim.addTracker("A");
        long b = sim.addTracker("B");
        Answer sent = post("/tracker/chat/broadcast", "application/json", "{\"hash\":\"" + NavixySimulator.DEMO_API_KEY
                + "\",\"trackers\":\"[" + a + ", " + b + "]\",\"message\":\"hi\"}");
        assertThat(sent.status()).isEqualTo(200);
        assertThat(sent.body().get("sent_to")).hasSize(2);
        Answer list = post("/tracker/chat/list", "application/json", "{\"hash\":\"" + NavixySimulator.DEMO_API_KEY
                + "\",\"tracker_id\":\"" + a + "\",\"limit\":\"5\"}");
        assertThat(list.body().get("list")).hasSize(1);
        assertThat(list.body().get("success").asBoolean()).isTrue();
    }

    @Test
    void should_accept_form_bodies_and_get_with_the_hash_as_parameter() throws Exception {
        long a = sim.addTracker("A");
        sim.addIncoming(a, "x", time.instant().minusSeconds(5), null);
        Answer form = post("/tracker/chat/send", "application/x-www-form-urlencoded",
                "hash=" + NavixySimulator.DEMO_API_KEY + "&tracker_id=" + a + "&message=" + enc("Hello World"));
        assertThat(form.body().get("id").asLong()).isPositive();
        Answer count = get("/tracker/chat/unread/count", "hash=" + NavixySimulator.DEMO_API_KEY);
        assertThat(count.body().get("value").get(Long.toString(a)).asInt()).isEqualTo(1);
        Answer read = get("/tracker/chat/mark_read_all", "hash=" + NavixySimulator.DEMO_API_KEY + "&trackers=" + enc("[" + a + "]"));
        assertThat(read.body().get("success").asBoolean()).isTrue();
        assertThat(sim.unread(a)).isZero();
    }

    @Test
    void should_answer_a_wrong_hash_with_code_3_and_http_400() throws Exception {
        Answer a = post("/tracker/chat/unread/count", "application/json", "{\"hash\":\"nope\"}");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body().get("success").asBoolean()).isFalse();
        assertThat(a.body().at("/status/code").asInt()).isEqualTo(3);
        assertThat(post("/tracker/list", "application/json", "{}").body().at("/status/code").asInt()).isEqualTo(3);
    }

    @Test
    void should_answer_navixy_codes_for_chat_errors() throws Exception {
        long blocked = sim.addTracker("B");
        sim.blockTracker(blocked, true);
        String h = "{\"hash\":\"" + NavixySimulator.DEMO_API_KEY + "\",";
        assertThat(post("/tracker/chat/send", "application/json", h + "\"tracker_id\":1,\"message\":\"x\"}").body()
                .at("/status/code").asInt()).isEqualTo(201);
        Answer b = post("/tracker/chat/send", "application/json", h + "\"tracker_id\":" + blocked + ",\"message\":\"x\"}");
        assertThat(b.status()).isEqualTo(403);
        assertThat(b.body().at("/status/code").asInt()).isEqualTo(208);
        Answer invalid = post("/tracker/chat/send", "application/json", h + "\"message\":\"x\"}");
        assertThat(invalid.body().at("/status/code").asInt()).isEqualTo(7);
        assertThat(invalid.body().at("/errors/0/parameter").asText()).isEqualTo("tracker_id");
        assertThat(post("/tracker/chat/updated/list", "application/json", h + "\"trackers\":[5]}").body()
                .at("/status/code").asInt()).isEqualTo(217);
        assertThat(post("/tracker/chat/list", "application/json", h + "\"tracker_id\":" + blocked + ",\"limit\":2000}").body()
                .at("/status/code").asInt()).isIn(208, 212);
        assertThat(post("/tracker/chat/updated/list", "application/json", h + "\"trackers\":[" + blocked + "]}").body()
                .at("/status/code").asInt()).isEqualTo(217);
        sim.setDeviceLimitExceeded(true);
        Answer limit = post("/tracker/chat/broadcast", "application/json", h + "\"trackers\":[" + blocked + "],\"message\":\"x\"}");
        assertThat(limit.status()).isEqualTo(403);
        assertThat(limit.body().at("/status/code").asInt()).isEqualTo(221);
        sim.setDeviceLimitExceeded(false);
        sim.setTariffHasChat(false);
        Answer tariff = post("/tracker/chat/unread/count", "application/json", "{\"hash\":\"" + NavixySimulator.DEMO_API_KEY + "\"}");
        assertThat(tariff.status()).isEqualTo(402);
        assertThat(tariff.body().at("/status/code").asInt()).isEqualTo(236);
    }

    @Test
    void should_reject_a_whole_list_naming_a_blocked_tariffless_or_vanished_tracker_with_217() throws Exception {
        String h = "{\"hash\":\"" + NavixySimulator.DEMO_API_KEY + "\",";
        long ok = sim.addTracker("ok");
        long tariffless = sim.addTracker("no chat tariff");
        long gone = sim.addTracker("gone");
        long chatless = sim.addTracker("device without chat");
        sim.setTrackerTariffHasChat(tariffless, false);
        sim.removeTracker(gone);
        sim.disableChat(chatless);
        for (long bad : new long[] {tariffless, gone}) {
            Answer b = post("/tracker/chat/broadcast", "application/json", h + "\"trackers\":[" + ok + "," + bad + "],\"message\":\"x\"}");
            assertThat(b.body().at("/status/code").asInt()).isEqualTo(217);
            assertThat(post("/tracker/chat/updated/list", "application/json", h + "\"trackers\":[" + ok + "," + bad + "]}").body()
                    .at("/status/code").asInt()).isEqualTo(217);
        }
        assertThat(sim.messages(ok)).isEmpty();
        assertThat(post("/tracker/chat/send", "application/json", h + "\"tracker_id\":" + tariffless + ",\"message\":\"x\"}").body()
                .at("/status/code").asInt()).isEqualTo(236);
        Answer partial = post("/tracker/chat/broadcast", "application/json", h + "\"trackers\":[" + ok + "," + chatless + "],\"message\":\"x\"}");
        assertThat(partial.body().get("sent_to")).hasSize(1);
        assertThat(partial.body().get("not_sent_to").get(0).asLong()).isEqualTo(chatless);
    }

    @Test
    void should_write_times_in_the_account_zone_or_as_iso_on_request() throws Exception {
        long a = sim.addTracker("A");
        sim.addIncoming(a, "x", Instant.parse("2026-11-20T09:00:00Z"), null);
        String body = "{\"hash\":\"" + NavixySimulator.DEMO_API_KEY + "\",\"tracker_id\":" + a + "}";
        assertThat(post("/tracker/chat/list", "application/json", body).body().at("/list/0/submit_time").asText())
                .isEqualTo("2026-11-20 14:45:00");
        HttpRequest iso = HttpRequest.newBuilder(URI.create(sim.baseUri() + "/tracker/chat/list"))
                .header("Content-Type", "application/json").header("NVX-ISO-DateTime", "true")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        assertThat(mapper.readTree(client.send(iso, HttpResponse.BodyHandlers.ofString()).body()).at("/list/0/submit_time").asText())
                .isEqualTo("2026-11-20T14:45:00+05:45");
    }

    @Test
    void should_issue_session_hashes_and_inject_faults() throws Exception {
        Answer auth = post("/user/auth", "application/json",
                "{\"login\":\"" + NavixySimulator.DEMO_LOGIN + "\",\"password\":\"" + NavixySimulator.DEMO_PASSWORD + "\"}");
        String hash = auth.body().get("hash").asText();
        assertThat(hash).hasSize(32);
        assertThat(post("/user/get_info", "application/json", "{\"hash\":\"" + hash + "\"}").body()
                .at("/user_info/time_zone").asText()).isEqualTo("Asia/Kathmandu");
        sim.endSessions();
        assertThat(post("/user/get_info", "application/json", "{\"hash\":\"" + hash + "\"}").body()
                .at("/status/code").asInt()).isEqualTo(4);
        assertThat(post("/user/auth", "application/json", "{\"login\":\"x\",\"password\":\"y\"}").body()
                .at("/status/code").asInt()).isEqualTo(102);
        sim.inject("/v2/tracker/list", Fault.respond(500, "{\"success\":false,\"status\":{\"code\":1,\"description\":\"Database error\"}}"));
        assertThat(post("/tracker/list", "application/json", "{\"hash\":\"" + NavixySimulator.DEMO_API_KEY + "\"}").status())
                .isEqualTo(500);
    }
}
