package io.chatgateway.fake;

import io.chatgateway.ChatGateway;
import io.chatgateway.ResiliencePolicy;
import io.chatgateway.Secret;
import io.chatgateway.testprovider.LoopbackConfig;
import io.chatgateway.testprovider.LoopbackServer;

/** Builds gateways against a {@link LoopbackServer} with a {@link TestTime}. */
public final class Loopback {

    private Loopback() {}

    /** @param server the server @param time the time @param policy the policy @return a gateway with account {@code lb} */
    public static ChatGateway gateway(LoopbackServer server, TestTime time, ResiliencePolicy policy) {
        return ChatGateway.builder()
                .account("lb", new LoopbackConfig(server.baseUri(), Secret.of(LoopbackServer.TOKEN)), policy)
                .clock(time).sleeper(time)
                .build();
    }

    /** @param server the server @param time the time @return a gateway with the default policy */
    public static ChatGateway gateway(LoopbackServer server, TestTime time) {
        return gateway(server, time, ResiliencePolicy.custom().requestTimeout(java.time.Duration.ofSeconds(5)).build());
    }
}
