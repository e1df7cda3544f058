package io.chatgateway.spring;

import io.chatgateway.InvalidConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a gateway configuration error at start-up into Spring Boot's short report: the one-line message. */
final class ConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix the chatgateway.* property named above in application.properties or application.yml.", cause);
    }
}
