package io.chatgateway.internal;

import io.chatgateway.ChatGateway;
import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.Operation;
import io.chatgateway.ResiliencePolicy;
import io.chatgateway.spi.ProviderSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the documented properties format into a {@link ChatGateway.Builder}:
 * {@code chatgateway.account.<name>.<key>=value}. The gateway's own keys per account are
 * {@code provider} and the resilience keys below; every other key goes to the provider's factory,
 * which must read it, or the gateway reports it as unknown.
 */
public final class PropertiesLoader {

    /** Keys the gateway reads for every account. */
    public static final String PROVIDER = "provider";

    private static final String PREFIX = "chatgateway.";
    private static final Pattern ACCOUNT_KEY = Pattern.compile("chatgateway\\.account\\.([A-Za-z0-9_-]{1,64})\\.(.+)");
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");
    /** Prefix of the environment variables that set account keys: {@code CHATGATEWAY_ACCOUNT_<NAME>_<KEY>}. */
    public static final String ENV_PREFIX = "CHATGATEWAY_ACCOUNT_";
    private static final String ENV_PROVIDER = "_PROVIDER";

    private PropertiesLoader() {}

    /**
     * @param properties the properties
     * @param env        environment variables for {@code ${env:NAME}} references
     * @param builder    the builder to add accounts to
     * @return the builder
     */
    public static ChatGateway.Builder load(Properties properties, Map<String, String> env, ChatGateway.Builder builder) {
        Properties given = withVariables(properties, env);
        Map<String, Map<String, String>> accounts = new LinkedHashMap<>();
        for (String key : new TreeSet<>(given.stringPropertyNames())) {
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            Matcher m = ACCOUNT_KEY.matcher(key);
            if (!m.matches()) {
                throw new InvalidConfigurationException("Unknown property " + key
                        + "; expected chatgateway.account.<name>.<key>.", ErrorDetails.NONE);
            }
            String value = substitute(key, given.getProperty(key), env);
            accounts.computeIfAbsent(m.group(1), k -> new LinkedHashMap<>()).put(m.group(2), value);
        }
        if (accounts.isEmpty()) {
            throw new InvalidConfigurationException("No chatgateway.account.<name>.provider property (nor "
                    + ENV_PREFIX + "<NAME>" + ENV_PROVIDER + " environment variable) was found.", ErrorDetails.NONE);
        }
        accounts.forEach((name, values) -> {
            String provider = values.get(PROVIDER);
            ProviderSettings all = ProviderSettings.of(name, provider, values);
            if (provider == null || provider.isBlank()) {
                throw all.invalid(PROVIDER, "is required (navixy, smsbat, quickblox or another installed provider)");
            }
            all.get(PROVIDER);
            ResiliencePolicy policy = policy(all);
            Map<String, String> providerValues = new LinkedHashMap<>();
            all.unreadKeys().forEach(k -> providerValues.put(k, values.get(k)));
            builder.account(name, new SettingsConfig(provider.trim(),
                    ProviderSettings.of(name, provider.trim(), providerValues), all.readKeys()), policy);
        });
        return builder;
    }

    /**
     * Adds the account keys set by environment variables {@code CHATGATEWAY_ACCOUNT_<NAME>_<KEY>} (they win over
     * the properties). {@code <NAME>} is an account of the properties (compared in upper case, {@code -} as
     * {@code _}) or one that {@code CHATGATEWAY_ACCOUNT_<NAME>_PROVIDER} introduces (named in lower case); the
     * longest such name wins. {@code <KEY>} is a common key when it spells one ({@code RETRY_MAX_ATTEMPTS} is
     * {@code retry.max-attempts}), else the provider key in lower case with {@code -} for {@code _}
     * ({@code BASE_URL} is {@code base-url}).
     *
     * @param properties the properties
     * @param env        the environment variables
     * @return the properties with the variables' keys, or {@code properties} itself when no variable is set
     * @throws InvalidConfigurationException naming a variable that belongs to no account (never its value)
     */
    static Properties withVariables(Properties properties, Map<String, String> env) {
        List<String> variables = env.keySet().stream().filter(k -> k.startsWith(ENV_PREFIX)).sorted().toList();
        if (variables.isEmpty()) {
            return properties;
        }
        Map<String, String> names = new HashMap<>(); // normalized name -> account name
        for (String key : properties.stringPropertyNames()) {
            Matcher m = ACCOUNT_KEY.matcher(key);
            if (m.matches()) {
                names.putIfAbsent(normalized(m.group(1)), m.group(1));
            }
        }
        for (String v : variables) {
            if (v.endsWith(ENV_PROVIDER) && v.length() > ENV_PREFIX.length() + ENV_PROVIDER.length()) {
                String name = v.substring(ENV_PREFIX.length(), v.length() - ENV_PROVIDER.length());
                names.putIfAbsent(name, name.toLowerCase(Locale.ROOT));
            }
        }
        Map<String, String> common = new HashMap<>();
        commonKeys().forEach(k -> common.put(normalized(k), k));
        Properties merged = new Properties();
        merged.putAll(properties);
        for (String v : variables) {
            String rest = v.substring(ENV_PREFIX.length());
            String account = names.keySet().stream().filter(n -> rest.startsWith(n + "_"))
                    .max(java.util.Comparator.comparingInt(String::length)).orElse(null);
            if (account == null) {
                throw new InvalidConfigurationException("Environment variable " + v + " belongs to no account; set "
                        + ENV_PREFIX + "<NAME>" + ENV_PROVIDER + " or chatgateway.account.<name>.provider for its"
                        + " account.", ErrorDetails.NONE);
            }
            String key = rest.substring(account.length() + 1);
            String mapped = common.getOrDefault(key, key.toLowerCase(Locale.ROOT).replace('_', '-'));
            merged.setProperty(PREFIX + "account." + names.get(account) + "." + mapped, env.get(v));
        }
        return merged;
    }

    private static String normalized(String name) {
        return name.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    /**
     * The keys the gateway itself reads for every account, whatever the provider: {@code provider} and the
     * resilience keys. Derived by reading an empty account, so it is the same set the loader accepts.
     *
     * @return the common keys, sorted
     */
    public static Set<String> commonKeys() {
        ProviderSettings empty = ProviderSettings.of("account", null, Map.of());
        empty.get(PROVIDER);
        policy(empty);
        return empty.readKeys();
    }

    /**
     * @param env     the environment
     * @param builder the builder
     * @return the builder with the accounts of the file named by {@code CHATGW_CONFIG} and of the
     *         {@code CHATGATEWAY_ACCOUNT_<NAME>_<KEY>} variables (either may be missing, not both)
     */
    public static ChatGateway.Builder fromEnvironment(Map<String, String> env, ChatGateway.Builder builder) {
        String file = env.get("CHATGW_CONFIG");
        if ((file == null || file.isBlank()) && env.keySet().stream().anyMatch(k -> k.startsWith(ENV_PREFIX))) {
            return load(new Properties(), env, builder);
        }
        if (file == null || file.isBlank()) {
            throw new InvalidConfigurationException("The environment variable CHATGW_CONFIG does not name a properties"
                    + " file, and no " + ENV_PREFIX + "<NAME>_<KEY> variable is set.", ErrorDetails.NONE);
        }
        return load(read(Path.of(file)), env, builder);
    }

    /**
     * @param file a properties file (UTF-8)
     * @return its properties
     */
    public static Properties read(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new InvalidConfigurationException("The configuration file " + file + " could not be read ("
                    + e.getClass().getSimpleName() + ").", ErrorDetails.NONE, e);
        }
        return p;
    }

    private static ResiliencePolicy policy(ProviderSettings s) {
        ResiliencePolicy.Builder b = ResiliencePolicy.custom();
        boolean any = false;
        for (String key : new String[] {"connect-timeout", "request-timeout", "retry.initial-backoff",
                "retry.max-backoff", "retry.max-retry-after", "circuit-breaker.wait-in-open", "rate-limit.timeout",
                "bulkhead.max-wait"}) {
            var d = s.duration(key);
            if (d.isEmpty()) {
                continue;
            }
            any = true;
            apply(s, key, () -> {
                switch (key) {
                    case "connect-timeout" -> b.connectTimeout(d.get());
                    case "request-timeout" -> b.requestTimeout(d.get());
                    case "retry.initial-backoff" -> b.initialBackoff(d.get());
                    case "retry.max-backoff" -> b.maxBackoff(d.get());
                    case "retry.max-retry-after" -> b.maxRetryAfter(d.get());
                    case "rate-limit.timeout" -> b.rateLimitTimeout(d.get());
                    case "bulkhead.max-wait" -> b.maxConcurrencyWait(d.get());
                    default -> b.waitInOpenState(d.get());
                }
            });
        }
        var attempts = s.integer("retry.max-attempts", 1, 10);
        if (attempts.isPresent()) { b.maxAttempts(attempts.getAsInt()); any = true; }
        var multiplier = s.decimal("retry.backoff-multiplier", 1.0, 10.0);
        if (multiplier.isPresent()) { b.backoffMultiplier(multiplier.getAsDouble()); any = true; }
        var jitter = s.decimal("retry.jitter", 0.0, 1.0);
        if (jitter.isPresent()) { b.jitter(jitter.getAsDouble()); any = true; }
        var budgetTokens = s.integer("retry.budget-tokens", 1, 1000);
        var budgetRatio = s.decimal("retry.budget-ratio", 0.0, 1.0);
        if (budgetTokens.isPresent() || budgetRatio.isPresent()) {
            apply(s, "retry.budget-ratio", () -> b.retryBudget(
                    budgetTokens.orElse(ResiliencePolicy.DEFAULT_RETRY_BUDGET_TOKENS),
                    budgetRatio.orElse(ResiliencePolicy.DEFAULT_RETRY_BUDGET_RATIO)));
            any = true;
        }
        var failureRate = s.decimal("circuit-breaker.failure-rate-threshold", 0.0, 100.0);
        if (failureRate.isPresent()) {
            apply(s, "circuit-breaker.failure-rate-threshold",
                    () -> b.failureRateThreshold((float) failureRate.getAsDouble()));
            any = true;
        }
        var window = s.integer("circuit-breaker.sliding-window-size", 1, 10_000);
        if (window.isPresent()) { b.slidingWindowSize(window.getAsInt()); any = true; }
        var minimumCalls = s.integer("circuit-breaker.minimum-calls", 1, 10_000);
        if (minimumCalls.isPresent()) { b.minimumCalls(minimumCalls.getAsInt()); any = true; }
        var rate = s.integer("rate-limit.per-second", 1, 100_000);
        if (rate.isPresent()) { b.ratePerSecond(rate.getAsInt()); any = true; }
        var concurrent = s.integer("bulkhead.max-concurrent-calls", 1, 10_000);
        if (concurrent.isPresent()) { b.maxConcurrentCalls(concurrent.getAsInt()); any = true; }
        var fanOut = s.integer("broadcast.concurrency", 1, 256);
        if (fanOut.isPresent()) { b.broadcastConcurrency(fanOut.getAsInt()); any = true; }
        if (!any) {
            return null;
        }
        // the only cross-field rule: name the key that makes it fail
        String blame = s.has("retry.max-backoff") ? "retry.max-backoff" : "retry.initial-backoff";
        ResiliencePolicy[] built = new ResiliencePolicy[1];
        apply(s, blame, () -> built[0] = b.build());
        return built[0];
    }

    /** Runs a policy setter; its complaint is re-raised naming the full property key. */
    private static void apply(ProviderSettings s, String key, Runnable setter) {
        try {
            setter.run();
        } catch (InvalidConfigurationException e) {
            String reason = e.problem().orElse(e.getMessage());
            throw new InvalidConfigurationException("Property " + s.fullKey(key) + " is not accepted (" + reason + ").",
                    ErrorDetails.of(s.account(), s.providerId(), Operation.CONFIGURE), e);
        }
    }

    private static String substitute(String key, String value, Map<String, String> env) {
        Matcher m = ENV_REF.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = env.get(m.group(1));
            if (v == null) {
                throw new InvalidConfigurationException("Property " + key + " refers to the environment variable "
                        + m.group(1) + ", which is not set.", ErrorDetails.NONE);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
