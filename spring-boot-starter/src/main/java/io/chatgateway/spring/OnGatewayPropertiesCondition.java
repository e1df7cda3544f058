package io.chatgateway.spring;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the environment has any {@code chatgateway.*} property or {@code CHATGATEWAY_ACCOUNT_*}
 * environment variable (so a misspelt key still builds the
 * gateway and fails the start with a message naming it) and {@code chatgateway.enabled} is not {@code false}.
 */
final class OnGatewayPropertiesCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        if ("false".equalsIgnoreCase(context.getEnvironment().getProperty(GatewayProperties.ENABLED))) {
            return ConditionOutcome.noMatch(GatewayProperties.ENABLED + " is false");
        }
        if (GatewayProperties.collect(context.getEnvironment()).isEmpty()
                && !GatewayProperties.hasAccountVariables(context.getEnvironment())) {
            return ConditionOutcome.noMatch("no chatgateway.* property nor CHATGATEWAY_ACCOUNT_* variable is set");
        }
        return ConditionOutcome.match("chatgateway.* properties are set");
    }
}
