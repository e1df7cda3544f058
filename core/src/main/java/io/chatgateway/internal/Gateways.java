package io.chatgateway.internal;

import io.chatgateway.ChatGateway;

/** The one way from {@link ChatGateway#builder()} to the implementation, which stays package-private. */
public final class Gateways {

    private Gateways() {}

    /**
     * @param settings what the builder collected
     * @return the gateway
     * @throws io.chatgateway.InvalidConfigurationException when an account cannot be set up
     */
    public static ChatGateway create(GatewaySettings settings) {
        return new DefaultChatGateway(settings);
    }
}
