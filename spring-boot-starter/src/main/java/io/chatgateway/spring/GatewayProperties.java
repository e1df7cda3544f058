package io.chatgateway.spring;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Collects the {@code chatgateway.*} properties of a Spring {@link Environment} (application.properties,
 * application.yml, command line, ...) in the form {@code ChatGateway.fromProperties} reads: keys after the
 * account name may be written in kebab case ({@code base-url}, canonical) or camel case ({@code baseUrl});
 * values go through Spring's placeholder resolution ({@code ${NAVIXY_HASH}}). The starter's own keys
 * ({@code chatgateway.enabled}, {@code chatgateway.store|inbox|outbox.*}: {@link StarterSettings}) are left out.
 */
final class GatewayProperties {

    static final String PREFIX = "chatgateway.";
    static final String ENABLED = "chatgateway.enabled";
    /** The prefix of environment variables that set account keys (read by the gateway's loader). */
    static final String ACCOUNT_VARIABLES = "CHATGATEWAY_ACCOUNT_";

    private GatewayProperties() {}

    /**
     * @param environment the application's environment
     * @return the gateway's properties, highest-precedence source first
     */
    static Properties collect(Environment environment) {
        Properties out = new Properties();
        if (!(environment instanceof ConfigurableEnvironment configurable)) {
            return out;
        }
        for (PropertySource<?> source : configurable.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
                continue;
            }
            for (String name : enumerable.getPropertyNames()) {
                if (!name.startsWith(PREFIX)) {
                    continue;
                }
                String key = canonical(name);
                if (!StarterSettings.isStarterKey(key) && !out.containsKey(key)) {
                    String value = environment.getProperty(name);
                    out.setProperty(key, value == null ? "" : value);
                }
            }
        }
        return out;
    }

    /**
     * @param environment the application's environment
     * @return its environment variables (Spring's {@code systemEnvironment} source, else this process's), for
     *         {@code ${env:NAME}} references and {@code CHATGATEWAY_ACCOUNT_<NAME>_<KEY>} variables
     */
    static Map<String, String> variables(Environment environment) {
        if (environment instanceof ConfigurableEnvironment configurable && configurable.getPropertySources()
                .get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME) instanceof MapPropertySource source) {
            Map<String, String> out = new HashMap<>();
            source.getSource().forEach((k, v) -> {
                if (v != null) {
                    out.put(k, v.toString());
                }
            });
            return out;
        }
        return System.getenv();
    }

    /** @return whether the environment variables set some account key */
    static boolean hasAccountVariables(Environment environment) {
        return variables(environment).keySet().stream().anyMatch(k -> k.startsWith(ACCOUNT_VARIABLES));
    }

    /**
     * @param environment the application's environment
     * @return every {@code chatgateway.*} property name in it, in canonical form (the starter's keys included)
     */
    static Set<String> names(Environment environment) {
        Set<String> names = new TreeSet<>();
        if (environment instanceof ConfigurableEnvironment configurable) {
            for (PropertySource<?> source : configurable.getPropertySources()) {
                if (source instanceof EnumerablePropertySource<?> enumerable) {
                    for (String name : enumerable.getPropertyNames()) {
                        if (name.startsWith(PREFIX)) {
                            names.add(canonical(name));
                        }
                    }
                }
            }
        }
        return names;
    }

    /** {@code chatgateway.account.myFleet.baseUrl} → {@code chatgateway.account.myFleet.base-url}; the name stays. */
    static String canonical(String name) {
        String[] parts = name.split("\\.", -1);
        if (parts.length == 3 && !parts[1].equals("account")) {
            // the starter's keys: chatgateway.inbox.pollInterval -> chatgateway.inbox.poll-interval
            return parts[0] + '.' + kebab(parts[1]) + '.' + kebab(parts[2].replaceAll("\\[\\d+]$", ""));
        }
        if (parts.length < 4 || !parts[1].equals("account")) {
            return name;
        }
        StringBuilder sb = new StringBuilder(parts[0]).append('.').append(parts[1]).append('.').append(parts[2]);
        for (int i = 3; i < parts.length; i++) {
            sb.append('.').append(kebab(parts[i]));
        }
        return sb.toString();
    }

    private static String kebab(String segment) {
        StringBuilder sb = new StringBuilder(segment.length() + 4);
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0 && segment.charAt(i - 1) != '-') {
                    sb.append('-');
                }
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
