package io.chatgateway.spring;

import io.chatgateway.ChatGateway;
import io.chatgateway.events.GatewayListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * A {@link ChatGateway} bean built from the {@code chatgateway.account.<name>.*} properties, the same keys as
 * {@link ChatGateway#fromProperties}, with every {@link GatewayListener} bean registered and every
 * {@link ChatGatewayCustomizer} bean applied. Closed with the application context. Backs off when the
 * application defines its own {@code ChatGateway} bean, when no {@code chatgateway.*} property is set, or with
 * {@code chatgateway.enabled=false}. Unknown or malformed properties fail the start with the gateway's one-line
 * message naming the key (never the secret).
 */
@AutoConfiguration
@ConditionalOnClass(ChatGateway.class)
@Conditional(OnGatewayPropertiesCondition.class)
public class ChatGatewayAutoConfiguration {

    /** Created by Spring. */
    public ChatGatewayAutoConfiguration() {
    }

    /**
     * @param environment the application's environment
     * @param listeners   listener beans, registered in bean order
     * @param customizers builder customizers, applied in bean order
     * @return the gateway
     * @throws io.chatgateway.InvalidConfigurationException naming the key that is unknown, missing or malformed
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public ChatGateway chatGateway(Environment environment, ObjectProvider<GatewayListener> listeners,
                                   ObjectProvider<ChatGatewayCustomizer> customizers) {
        ChatGateway.Builder builder = ChatGateway.builder().properties(GatewayProperties.collect(environment));
        listeners.orderedStream().forEach(builder::listener);
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }
}
