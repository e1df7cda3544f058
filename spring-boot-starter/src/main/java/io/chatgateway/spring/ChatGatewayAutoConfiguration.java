package io.chatgateway.spring;

import io.chatgateway.ChatGateway;
import io.chatgateway.events.GatewayListener;
import io.chatgateway.inbox.InboxHandler;
import io.chatgateway.outbox.Outbox;
import io.chatgateway.store.InboxStore;
import io.chatgateway.store.OutboxStore;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * A {@link ChatGateway} bean built from the {@code chatgateway.account.<name>.*} properties, the same keys as
 * {@link ChatGateway#fromProperties} (also as {@code CHATGATEWAY_ACCOUNT_<NAME>_<KEY>} environment variables),
 * with every {@link GatewayListener} bean registered and every
 * {@link ChatGatewayCustomizer} bean applied. Closed with the application context. Backs off when the
 * application defines its own {@code ChatGateway} bean, when no {@code chatgateway.*} property is set, or with
 * {@code chatgateway.enabled=false}. Unknown or malformed properties fail the start with the gateway's one-line
 * message naming the key (never the secret).
 *
 * <p>With the gateway come its stores and the inbox and outbox:
 * <ul>
 *   <li>an {@link InboxStore} and an {@link OutboxStore} bean: in memory, or with {@code chat-gateway-store-jdbc}
 *       on the class path on a database ({@code chatgateway.store.url} with an H2 URL, or the application's
 *       {@code DataSource} bean; {@code chatgateway.store.type=memory|jdbc} decides explicitly). On a database
 *       the gateway's idempotency store is there too, so keyed sends and outbox entries are sent once across
 *       restarts and instances;</li>
 *   <li>an {@link Outbox} bean ({@code chatgateway.outbox.*}), whose worker starts with the context
 *       ({@code chatgateway.outbox.auto-start}, default true) and stops, after the sends in flight, when it
 *       closes;</li>
 *   <li>for every {@link InboxHandler} bean a push-mode inbox named after the bean ({@code chatgateway.inbox.*}),
 *       started with the context and stopped when it closes, committing what the handler finished. For pull
 *       mode, build one from the store bean: {@code gateway.inbox(InboxOptions.builder().store(inboxStore)...)}.</li>
 * </ul>
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(ChatGateway.class)
@Conditional(OnGatewayPropertiesCondition.class)
public class ChatGatewayAutoConfiguration {

    /** Created by Spring. */
    public ChatGatewayAutoConfiguration() {
    }

    @Bean
    StarterSettings chatGatewayStarterSettings(Environment environment) {
        return new StarterSettings(environment);
    }

    @Bean(destroyMethod = "close")
    Stores chatGatewayStores(StarterSettings settings, ObjectProvider<DataSource> dataSource) {
        return Stores.create(settings, dataSource.getIfUnique());
    }

    /**
     * @param stores the starter's stores
     * @return the inboxes' store
     */
    @Bean
    @ConditionalOnMissingBean
    public InboxStore chatGatewayInboxStore(Stores stores) {
        return stores.inbox();
    }

    /**
     * @param stores the starter's stores
     * @return the outbox's store
     */
    @Bean
    @ConditionalOnMissingBean
    public OutboxStore chatGatewayOutboxStore(Stores stores) {
        return stores.outbox();
    }

    /**
     * @param environment the application's environment
     * @param stores      the starter's stores (the idempotency store comes from there)
     * @param listeners   listener beans, registered in bean order
     * @param customizers builder customizers, applied in bean order (after the starter's settings)
     * @return the gateway
     * @throws io.chatgateway.InvalidConfigurationException naming the key that is unknown, missing or malformed
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public ChatGateway chatGateway(Environment environment, ObjectProvider<Stores> stores,
                                   ObjectProvider<GatewayListener> listeners,
                                   ObjectProvider<ChatGatewayCustomizer> customizers) {
        ChatGateway.Builder builder = ChatGateway.builder().properties(GatewayProperties.collect(environment),
                GatewayProperties.variables(environment));
        Stores s = stores.getIfAvailable();
        if (s != null && s.idempotency() != null) {
            builder.idempotencyStore(s.idempotency());
        }
        listeners.orderedStream().forEach(builder::listener);
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    /**
     * @param gateway  the gateway
     * @param store    the outbox store
     * @param settings the starter's settings
     * @return the outbox ({@code chatgateway.outbox.enabled=false} leaves it out)
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "chatgateway.outbox.enabled", havingValue = "true", matchIfMissing = true)
    public Outbox chatGatewayOutbox(ChatGateway gateway, OutboxStore store, StarterSettings settings) {
        return gateway.outbox(settings.outbox(store));
    }

    @Bean
    ChatGatewayLifecycle chatGatewayLifecycle(ChatGateway gateway, ListableBeanFactory beans, StarterSettings settings,
                                              InboxStore inboxStore, ObjectProvider<Outbox> outbox) {
        return new ChatGatewayLifecycle(gateway, beans, settings, inboxStore, outbox.getIfAvailable());
    }
}
