package io.chatgateway.spring;

import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.inbox.InboxOptions;
import io.chatgateway.inbox.InboxStart;
import io.chatgateway.outbox.OutboxOptions;
import io.chatgateway.store.InboxStore;
import io.chatgateway.store.OutboxStore;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The starter's own keys, next to the gateway's {@code chatgateway.account.*}: {@code chatgateway.store.*},
 * {@code chatgateway.inbox.*} and {@code chatgateway.outbox.*}, read with Spring's relaxed binding (kebab or
 * camel case, environment variables such as {@code CHATGATEWAY_STORE_URL}). An unknown key or a malformed
 * value fails the start with a one-line message naming the key, never the value.
 */
final class StarterSettings {

    static final String STORE = "chatgateway.store.";
    static final String INBOX = "chatgateway.inbox.";
    static final String OUTBOX = "chatgateway.outbox.";
    static final Set<String> KEYS = Set.of(
            STORE + "type", STORE + "url",
            INBOX + "enabled", INBOX + "poll-interval", INBOX + "accounts", INBOX + "start", INBOX + "batch-size",
            INBOX + "parallelism", INBOX + "max-attempts", INBOX + "handler-timeout",
            OUTBOX + "enabled", OUTBOX + "auto-start", OUTBOX + "worker-id", OUTBOX + "concurrency",
            OUTBOX + "poll-interval", OUTBOX + "max-attempts");

    /** Where the stores live. */
    enum StoreType { MEMORY, JDBC }

    private final Binder binder;

    StarterSettings(Environment environment) {
        this.binder = Binder.get(environment);
        Set<String> unknown = new TreeSet<>();
        for (String key : GatewayProperties.names(environment)) {
            if (isStarterKey(key) && !KEYS.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            String first = unknown.iterator().next();
            String section = first.substring(0, first.indexOf('.', "chatgateway.".length()) + 1);
            throw new InvalidConfigurationException("Unknown property " + String.join(", ", unknown) + "; the keys of "
                    + section + "* are " + String.join(", ", KEYS.stream().filter(k -> k.startsWith(section))
                    .map(k -> k.substring(section.length())).sorted().toList()) + ".", ErrorDetails.NONE);
        }
    }

    /** @return whether the key belongs to the starter rather than to the gateway's accounts */
    static boolean isStarterKey(String canonicalKey) {
        return canonicalKey.equals(GatewayProperties.ENABLED) || canonicalKey.startsWith(STORE)
                || canonicalKey.startsWith(INBOX) || canonicalKey.startsWith(OUTBOX);
    }

    /**
     * @param dataSourcePresent whether the application has a {@code DataSource} bean
     * @return the store type: {@code chatgateway.store.type}, else JDBC with a URL or a data source, else memory
     */
    StoreType storeType(boolean dataSourcePresent) {
        String type = string(STORE + "type");
        if (type == null) {
            return storeUrl() != null || dataSourcePresent ? StoreType.JDBC : StoreType.MEMORY;
        }
        return switch (type.trim().toLowerCase(Locale.ROOT)) {
            case "memory" -> StoreType.MEMORY;
            case "jdbc" -> StoreType.JDBC;
            default -> throw invalid(STORE + "type", "is memory or jdbc");
        };
    }

    @Nullable String storeUrl() {
        String url = string(STORE + "url");
        return url == null || url.isBlank() ? null : url.trim();
    }

    boolean inboxEnabled() {
        return value(INBOX + "enabled", Boolean.class, "is true or false", true);
    }

    boolean outboxEnabled() {
        return value(OUTBOX + "enabled", Boolean.class, "is true or false", true);
    }

    boolean outboxAutoStart() {
        return value(OUTBOX + "auto-start", Boolean.class, "is true or false", true);
    }

    /**
     * @param name  the inbox name (its checkpoints' key): the handler bean's name
     * @param store the inbox store
     * @return the inbox options from {@code chatgateway.inbox.*}
     */
    InboxOptions inbox(String name, InboxStore store) {
        InboxOptions.Builder b = InboxOptions.builder().store(store);
        try {
            b.name(name);
        } catch (InvalidConfigurationException | IllegalArgumentException e) {
            throw new InvalidConfigurationException("The inbox of handler bean '" + name + "' is named after it: "
                    + e.getMessage(), ErrorDetails.NONE);
        }
        Duration poll = value(INBOX + "poll-interval", Duration.class, DURATION, null);
        if (poll != null) {
            apply(INBOX + "poll-interval", poll, b::pollInterval);
        }
        List<String> accounts = binder.bind(INBOX + "accounts", org.springframework.boot.context.properties.bind
                .Bindable.listOf(String.class)).orElse(List.of());
        if (!accounts.isEmpty()) {
            apply(INBOX + "accounts", accounts, b::accounts);
        }
        String start = string(INBOX + "start");
        if (start != null) {
            b.start(switch (start.trim().toLowerCase(Locale.ROOT)) {
                case "now" -> InboxStart.now();
                case "earliest" -> InboxStart.earliest();
                default -> throw invalid(INBOX + "start", "is now or earliest");
            });
        }
        Integer batch = value(INBOX + "batch-size", Integer.class, NUMBER, null);
        if (batch != null) {
            apply(INBOX + "batch-size", batch, b::batchSize);
        }
        Integer parallelism = value(INBOX + "parallelism", Integer.class, NUMBER, null);
        if (parallelism != null) {
            apply(INBOX + "parallelism", parallelism, b::parallelism);
        }
        Integer attempts = value(INBOX + "max-attempts", Integer.class, NUMBER, null);
        if (attempts != null) {
            apply(INBOX + "max-attempts", attempts, b::maxAttempts);
        }
        Duration timeout = value(INBOX + "handler-timeout", Duration.class, DURATION, null);
        if (timeout != null) {
            apply(INBOX + "handler-timeout", timeout, b::handlerTimeout);
        }
        try {
            return b.build();
        } catch (InvalidConfigurationException | IllegalArgumentException e) {
            throw new InvalidConfigurationException("Properties chatgateway.inbox.*: " + e.getMessage(), ErrorDetails.NONE);
        }
    }

    /** @param store the outbox store @return the outbox options from {@code chatgateway.outbox.*} */
    OutboxOptions outbox(OutboxStore store) {
        OutboxOptions o = OutboxOptions.defaults().withStore(store);
        String worker = string(OUTBOX + "worker-id");
        if (worker != null) {
            o = with(OUTBOX + "worker-id", o, x -> x.withWorkerId(worker.trim()));
        }
        Integer concurrency = value(OUTBOX + "concurrency", Integer.class, NUMBER, null);
        if (concurrency != null) {
            o = with(OUTBOX + "concurrency", o, x -> x.withConcurrency(concurrency));
        }
        Duration poll = value(OUTBOX + "poll-interval", Duration.class, DURATION, null);
        if (poll != null) {
            o = with(OUTBOX + "poll-interval", o, x -> x.withPollInterval(poll));
        }
        Integer attempts = value(OUTBOX + "max-attempts", Integer.class, NUMBER, null);
        if (attempts != null) {
            o = with(OUTBOX + "max-attempts", o, x -> x.withMaxAttempts(attempts));
        }
        return o;
    }

    private static final String DURATION = "is a duration such as 5s, 500ms or PT1M";
    private static final String NUMBER = "is a whole number";

    private @Nullable String string(String key) {
        return value(key, String.class, "is text", null);
    }

    private <T> T value(String key, Class<T> type, String expected, T fallback) {
        try {
            return binder.bind(key, type).orElse(fallback);
        } catch (RuntimeException malformed) {
            throw invalid(key, expected);
        }
    }

    private static <T> void apply(String key, T value, Function<T, ?> setter) {
        try {
            setter.apply(value);
        } catch (InvalidConfigurationException | IllegalArgumentException e) {
            throw new InvalidConfigurationException("Property " + key + ": " + e.getMessage(), ErrorDetails.NONE);
        }
    }

    private static OutboxOptions with(String key, OutboxOptions options, Function<OutboxOptions, OutboxOptions> change) {
        try {
            return change.apply(options);
        } catch (InvalidConfigurationException | IllegalArgumentException e) {
            throw new InvalidConfigurationException("Property " + key + ": " + e.getMessage(), ErrorDetails.NONE);
        }
    }

    private static InvalidConfigurationException invalid(String key, String expected) {
        return new InvalidConfigurationException("Property " + key + " " + expected + ".", ErrorDetails.NONE);
    }
}
