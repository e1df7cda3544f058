package io.chatgateway.it.navixy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import io.chatgateway.navixy.NavixyConfig;
import io.chatgateway.testkit.FakeTime;
import java.util.function.UnaryOperator;

/** A WireMock server standing in for Navixy and a gateway with one account ("fleet") pointed at it. */
final class NavixyWireMock implements AutoCloseable {

    static final String HASH = "22eac1c27af4be7b9d04da2ce1af111b";

    final WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    final FakeTime time = FakeTime.standard();
    final ChatGateway gateway;

    NavixyWireMock() {
        this(b -> b.hash(HASH));
    }

    NavixyWireMock(UnaryOperator<NavixyConfig.Builder> config) {
        server.start();
        gateway = ChatGateway.builder()
                .account("fleet", config.apply(NavixyConfig.builder().baseUri(server.baseUrl() + "/v2")).build())
                .clock(time).sleeper(time).build();
    }

    static ConversationRef ref(String id) {
        return new ConversationRef("fleet", id);
    }

    void answer(String action, int status, String body) {
        server.stubFor(route(action).willReturn(json(status, body)));
    }

    static MappingBuilder route(String action) {
        return post(urlEqualTo("/v2/" + action));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    @Override
    public void close() {
        gateway.close();
        server.stop();
    }
}
