package io.chatgateway;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which messages of one conversation to read, and in what order.
 *
 * <p>Built with {@link #of(ConversationRef)}. {@code since} is inclusive, {@code until} exclusive, and so are
 * {@code updatedSince} and {@code updatedUntil}; a time filter keeps only messages with that time known.
 * Recipient filters match {@link Message#recipient()}'s id: {@code recipientsIn} drops messages without a known
 * recipient, {@code recipientsNotIn} keeps them (as the sender filters treat {@link Message#author()}).
 * Filters the provider cannot apply are applied by the gateway after fetching;
 * {@link ChatGateway#explain(MessageQuery)} says which ran where. Filters only one provider understands come
 * typed as a {@link ProviderQuery} (e.g. QuickBlox's {@code QuickbloxFilter}: operators on {@code sender_id},
 * {@code recipient_id}, {@code updated_at}, …); the gateway refuses another provider's, and the adapter
 * validates the values, both before any request.
 *
 * @param conversation the conversation
 * @param since        oldest send time to include, or {@code null} (provider default window)
 * @param until        send time to stop before, or {@code null} (now)
 * @param textContains keep messages whose text contains this, case-insensitively
 * @param sendersIn    keep only messages from these participant ids; empty = all
 * @param sendersNotIn drop messages from these participant ids
 * @param order        oldest or newest first
 * @param pageSize     messages per page; 0 = the provider's default
 * @param providerQuery typed filters of one provider, or {@code null}
 * @param recipientsIn  keep only messages addressed to one of these participant ids; empty = all
 * @param recipientsNotIn drop messages addressed to one of these participant ids
 * @param updatedSince  oldest update time ({@link Message#updatedAt()}) to include, or {@code null}
 * @param updatedUntil  update time to stop before, or {@code null}
 */
public record MessageQuery(ConversationRef conversation, @Nullable Instant since, @Nullable Instant until, @Nullable String textContains,
                           Set<String> sendersIn, Set<String> sendersNotIn, Order order, int pageSize,
                           @Nullable ProviderQuery providerQuery, Set<String> recipientsIn, Set<String> recipientsNotIn,
                           @Nullable Instant updatedSince, @Nullable Instant updatedUntil) {

    /**
     * @throws InvalidRequestException on a missing conversation, negative page size, inverted range (send or update
     *         times) or a null or blank recipient id
     */
    public MessageQuery {
        if (conversation == null) {
            throw new InvalidRequestException("A message query needs a conversation.");
        }
        sendersIn = sendersIn == null ? Set.of() : Set.copyOf(sendersIn);
        sendersNotIn = sendersNotIn == null ? Set.of() : Set.copyOf(sendersNotIn);
        order = order == null ? Order.ASCENDING : order;
        if (pageSize < 0 || pageSize > ConversationQuery.MAX_PAGE_SIZE) {
            throw new InvalidRequestException("Page size must be between 1 and " + ConversationQuery.MAX_PAGE_SIZE
                    + " (0 = default), not " + pageSize + ".");
        }
        if (since != null && until != null && !since.isBefore(until)) {
            throw new InvalidRequestException("since " + since + " must be before until " + until + ".");
        }
        if (textContains != null && textContains.isEmpty()) {
            textContains = null;
        }
        recipientsIn = ids(recipientsIn, "recipientsIn");
        recipientsNotIn = ids(recipientsNotIn, "recipientsNotIn");
        if (updatedSince != null && updatedUntil != null && !updatedSince.isBefore(updatedUntil)) {
            throw new InvalidRequestException("updatedSince " + updatedSince + " must be before updatedUntil "
                    + updatedUntil + ".");
        }
    }

    /**
     * A query with typed provider filters but no recipient or update-time filters (kept for callers written
     * before they existed).
     *
     * @param conversation  the conversation
     * @param since         oldest send time to include, or {@code null}
     * @param until         send time to stop before, or {@code null}
     * @param textContains  case-insensitive substring, or {@code null}
     * @param sendersIn     participant ids to keep; empty = all
     * @param sendersNotIn  participant ids to drop
     * @param order         oldest or newest first
     * @param pageSize      messages per page; 0 = the provider's default
     * @param providerQuery typed filters of one provider, or {@code null}
     * @throws InvalidRequestException on a missing conversation, negative page size or inverted range
     */
    @SuppressWarnings("NullAway") // the canonical constructor maps null to the documented default
    public MessageQuery(ConversationRef conversation, @Nullable Instant since, @Nullable Instant until,
                        @Nullable String textContains, @Nullable Set<String> sendersIn, @Nullable Set<String> sendersNotIn,
                        @Nullable Order order, int pageSize, @Nullable ProviderQuery providerQuery) {
        this(conversation, since, until, textContains, sendersIn, sendersNotIn, order, pageSize, providerQuery, null,
                null, null, null);
    }

    private static Set<String> ids(@Nullable Set<String> ids, String name) {
        if (ids == null || ids.isEmpty()) {
            return Set.of();
        }
        for (String id : ids) {
            if (id == null || id.isBlank()) {
                throw new InvalidRequestException(name + " takes participant ids, not a " + (id == null ? "null" : "blank")
                        + " one.");
            }
        }
        return Set.copyOf(ids);
    }

    /**
     * A query without typed provider filters (kept for callers written before they existed).
     *
     * @param conversation the conversation
     * @param since        oldest send time to include, or {@code null}
     * @param until        send time to stop before, or {@code null}
     * @param textContains case-insensitive substring, or {@code null}
     * @param sendersIn    participant ids to keep; empty = all
     * @param sendersNotIn participant ids to drop
     * @param order        oldest or newest first
     * @param pageSize     messages per page; 0 = the provider's default
     * @throws InvalidRequestException on a missing conversation, negative page size or inverted range
     */
    @SuppressWarnings("NullAway") // the canonical constructor maps null to the documented default
    public MessageQuery(ConversationRef conversation, @Nullable Instant since, @Nullable Instant until,
                        @Nullable String textContains, @Nullable Set<String> sendersIn, @Nullable Set<String> sendersNotIn,
                        @Nullable Order order, int pageSize) {
        this(conversation, since, until, textContains, sendersIn, sendersNotIn, order, pageSize, null);
    }

    /**
     * @param type the provider query type the adapter understands
     * @param <T>  that type
     * @return the typed provider filters when they are of that type
     */
    public <T extends ProviderQuery> java.util.Optional<T> providerQuery(Class<T> type) {
        return type.isInstance(providerQuery) ? java.util.Optional.of(type.cast(providerQuery)) : java.util.Optional.empty();
    }

    /**
     * @param conversation the conversation
     * @return a builder for all of its messages, oldest first
     */
    public static Builder of(ConversationRef conversation) {
        return new Builder(conversation);
    }

    /**
     * @param size messages per page; 0 = the provider's default
     * @return a copy with that page size
     * @throws InvalidRequestException when the size is out of range
     */
    public MessageQuery withPageSize(int size) {
        return new MessageQuery(conversation, since, until, textContains, sendersIn, sendersNotIn, order, size, providerQuery,
                recipientsIn, recipientsNotIn, updatedSince, updatedUntil);
    }

    /** @return a builder holding this query's values, to build a modified copy */
    public Builder toBuilder() {
        Builder b = new Builder(conversation).since(since).until(until).textContains(textContains).order(order)
                .pageSize(pageSize).providerQuery(providerQuery).updatedSince(updatedSince).updatedUntil(updatedUntil);
        b.sendersIn.addAll(sendersIn);
        b.sendersNotIn.addAll(sendersNotIn);
        b.recipientsIn.addAll(recipientsIn);
        b.recipientsNotIn.addAll(recipientsNotIn);
        return b;
    }

    /** Builds a {@link MessageQuery}; not thread-safe. */
    public static final class Builder {
        private final ConversationRef conversation;
        private @Nullable Instant since;
        private @Nullable Instant until;
        private @Nullable String textContains;
        private final Set<String> sendersIn = new LinkedHashSet<>();
        private final Set<String> sendersNotIn = new LinkedHashSet<>();
        private Order order = Order.ASCENDING;
        private int pageSize;
        private @Nullable ProviderQuery providerQuery;
        private final Set<String> recipientsIn = new LinkedHashSet<>();
        private final Set<String> recipientsNotIn = new LinkedHashSet<>();
        private @Nullable Instant updatedSince;
        private @Nullable Instant updatedUntil;

        private Builder(ConversationRef conversation) {
            this.conversation = conversation;
        }

        /**
         * @param value inclusive lower time bound
         * @return this
         */
        public Builder since(@Nullable Instant value) { this.since = value; return this; }

        /**
         * @param value exclusive upper time bound
         * @return this
         */
        public Builder until(@Nullable Instant value) { this.until = value; return this; }

        /**
         * @param value case-insensitive substring
         * @return this
         */
        public Builder textContains(@Nullable String value) { this.textContains = value; return this; }

        /**
         * @param ids participant ids to keep
         * @return this
         */
        public Builder sendersIn(String... ids) { this.sendersIn.addAll(Set.of(ids)); return this; }

        /**
         * @param ids participant ids to drop
         * @return this
         */
        public Builder sendersNotIn(String... ids) { this.sendersNotIn.addAll(Set.of(ids)); return this; }

        /**
         * @param ids participant ids: keep only messages addressed to one of them ({@link Message#recipient()});
         *            null or blank ids fail {@link #build()}
         * @return this
         */
        @SuppressWarnings("NullAway") // a null id reaches the canonical constructor, which rejects it
        public Builder recipientsIn(String... ids) { java.util.Collections.addAll(this.recipientsIn, ids); return this; }

        /**
         * @param ids participant ids: drop messages addressed to one of them; null or blank ids fail {@link #build()}
         * @return this
         */
        @SuppressWarnings("NullAway") // a null id reaches the canonical constructor, which rejects it
        public Builder recipientsNotIn(String... ids) { java.util.Collections.addAll(this.recipientsNotIn, ids); return this; }

        /**
         * @param value inclusive lower bound on {@link Message#updatedAt()}, or {@code null}
         * @return this
         */
        public Builder updatedSince(@Nullable Instant value) { this.updatedSince = value; return this; }

        /**
         * @param value exclusive upper bound on {@link Message#updatedAt()}, or {@code null}
         * @return this
         */
        public Builder updatedUntil(@Nullable Instant value) { this.updatedUntil = value; return this; }

        /**
         * @param value order
         * @return this
         */
        public Builder order(Order value) { this.order = value; return this; }

        /** @return this, newest first */
        public Builder newestFirst() { this.order = Order.DESCENDING; return this; }

        /**
         * @param value messages per page
         * @return this
         */
        public Builder pageSize(int value) { this.pageSize = value; return this; }

        /**
         * @param value typed filters of the conversation's provider, {@code null} for none
         * @return this
         */
        public Builder providerQuery(@Nullable ProviderQuery value) { this.providerQuery = value; return this; }

        /** @return the query @throws InvalidRequestException when invalid */
        public MessageQuery build() {
            return new MessageQuery(conversation, since, until, textContains, sendersIn, sendersNotIn, order, pageSize,
                    providerQuery, recipientsIn, recipientsNotIn, updatedSince, updatedUntil);
        }
    }

    /**
     * The order in which messages are returned.
     */
    public enum Order {
        /** Oldest first. */
        ASCENDING,

        /** Newest first. */
        DESCENDING;
    }
}
