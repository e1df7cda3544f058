package io.chatgateway.smsbat;

import io.chatgateway.InvalidRequestException;
import io.chatgateway.ProviderQuery;
import org.jspecify.annotations.Nullable;

/**
 * SMSBAT ChatHub chat-list filters that no other provider has, typed: the client's phone ({@code phone}),
 * a Telegram user id ({@code tg_user_id}) and an organization ({@code organizationId}). Give it to
 * {@link io.chatgateway.ConversationQuery.Builder#providerQuery}; all filters run at SMSBAT and are
 * validated before any request. Build with {@link #builder()}.
 *
 * @param phone          the client's phone, digits with an optional leading {@code +}, or {@code null}
 * @param telegramUserId a Telegram user id (positive), or {@code null}
 * @param organizationId an organization id (positive), or {@code null}
 */
public record SmsbatChatFilter(@Nullable String phone, @Nullable Long telegramUserId, @Nullable Long organizationId)
        implements ProviderQuery {

    /** @throws InvalidRequestException when a value is malformed or nothing is set */
    public SmsbatChatFilter {
        if (phone != null) {
            phone = phone.trim();
            if (!phone.matches("\\+?\\d{5,20}")) {
                throw new InvalidRequestException("An SMSBAT phone filter is 5 to 20 digits with an optional leading +,"
                        + " not '" + printable(phone) + "'.");
            }
        }
        if (telegramUserId != null && telegramUserId <= 0) {
            throw new InvalidRequestException("A Telegram user id is a positive number, not " + telegramUserId + ".");
        }
        if (organizationId != null && organizationId <= 0) {
            throw new InvalidRequestException("An SMSBAT organization id is a positive number, not " + organizationId + ".");
        }
        if (phone == null && telegramUserId == null && organizationId == null) {
            throw new InvalidRequestException("An SMSBAT chat filter needs a phone, a Telegram user id or an organization id.");
        }
    }

    private static String printable(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }

    /** @return {@value SmsbatConfig#PROVIDER_ID} */
    @Override
    public String provider() {
        return SmsbatConfig.PROVIDER_ID;
    }

    /** @return a builder with nothing set */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link SmsbatChatFilter}; not thread-safe. */
    public static final class Builder {
        private @Nullable String phone;
        private @Nullable Long telegramUserId;
        private @Nullable Long organizationId;

        private Builder() { }

        /**
         * @param value the client's phone
         * @return this
         */
        public Builder phone(@Nullable String value) { this.phone = value; return this; }

        /**
         * @param value a Telegram user id
         * @return this
         */
        public Builder telegramUserId(long value) { this.telegramUserId = value; return this; }

        /**
         * @param value an organization id
         * @return this
         */
        public Builder organizationId(long value) { this.organizationId = value; return this; }

        /** @return the filter @throws InvalidRequestException when a value is malformed or nothing is set */
        public SmsbatChatFilter build() {
            return new SmsbatChatFilter(phone, telegramUserId, organizationId);
        }
    }
}
