package io.chatgateway;

import io.chatgateway.events.AccountHealth;
import io.chatgateway.events.GatewayListener;
import io.chatgateway.inbox.Inbox;
import io.chatgateway.inbox.InboxOptions;
import io.chatgateway.internal.GatewaySettings;
import io.chatgateway.internal.Gateways;
import io.chatgateway.internal.PropertiesLoader;
import io.chatgateway.spi.ChatProviderFactory;
import io.chatgateway.spi.ProviderConfig;
import io.chatgateway.store.IdempotencyStore;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One provider-neutral API over every configured chat account.
 *
 * <p>Build one with {@link #builder()}, {@link #fromProperties(Properties)} or {@link #fromEnvironment()},
 * share it, and close it on shutdown. Thread-safe. Every operation has a blocking form and an
 * {@code …Async} form; the blocking form throws the typed {@link ChatGatewayException} that the async
 * form completes with.
 *
 * <p>Contracts:
 * <ul>
 *   <li>Input is validated before any network call ({@link InvalidRequestException}); a capability the
 *       account's provider does not support fails with {@link UnsupportedCapabilityException}, also before
 *       any call. {@link #capabilities(String)} tells in advance.</li>
 *   <li>Reads never change read state; marking read is always an explicit call.</li>
 *   <li>Paging never skips and never repeats a message; {@link Page#stream()} pages lazily.</li>
 *   <li>Every provider call runs under the account's {@link ResiliencePolicy}. A send is retried only when
 *       it provably did not reach the provider; otherwise it fails with {@link DeliveryUncertainException}.
 *       An {@linkplain OutgoingMessage#idempotencyKey() idempotency key} makes a repeated send return
 *       the first outcome instead of sending again: in this JVM by default, across restarts and instances with a
 *       durable {@linkplain Builder#idempotencyStore store}.</li>
 * </ul>
 */
public interface ChatGateway extends AutoCloseable {

    /** @return a builder of a gateway with no accounts yet */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a gateway from properties in the documented format
     * ({@code chatgateway.account.<name>.provider=navixy}, ...). Values may refer to environment variables
     * as {@code ${env:NAME}}; {@code CHATGATEWAY_ACCOUNT_<NAME>_<KEY>} environment variables set or override
     * account keys (see {@link Builder#properties(Properties, Map)}). Keys outside {@code chatgateway.} are
     * ignored.
     *
     * @param properties the properties
     * @return the gateway
     * @throws InvalidConfigurationException naming the key that is unknown, missing or malformed
     */
    static ChatGateway fromProperties(Properties properties) {
        return PropertiesLoader.load(properties, System.getenv(), builder()).build();
    }

    /**
     * Builds a gateway from the properties file named by the {@code CHATGW_CONFIG} environment variable and the
     * {@code CHATGATEWAY_ACCOUNT_<NAME>_<KEY>} variables (as {@link Builder#properties(Properties, Map)}
     * reads them; either may be missing, not both).
     *
     * @return the gateway
     * @throws InvalidConfigurationException when neither is set, or the file cannot be read, or a key is invalid
     */
    static ChatGateway fromEnvironment() {
        return PropertiesLoader.fromEnvironment(System.getenv(), builder()).build();
    }

    /** @return the account names, in the order they were configured */
    Set<String> accounts();

    /**
     * @param account an account name
     * @return the provider id of that account
     * @throws InvalidRequestException when the account is unknown
     */
    String provider(String account);

    /**
     * @param account an account name
     * @return how the account's provider supports each capability
     * @throws InvalidRequestException when the account is unknown
     */
    Map<Capability, Capability.Support> capabilities(String account);

    /**
     * @param query which conversations
     * @return the first page
     */
    CompletableFuture<Page<Conversation>> conversationsAsync(ConversationQuery query);

    /**
     * @param query which conversations
     * @return the first page
     */
    default Page<Conversation> conversations(ConversationQuery query) {
        return Page.join(conversationsAsync(query));
    }

    /**
     * @param query which messages
     * @return the first page
     */
    CompletableFuture<Page<Message>> messagesAsync(MessageQuery query);

    /**
     * @param query which messages
     * @return the first page
     */
    default Page<Message> messages(MessageQuery query) {
        return Page.join(messagesAsync(query));
    }

    /**
     * Resumes paging where an earlier page's {@link Page#nextCursor()} left off.
     *
     * @param query  the same query as before
     * @param cursor the cursor ({@code null}: the first page)
     * @return the page at the cursor
     */
    CompletableFuture<Page<Message>> messagesAsync(MessageQuery query, @Nullable String cursor);

    /**
     * @param query the same query as before
     * @param cursor the cursor
     * @return the page at the cursor
     */
    default Page<Message> messages(MessageQuery query, @Nullable String cursor) {
        return Page.join(messagesAsync(query, cursor));
    }

    /**
     * @param query a message query
     * @return which filters run at the provider and which in the gateway, with notes (e.g. default windows)
     */
    QueryPlan explain(MessageQuery query);

    /**
     * @param query a conversation query
     * @return which filters run where
     */
    QueryPlan explain(ConversationQuery query);

    /**
     * @param ref a message
     * @return the message, or empty when the provider does not know it
     */
    CompletableFuture<Optional<Message>> messageAsync(MessageRef ref);

    /**
     * @param ref a message
     * @return the message, or empty when the provider does not know it
     */
    default Optional<Message> message(MessageRef ref) {
        return Page.join(messageAsync(ref));
    }

    /**
     * @param to      the conversation
     * @param message what to send
     * @return the result
     */
    CompletableFuture<SendResult> sendAsync(ConversationRef to, OutgoingMessage message);

    /**
     * @param to the conversation
     * @param message what to send
     * @return the result
     */
    default SendResult send(ConversationRef to, OutgoingMessage message) {
        return Page.join(sendAsync(to, message));
    }

    /**
     * Sends, and settles an uncertain outcome (a timeout or reset after the request was written) by reading the
     * conversation back instead of failing with {@link DeliveryUncertainException}: the message found there →
     * {@link SendResult.Reconciliation#FOUND}; not found after the looks → sent once more ({@link SendResult.Reconciliation#RESENT});
     * a first copy that turns up next to the resent one → {@link SendResult.Reconciliation#DUPLICATE_DETECTED} (reported,
     * never hidden). Needs {@link Capability#LIST_MESSAGES}; without it, or when the conversation cannot be
     * read, the uncertainty stands and nothing is resent. Combines with an idempotency key.
     *
     * @param to      the conversation
     * @param message what to send
     * @param options how to read back
     * @return the result; {@link SendResult#reconciliation()} tells how it was settled
     */
    CompletableFuture<SendResult> sendAsync(ConversationRef to, OutgoingMessage message, ReconcileOptions options);

    /**
     * @param to      the conversation
     * @param message what to send
     * @param options how to read back an uncertain outcome
     * @return the result
     * @see #sendAsync(ConversationRef, OutgoingMessage, ReconcileOptions)
     */
    default SendResult send(ConversationRef to, OutgoingMessage message, ReconcileOptions options) {
        return Page.join(sendAsync(to, message, options));
    }

    /**
     * Sends one message to many conversations (of one or more accounts): natively where the provider
     * can (Navixy, in chunks of 300), by bounded concurrent sends elsewhere. Never fails as a whole for a
     * recipient's error: each recipient gets an outcome.
     *
     * @param recipients distinct conversations, at most 100 000
     * @param message    what to send
     * @return one outcome per distinct recipient, in the given order
     */
    CompletableFuture<BroadcastResult> broadcastAsync(Collection<ConversationRef> recipients, OutgoingMessage message);

    /**
     * @param recipients conversations
     * @param message what to send
     * @return the outcomes
     */
    default BroadcastResult broadcast(Collection<ConversationRef> recipients, OutgoingMessage message) {
        return Page.join(broadcastAsync(recipients, message));
    }

    /**
     * @param messages messages to mark read (any accounts)
     * @return completion
     */
    CompletableFuture<Void> markReadAsync(Collection<MessageRef> messages);

    /** @param messages messages to mark read */
    default void markRead(Collection<MessageRef> messages) {
        Page.join(markReadAsync(messages));
    }

    /**
     * @param account       the account
     * @param conversations its conversations to mark read; empty = all of them
     * @return completion
     */
    CompletableFuture<Void> markAllReadAsync(String account, Collection<ConversationRef> conversations);

    /**
     * @param account the account
     * @param conversations conversations; empty = all
     */
    default void markAllRead(String account, Collection<ConversationRef> conversations) {
        Page.join(markAllReadAsync(account, conversations));
    }

    /**
     * The conversations of an account that have unread messages, with how many: every adapter means the
     * same thing, a conversation is present only when its count is above zero (a conversation without
     * unread messages, or one the provider says nothing about, is absent; look it up with
     * {@code getOrDefault(ref, 0L)}). Counts are for the application's user, as the provider keeps them.
     *
     * @param account the account
     * @return unread counts above zero by conversation, in the provider's order
     */
    CompletableFuture<Map<ConversationRef, Long>> unreadCountsAsync(String account);

    /**
     * Blocking {@link #unreadCountsAsync(String)}: only conversations with more than zero unread messages.
     *
     * @param account the account
     * @return unread counts above zero by conversation
     */
    default Map<ConversationRef, Long> unreadCounts(String account) {
        return Page.join(unreadCountsAsync(account));
    }

    /**
     * @param conversations conversations (any accounts)
     * @return last activity of those that have any
     */
    CompletableFuture<Map<ConversationRef, Instant>> lastActivityAsync(Collection<ConversationRef> conversations);

    /**
     * @param conversations conversations
     * @return last activity of those that have any
     */
    default Map<ConversationRef, Instant> lastActivity(Collection<ConversationRef> conversations) {
        return Page.join(lastActivityAsync(conversations));
    }

    /**
     * @param conversation the conversation
     * @param status the new status, not UNKNOWN
     * @return completion
     */
    CompletableFuture<Void> setStatusAsync(ConversationRef conversation, Conversation.Status status);

    /**
     * @param conversation the conversation
     * @param status the new status, not UNKNOWN
     */
    default void setStatus(ConversationRef conversation, Conversation.Status status) {
        Page.join(setStatusAsync(conversation, status));
    }

    /**
     * @param conversation the conversation
     * @return completion
     */
    CompletableFuture<Void> deleteConversationAsync(ConversationRef conversation);

    /** @param conversation the conversation to delete */
    default void deleteConversation(ConversationRef conversation) {
        Page.join(deleteConversationAsync(conversation));
    }

    /**
     * A durable change feed over accounts of this gateway: new messages, delivery and read changes,
     * conversation changes. See {@link Inbox} for the delivery contract. The inbox uses this gateway's
     * accounts and resilience and ends with it.
     *
     * @param options which accounts, where to start, where to keep checkpoints and leases
     * @return the inbox, not started
     * @throws InvalidRequestException when an account of the options is not configured here
     */
    Inbox inbox(InboxOptions options);

    /**
     * An outbox delivering through this gateway's accounts: {@link io.chatgateway.outbox.Outbox#submit} is
     * durable (in the options' store) before it returns, and workers deliver each entry exactly once, reconciling
     * uncertain sends. For exactly-once across restarts and instances, give the gateway a durable
     * {@linkplain Builder#idempotencyStore idempotency store} and the outbox a durable store on the same database.
     * The outbox ends with the gateway.
     *
     * @param options workers, retries, reconciliation, store
     * @return the outbox, its workers not started
     */
    io.chatgateway.outbox.Outbox outbox(io.chatgateway.outbox.OutboxOptions options);

    /**
     * The health of every account, computed from the calls the gateway has seen and the state of each account's
     * circuit breaker; it makes no provider call. See {@link AccountHealth} for the rules.
     *
     * @return each account's health, in the order the accounts were configured
     * @throws IllegalStateException when the gateway is closed
     */
    Map<String, AccountHealth> health();

    /**
     * @param account an account name
     * @return that account's health, as in {@link #health()}
     * @throws InvalidRequestException when the account is unknown
     */
    AccountHealth health(String account);

    /** Closes every adapter and the gateway's threads. Idempotent; never throws. */
    @Override
    void close();

    /**
     * Builds a {@link ChatGateway}. Not thread-safe.
     */
    final class Builder {
        private final Map<String, GatewaySettings.Account> accounts = new LinkedHashMap<>();
        private final List<ChatProviderFactory> factories = new ArrayList<>();
        private ResiliencePolicy defaultPolicy = ResiliencePolicy.ofDefaults();
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.REAL;
        private @Nullable HttpClient httpClient;
        private @Nullable ClassLoader classLoader;
        private long maxResponseBytes = GatewaySettings.DEFAULT_MAX_RESPONSE_BYTES;
        private Duration idempotencyWindow = GatewaySettings.DEFAULT_IDEMPOTENCY_WINDOW;
        private @Nullable IdempotencyStore idempotencyStore;
        private final List<GatewayListener> listeners = new ArrayList<>();

        private Builder() {}

        /**
         * Adds an account with the default resilience policy.
         *
         * @param name   account name, {@code [A-Za-z0-9_-]{1,64}}
         * @param config the provider's typed config
         * @return this
         * @throws InvalidConfigurationException when the name is taken or malformed
         */
        public Builder account(String name, ProviderConfig config) {
            return account(name, config, null);
        }

        /**
         * @param name       account name
         * @param providerId the provider id the config must be for
         * @param config     the provider's config
         * @return this
         */
        public Builder account(String name, String providerId, ProviderConfig config) {
            if (config != null && !config.providerId().equals(providerId)) {
                throw new InvalidConfigurationException("Account '" + name + "' is declared as " + providerId
                        + " but its config is for " + config.providerId() + ".", ErrorDetails.of(name, providerId, Operation.CONFIGURE));
            }
            return account(name, config, null);
        }

        /**
         * @param name   account name
         * @param config the provider's typed config
         * @param policy the account's resilience policy, or {@code null} for the default
         * @return this
         */
        public Builder account(String name, ProviderConfig config, @Nullable ResiliencePolicy policy) {
            try {
                ConversationRef.requireAccountName(name);
            } catch (InvalidRequestException e) {
                throw new InvalidConfigurationException(String.valueOf(e.getMessage()), ErrorDetails.NONE);
            }
            if (config == null) {
                throw new InvalidConfigurationException("Account '" + name + "' needs a provider config.", ErrorDetails.NONE);
            }
            if (accounts.containsKey(name)) {
                throw new InvalidConfigurationException("Account '" + name + "' is configured twice.", ErrorDetails.NONE);
            }
            accounts.put(name, new GatewaySettings.Account(name, config, policy));
            return this;
        }

        /**
         * Adds the accounts of properties in the documented format, as {@link ChatGateway#fromProperties}
         * does, so that they can be combined with a clock, sleeper or policy set on this builder.
         *
         * @param properties the properties
         * @return this
         * @throws InvalidConfigurationException naming the key that is unknown, missing or malformed
         */
        public Builder properties(Properties properties) {
            return PropertiesLoader.load(properties, System.getenv(), this);
        }

        /**
         * Adds the accounts of properties in the documented format and of environment variables: as
         * {@link #properties(Properties)} (which passes this process's environment), with {@code environment}
         * used for {@code ${env:NAME}} references and for {@code CHATGATEWAY_ACCOUNT_<NAME>_<KEY>} variables,
         * which set (or override) account keys: {@code CHATGATEWAY_ACCOUNT_FLEET_PROVIDER=navixy} introduces the
         * account {@code fleet} (names from variables are lower case; an account of the properties keeps its
         * spelling, matched in upper case with {@code _} for {@code -}), {@code CHATGATEWAY_ACCOUNT_FLEET_HASH}
         * sets its {@code hash}, {@code CHATGATEWAY_ACCOUNT_FLEET_RETRY_MAX_ATTEMPTS} its
         * {@code retry.max-attempts}, {@code CHATGATEWAY_ACCOUNT_FLEET_BASE_URL} its {@code base-url}.
         *
         * @param properties  the properties (may hold no account when the variables define them)
         * @param environment environment variables
         * @return this
         * @throws InvalidConfigurationException naming the key or variable that is unknown, missing or malformed
         *                                       (never a value)
         */
        public Builder properties(Properties properties, Map<String, String> environment) {
            return PropertiesLoader.load(properties, java.util.Objects.requireNonNull(environment, "environment"), this);
        }

        /**
         * @param policy policy of accounts added without one
         * @return this
         */
        public Builder defaultPolicy(ResiliencePolicy policy) {
            this.defaultPolicy = java.util.Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Uses these factories instead of discovering them with {@link java.util.ServiceLoader}.
         *
         * @param providerFactories the factories
         * @return this
         */
        public Builder providers(ChatProviderFactory... providerFactories) {
            factories.addAll(List.of(providerFactories));
            return this;
        }

        /**
         * @param loader class loader for {@link java.util.ServiceLoader} discovery
         * @return this
         */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = loader;
            return this;
        }

        /**
         * @param value the clock for all time decisions (inject in tests)
         * @return this
         */
        public Builder clock(Clock value) {
            this.clock = java.util.Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * @param value how the gateway waits (inject in tests so nothing waits for real)
         * @return this
         */
        public Builder sleeper(Sleeper value) {
            this.sleeper = java.util.Objects.requireNonNull(value, "sleeper");
            return this;
        }

        /**
         * @param client an HTTP client to share; it must not follow redirects. By default the gateway
         *               makes one per account with the policy's connect timeout, which does its own work on its
         *               selector thread instead of handing it to a pool while few exchanges are in flight.
         * @return this
         */
        public Builder httpClient(HttpClient client) {
            if (client.followRedirects() != HttpClient.Redirect.NEVER) {
                throw new InvalidConfigurationException("The HTTP client must not follow redirects.", ErrorDetails.NONE);
            }
            this.httpClient = client;
            return this;
        }

        /**
         * @param bytes largest accepted response body, 1 KiB to 1 GiB (default 16 MiB)
         * @return this
         */
        public Builder maxResponseBytes(long bytes) {
            if (bytes < 1024 || bytes > (1L << 30)) {
                throw new InvalidConfigurationException("maxResponseBytes must be between 1 KiB and 1 GiB.", ErrorDetails.NONE);
            }
            this.maxResponseBytes = bytes;
            return this;
        }

        /**
         * @param window how long a send's idempotency key is remembered (default 24 h)
         * @return this
         */
        public Builder idempotencyWindow(Duration window) {
            if (window == null || window.isNegative()) {
                throw new InvalidConfigurationException("idempotencyWindow must be zero or positive.", ErrorDetails.NONE);
            }
            this.idempotencyWindow = window;
            return this;
        }

        /**
         * Keeps idempotency keys in this store instead of this JVM's memory, so that a repeated send with the same
         * key returns the first outcome across restarts and across every gateway instance sharing the store
         * (e.g. {@code JdbcStores.on(dataSource).idempotency()} of {@code chat-gateway-store-jdbc}).
         *
         * @param store the store
         * @return this
         */
        public Builder idempotencyStore(IdempotencyStore store) {
            this.idempotencyStore = java.util.Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * Adds a listener of the gateway's events (calls, HTTP requests, retries, circuit changes, ...). Several
         * may be added; each gets every event, in the order they were added. A listener's exception never breaks
         * a call. Without listeners no event is built at all.
         *
         * @param listener the listener
         * @return this
         */
        public Builder listener(GatewayListener listener) {
            listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * @return the gateway
         * @throws InvalidConfigurationException when no account is configured, a provider id is unknown
         *                                       (the message lists the ids found) or two factories claim one id
         */
        public ChatGateway build() {
            if (accounts.isEmpty()) {
                throw new InvalidConfigurationException("A chat gateway needs at least one account.", ErrorDetails.NONE);
            }
            return Gateways.create(new GatewaySettings(List.copyOf(accounts.values()), List.copyOf(factories),
                    classLoader, defaultPolicy, clock, sleeper, httpClient, maxResponseBytes, idempotencyWindow,
                    idempotencyStore, List.copyOf(listeners)));
        }
    }
}
