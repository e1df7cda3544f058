package io.chatgateway.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationQuery;
import io.chatgateway.testkit.navixy.NavixySimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** A real Boot application on a free port, against the Navixy simulator, read through Actuator over HTTP. */
class BootApplicationTest {

    private final NavixySimulator simulator = new NavixySimulator(0);
    private ConfigurableApplicationContext app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        simulator.close();
    }

    @SpringBootApplication
    static class DemoApplication {
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void should_serve_gateway_health_and_metrics_through_actuator() throws Exception {
        simulator.seedDemoData();
        app = new SpringApplication(DemoApplication.class).run("--server.port=0",
                "--management.endpoints.web.exposure.include=health,metrics",
                "--management.endpoint.health.show-details=always",
                "--chatgateway.account.fleet.provider=navixy",
                "--chatgateway.account.fleet.base-url=" + simulator.baseUri(),
                "--chatgateway.account.fleet.hash=" + NavixySimulator.DEMO_API_KEY);
        ChatGateway gateway = app.getBean(ChatGateway.class);
        assertThat(gateway.conversations(ConversationQuery.forAccount("fleet").build()).items()).isNotEmpty();
        String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");

        HttpResponse<String> health = get(base + "/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"chatGateway\"").contains("\"fleet\"").contains("\"navixy\"")
                .doesNotContain(NavixySimulator.DEMO_API_KEY);

        HttpResponse<String> calls = get(base + "/actuator/metrics/chatgateway.calls");
        assertThat(calls.statusCode()).isEqualTo(200);
        assertThat(calls.body()).contains("\"COUNT\"").contains("conversations");
        assertThat(get(base + "/actuator/metrics/chatgateway.health").statusCode()).isEqualTo(200);
    }
}
