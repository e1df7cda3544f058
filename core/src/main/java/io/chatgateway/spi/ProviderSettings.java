package io.chatgateway.spi;

import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.Operation;
import io.chatgateway.Secret;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One account's flat settings, as read from properties, with typed accessors whose errors name the
 * full property key and never a secret's value. Remembers which keys were read, so that the gateway
 * can reject the ones nobody read as unknown.
 *
 * <p>Values are trimmed; an empty value counts as absent. Thread-safe.
 */
public final class ProviderSettings {

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final String account;
    private final String providerId;
    private final String keyPrefix;
    private final Map<String, String> values;
    private final Set<String> read = ConcurrentHashMap.newKeySet();

    /**
     * @param account    the account name
     * @param providerId the provider id, for messages
     * @param keyPrefix  what precedes a key in the source, e.g. {@code chatgateway.account.fleet.}
     * @param values     the settings without the prefix
     */
    public ProviderSettings(String account, String providerId, String keyPrefix, Map<String, String> values) {
        this.account = account;
        this.providerId = providerId;
        this.keyPrefix = keyPrefix == null ? "" : keyPrefix;
        Map<String, String> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v != null && !v.trim().isEmpty()) {
                copy.put(k, v.trim());
            }
        });
        this.values = Collections.unmodifiableMap(copy);
    }

    /**
     * @param account    the account name
     * @param providerId the provider id
     * @param values     the settings, keyed as in the properties format without the account prefix
     * @return settings whose errors name keys as {@code chatgateway.account.<account>.<key>}
     */
    public static ProviderSettings of(String account, String providerId, Map<String, String> values) {
        return new ProviderSettings(account, providerId, "chatgateway.account." + account + ".", values);
    }

    /** @return the account name */
    public String account() {
        return account;
    }

    /** @return the provider id */
    public String providerId() {
        return providerId;
    }

    /**
     * @param key a key without the prefix
     * @return the full key as the user wrote it
     */
    public String fullKey(String key) {
        return keyPrefix + key;
    }

    /**
     * @param key a key
     * @return {@code true} when it has a value (does not count as read)
     */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /**
     * @param key a key
     * @return its value, if any
     */
    public Optional<String> get(String key) {
        read.add(key);
        return Optional.ofNullable(values.get(key));
    }

    /**
     * @param key a key
     * @return its value
     * @throws InvalidConfigurationException when it is missing
     */
    public String require(String key) {
        return get(key).orElseThrow(() -> invalid(key, "is required"));
    }

    /**
     * @param key a key holding a credential
     * @return the value as a {@link Secret}
     */
    public Optional<Secret> secret(String key) {
        return get(key).map(v -> {
            if (v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) {
                throw invalid(key, "must not contain line breaks");
            }
            return Secret.of(v);
        });
    }

    /**
     * @param key a key holding an http or https URL
     * @return the URI
     */
    public Optional<URI> uri(String key) {
        return get(key).map(v -> {
            try {
                URI uri = new URI(v);
                baseUriProblem(uri).ifPresent(problem -> {
                    throw invalid(key, problem);
                });
                return uri;
            } catch (java.net.URISyntaxException e) {
                throw invalid(key, "is not a valid URL: '" + v + "'");
            }
        });
    }

    /**
     * The one check of a provider's base URI, for settings and for typed config builders alike.
     *
     * @param uri a base URI
     * @return what is wrong with it (e.g. {@code must be an http or https URL, not 'ftp://x'}), or empty when it is
     *         an http or https URL with a host and without query, fragment or user info
     */
    public static Optional<String> baseUriProblem(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            return Optional.of("must be an http or https URL, not '" + uri + "'");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            return Optional.of("must not carry a query, fragment or user info");
        }
        return Optional.empty();
    }

    /**
     * @param key a key holding an IANA zone id or offset
     * @return the zone
     */
    public Optional<ZoneId> zone(String key) {
        return get(key).map(v -> {
            try {
                return ZoneId.of(v);
            } catch (DateTimeException e) {
                throw invalid(key, "is not a time zone id such as Europe/Riga: '" + v + "'");
            }
        });
    }

    /**
     * @param key a key holding a duration: ISO-8601 ({@code PT5S}) or {@code 200ms}, {@code 5s}, {@code 2m},
     *            {@code 1h}, {@code 1d}
     * @return the duration
     */
    public Optional<Duration> duration(String key) {
        return get(key).map(v -> parseDuration(v).orElseThrow(() ->
                invalid(key, "is not a duration such as 5s, 200ms or PT5S: '" + v + "'")));
    }

    /**
     * @param key a key holding an integer
     * @param min smallest accepted value
     * @param max largest accepted value
     * @return the value
     */
    public OptionalInt integer(String key, int min, int max) {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n < min || n > max) {
                throw invalid(key, "must be between " + min + " and " + max + ", not " + n);
            }
            return OptionalInt.of(n);
        } catch (NumberFormatException e) {
            throw invalid(key, "is not a whole number: '" + v.get() + "'");
        }
    }

    /**
     * @param key a key holding a decimal number such as {@code 0.5}
     * @param min smallest accepted value
     * @param max largest accepted value
     * @return the value
     */
    public OptionalDouble decimal(String key, double min, double max) {
        Optional<String> v = get(key);
        if (v.isEmpty()) {
            return OptionalDouble.empty();
        }
        double n;
        try {
            n = Double.parseDouble(v.get());
        } catch (NumberFormatException e) {
            throw invalid(key, "is not a number: '" + v.get() + "'");
        }
        if (!(n >= min && n <= max)) {
            throw invalid(key, "must be between " + min + " and " + max + ", not " + v.get());
        }
        return OptionalDouble.of(n);
    }

    /**
     * @param key a key holding {@code true} or {@code false}
     * @return the value
     */
    public Optional<Boolean> bool(String key) {
        return get(key).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> Boolean.TRUE;
            case "false", "no", "0" -> Boolean.FALSE;
            default -> throw invalid(key, "must be true or false, not '" + v + "'");
        });
    }

    /**
     * @param key    the offending key
     * @param reason what is wrong, e.g. {@code is required}; must not contain a secret value
     * @return an exception naming the full key
     */
    public InvalidConfigurationException invalid(String key, String reason) {
        return new InvalidConfigurationException("Property " + fullKey(key) + " " + reason + ".",
                ErrorDetails.of(account, providerId, Operation.CONFIGURE));
    }

    /**
     * @return every key asked for so far, with a value or without, sorted: after a provider's
     *         {@link ChatProviderFactory#configure} these are the keys it accepts
     */
    public Set<String> readKeys() {
        return new TreeSet<>(read);
    }

    /** @return the keys with a value that nobody has read, sorted */
    public Set<String> unreadKeys() {
        Set<String> unread = new TreeSet<>(values.keySet());
        unread.removeAll(read);
        return unread;
    }

    /**
     * @param text {@code PT5S}, {@code 200ms}, {@code 5s}, {@code 2m}, {@code 1h} or {@code 1d}
     * @return the duration, or empty when the text is not one
     */
    public static Optional<Duration> parseDuration(String text) {
        String t = text.trim();
        Matcher m = SHORT_DURATION.matcher(t.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return Optional.of(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        try {
            return Optional.of(Duration.parse(t));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Lists the keys, never the values. */
    @Override
    public String toString() {
        return "ProviderSettings[account=" + account + ", keys=" + new TreeSet<>(values.keySet()) + "]";
    }
}
