package io.chatgateway.benchmarks;

import io.chatgateway.ChatGateway;
import io.chatgateway.ConversationRef;
import io.chatgateway.MessageQuery;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Gateways on the stub, configured only as users configure them: {@link ChatGateway#fromProperties} with
 * the documented keys. One account per provider: {@code fleet} (navixy), {@code support} (smsbat),
 * {@code app} (quickblox). The account rate limits are raised to {@value #RATE_LIMIT}/s, so that the
 * benchmarks measure the library rather than the providers' default limits (50–100 requests/s).
 */
final class Gateways {

    /** Requests per second allowed per account in every benchmark. */
    static final int RATE_LIMIT = 100_000;

    static final String NAVIXY_HASH = "22eac1c27af4be7b9d04da2ce1af111b";
    static final String SMSBAT_TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJiZW5jaCIsImNvbXBhbnlJZCI6MTIzfQ.c2lnbmF0dXJl";
    static final String QUICKBLOX_API_KEY = "bench-api-key-0123456789abcdef";
    static final String QUICKBLOX_USER = "96753878";

    private Gateways() {}

    /** @param provider navixy, smsbat or quickblox @return its account name */
    static String account(String provider) {
        return switch (provider) {
            case "navixy" -> "fleet";
            case "smsbat" -> "support";
            case "quickblox" -> "app";
            default -> throw new IllegalArgumentException("unknown provider " + provider);
        };
    }

    /**
     * @param provider navixy, smsbat or quickblox
     * @param count    how many messages the conversation holds
     * @return the stub conversation holding that many messages
     */
    static ConversationRef conversation(String provider, long count) {
        String id = provider.equals("quickblox") ? StubData.quickbloxDialog(count) : Long.toString(count);
        return new ConversationRef(account(provider), id);
    }

    /** @return a query for all {@code count} messages of the stub conversation, oldest first */
    static MessageQuery allMessages(String provider, long count, int pageSize) {
        return MessageQuery.of(conversation(provider, count))
                .since(StubData.BASE)
                .until(StubData.BASE.plus(Duration.ofSeconds(count)))
                .pageSize(pageSize)
                .build();
    }

    /**
     * @param stub  the stub server
     * @param extra extra properties per account (key without the account prefix), e.g. {@code broadcast.concurrency}
     * @param providers the providers to configure
     * @return a gateway with one account per provider
     */
    static ChatGateway on(StubServer stub, Map<String, String> extra, String... providers) {
        return ChatGateway.fromProperties(properties(stub, extra, providers));
    }

    /**
     * @param stub      the stub server (for the base URLs)
     * @param client    the HTTP client the gateway uses, e.g. an {@link InMemoryHttpClient}
     * @param providers the providers to configure
     * @return a gateway with one account per provider, on that client
     */
    static ChatGateway on(StubServer stub, java.net.http.HttpClient client, String... providers) {
        return ChatGateway.builder().properties(properties(stub, Map.of(), providers)).httpClient(client).build();
    }

    /**
     * @param bases     base URL per provider, e.g. of a stub in another process
     * @param providers the providers to configure
     * @return a gateway with one account per provider, on its own HTTP client
     */
    static ChatGateway on(java.util.function.Function<String, java.net.URI> bases, String... providers) {
        return ChatGateway.fromProperties(properties(bases, Map.of(), providers));
    }

    /**
     * @param bases     base URL per provider
     * @param extra     extra properties per account (key without the account prefix)
     * @param providers the providers to configure
     * @return a builder with one account per provider, to add stores or listeners to
     */
    static ChatGateway.Builder builder(java.util.function.Function<String, java.net.URI> bases, Map<String, String> extra,
                                       String... providers) {
        return ChatGateway.builder().properties(properties(bases, extra, providers));
    }

    private static Properties properties(StubServer stub, Map<String, String> extra, String... providers) {
        return properties(stub::baseUri, extra, providers);
    }

    private static Properties properties(java.util.function.Function<String, java.net.URI> bases,
                                         Map<String, String> extra, String... providers) {
        Properties p = new Properties();
        for (String provider : providers) {
            String a = "chatgateway.account." + account(provider) + ".";
            p.setProperty(a + "provider", provider);
            p.setProperty(a + "base-url", bases.apply(provider).toString());
            switch (provider) {
                case "navixy" -> {
                    p.setProperty(a + "hash", NAVIXY_HASH);
                    p.setProperty(a + "time-zone", "UTC");
                }
                case "smsbat" -> p.setProperty(a + "token", SMSBAT_TOKEN);
                case "quickblox" -> {
                    p.setProperty(a + "api-key", QUICKBLOX_API_KEY);
                    p.setProperty(a + "on-behalf-of", QUICKBLOX_USER);
                }
                default -> throw new IllegalArgumentException("unknown provider " + provider);
            }
            p.setProperty(a + "rate-limit.per-second", Integer.toString(RATE_LIMIT));
            extra.forEach((k, v) -> p.setProperty(a + k, v));
        }
        return p;
    }
}
