package io.chatgateway.spring;

import io.chatgateway.events.AccountHealth;
import io.chatgateway.ChatGateway;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;

/**
 * The {@code chatGateway} Actuator health contributor: one component per account, from
 * {@link ChatGateway#health(String)} (UP, DOWN, or {@value #DEGRADED}, reported with HTTP 200 unless the
 * application maps it otherwise), with the reason, circuit state and last success and failure as details.
 * Off with {@code management.health.chatgateway.enabled=false}.
 */
@AutoConfiguration(after = ChatGatewayAutoConfiguration.class)
@ConditionalOnClass(HealthContributor.class)
@ConditionalOnBean(ChatGateway.class)
@ConditionalOnEnabledHealthIndicator("chatgateway")
public class ChatGatewayHealthAutoConfiguration {

    /** The status of a degraded account. */
    public static final String DEGRADED = "DEGRADED";

    /** Created by Spring. */
    public ChatGatewayHealthAutoConfiguration() {
    }

    /**
     * @param gateway the gateway
     * @return a composite with one health indicator per account
     */
    @Bean
    @ConditionalOnMissingBean(name = "chatGatewayHealthContributor")
    public HealthContributor chatGatewayHealthContributor(ChatGateway gateway) {
        Map<String, HealthIndicator> accounts = new LinkedHashMap<>();
        for (String account : gateway.accounts()) {
            accounts.put(account, () -> health(gateway, account));
        }
        return CompositeHealthContributor.fromMap(accounts);
    }

    static Health health(ChatGateway gateway, String account) {
        AccountHealth h;
        try {
            h = gateway.health(account);
        } catch (IllegalStateException closed) {
            return Health.down().withDetail("reason", "The chat gateway is closed.").build();
        }
        Status status = switch (h.status()) {
            case UP -> Status.UP;
            case DOWN -> Status.DOWN;
            case DEGRADED -> new Status(DEGRADED);
        };
        Health.Builder b = new Health.Builder(status)
                .withDetail("provider", h.provider())
                .withDetail("reason", h.reason())
                .withDetail("circuit", h.circuit().name());
        if (h.lastSuccess() != null) {
            b.withDetail("lastSuccess", h.lastSuccess().toString());
        }
        if (h.lastFailure() != null) {
            b.withDetail("lastFailure", h.lastFailure().toString()).withDetail("lastFailureKind", h.lastFailureKind());
        }
        if (h.credentialsRejected()) {
            b.withDetail("credentialsRejected", true);
        }
        if (h.inboxLag() != null) {
            b.withDetail("inboxLag", h.inboxLag().toString());
        }
        return b.build();
    }
}
