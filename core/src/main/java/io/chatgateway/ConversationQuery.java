package io.chatgateway;

import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which conversations of one account to list.
 *
 * <p>Built with {@link #forAccount(String)}. Filters the provider cannot apply are applied by the
 * gateway after fetching ({@code explain} says where each runs). Filters only one provider understands
 * come typed as a {@link ProviderQuery} (e.g. SMSBAT's {@code SmsbatChatFilter}: participant phone,
 * Telegram user id, organization), validated before any request. {@code providerFilters} pass untyped
 * provider parameters through unchanged (SMSBAT: {@code source}, {@code tg_user_id}, {@code phone},
 * {@code organizationId}, {@code operatorId}); an adapter rejects names it does not know with
 * {@link InvalidRequestException}.
 *
 * @param account         the account to list
 * @param text            free-text search
 * @param statuses        statuses to keep; empty = all
 * @param assigneeId      keep only conversations assigned to this participant id
 * @param activeSince     keep conversations with activity at or after this time
 * @param activeUntil     keep conversations with activity before this time
 * @param pageSize        items per page; 0 = the provider's default
 * @param providerFilters provider-specific filters; copied
 * @param channels        channels to keep ({@link Conversation#channel()}); empty = all
 * @param providerQuery   typed filters of one provider, or {@code null}
 */
public record ConversationQuery(String account, @Nullable String text, Set<Conversation.Status> statuses, @Nullable String assigneeId,
                                @Nullable Instant activeSince, @Nullable Instant activeUntil, int pageSize,
                                Map<String, String> providerFilters, Set<Channel> channels,
                                @Nullable ProviderQuery providerQuery) {

    /** Largest page size accepted by the gateway (adapters may cap lower). */
    public static final int MAX_PAGE_SIZE = 10_000;

    /** @throws InvalidRequestException on a malformed account, negative page size or inverted range */
    public ConversationQuery {
        ConversationRef.requireAccountName(account);
        statuses = statuses == null || statuses.isEmpty() ? Set.of() : Set.copyOf(statuses);
        providerFilters = providerFilters == null ? Map.of() : Map.copyOf(providerFilters);
        channels = channels == null || channels.isEmpty() ? Set.of() : Set.copyOf(channels);
        if (pageSize < 0 || pageSize > MAX_PAGE_SIZE) {
            throw new InvalidRequestException("Page size must be between 1 and " + MAX_PAGE_SIZE + " (0 = default), not " + pageSize + ".");
        }
        if (activeSince != null && activeUntil != null && activeSince.isAfter(activeUntil)) {
            throw new InvalidRequestException("activeSince " + activeSince + " is after activeUntil " + activeUntil + ".");
        }
    }

    /**
     * A query without channel or typed provider filters (kept for callers written before they existed).
     *
     * @param account         the account to list
     * @param text            free-text search, or {@code null}
     * @param statuses        statuses to keep; empty = all
     * @param assigneeId      assignee participant id, or {@code null}
     * @param activeSince     inclusive lower bound of activity, or {@code null}
     * @param activeUntil     exclusive upper bound of activity, or {@code null}
     * @param pageSize        items per page; 0 = the provider's default
     * @param providerFilters provider-specific filters
     * @throws InvalidRequestException on a malformed account, negative page size or inverted range
     */
    @SuppressWarnings("NullAway") // the canonical constructor maps null to the documented default
    public ConversationQuery(String account, @Nullable String text, @Nullable Set<Conversation.Status> statuses,
                             @Nullable String assigneeId, @Nullable Instant activeSince, @Nullable Instant activeUntil,
                             int pageSize, @Nullable Map<String, String> providerFilters) {
        this(account, text, statuses, assigneeId, activeSince, activeUntil, pageSize, providerFilters, Set.of(), null);
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
     * @param account the account name
     * @return a builder listing every conversation of the account
     */
    public static Builder forAccount(String account) {
        return new Builder(account);
    }

    /**
     * @param size items per page; 0 = the provider's default
     * @return a copy with that page size
     * @throws InvalidRequestException when the size is out of range
     */
    public ConversationQuery withPageSize(int size) {
        return new ConversationQuery(account, text, statuses, assigneeId, activeSince, activeUntil, size, providerFilters,
                channels, providerQuery);
    }

    /** @return a builder holding this query's values, to build a modified copy */
    public Builder toBuilder() {
        Builder b = new Builder(account).text(text).assigneeId(assigneeId).activeSince(activeSince)
                .activeUntil(activeUntil).pageSize(pageSize).providerQuery(providerQuery);
        b.statuses.addAll(statuses);
        b.channels.addAll(channels);
        b.providerFilters.putAll(providerFilters);
        return b;
    }

    /** Builds a {@link ConversationQuery}; not thread-safe. */
    public static final class Builder {
        private final String account;
        private @Nullable String text;
        private final Set<Conversation.Status> statuses = EnumSet.noneOf(Conversation.Status.class);
        private @Nullable String assigneeId;
        private @Nullable Instant activeSince;
        private @Nullable Instant activeUntil;
        private int pageSize;
        private final Map<String, String> providerFilters = new LinkedHashMap<>();
        private final Set<Channel> channels = EnumSet.noneOf(Channel.class);
        private @Nullable ProviderQuery providerQuery;

        private Builder(String account) {
            this.account = account;
        }

        /**
         * @param value free-text search
         * @return this
         */
        public Builder text(@Nullable String value) { this.text = value; return this; }

        /**
         * @param value a status to keep (repeatable)
         * @return this
         */
        public Builder status(Conversation.Status value) { this.statuses.add(value); return this; }

        /**
         * @param value assignee participant id
         * @return this
         */
        public Builder assigneeId(@Nullable String value) { this.assigneeId = value; return this; }

        /**
         * @param value inclusive lower bound of activity
         * @return this
         */
        public Builder activeSince(@Nullable Instant value) { this.activeSince = value; return this; }

        /**
         * @param value exclusive upper bound of activity
         * @return this
         */
        public Builder activeUntil(@Nullable Instant value) { this.activeUntil = value; return this; }

        /**
         * @param value items per page
         * @return this
         */
        public Builder pageSize(int value) { this.pageSize = value; return this; }

        /**
         * @param name provider filter name
         * @param value its value
         * @return this
         */
        public Builder providerFilter(String name, String value) { this.providerFilters.put(name, value); return this; }

        /**
         * @param value a channel to keep (repeatable)
         * @return this
         */
        public Builder channel(Channel value) { this.channels.add(value); return this; }

        /**
         * @param value typed filters of the account's provider, {@code null} for none
         * @return this
         */
        public Builder providerQuery(@Nullable ProviderQuery value) { this.providerQuery = value; return this; }

        /** @return the query @throws InvalidRequestException when invalid */
        public ConversationQuery build() {
            return new ConversationQuery(account, text, statuses, assigneeId, activeSince, activeUntil, pageSize,
                    providerFilters, channels, providerQuery);
        }
    }
}
