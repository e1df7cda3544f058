package io.chatgateway.quickblox;

import io.chatgateway.InvalidRequestException;
import io.chatgateway.MessageQuery;
import io.chatgateway.ProviderQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * QuickBlox's list operators, typed: every operator QuickBlox documents for {@code GET /chat/Message.json}
 * ({@code lt lte gt gte} on {@code date_sent sender_id recipient_id updated_at}; {@code ne} on {@code _id message
 * date_sent sender_id recipient_id}; {@code in nin or} on {@code date_sent sender_id recipient_id}; {@code ctn} on
 * {@code message}) and for {@code GET /chat/Dialog.json} ({@code lt lte gt gte} on {@code last_message_date_sent
 * created_at updated_at}; {@code in} on {@code type}), plus {@code sort_asc}/{@code sort_desc} on any sortable field.
 *
 * <p>Give it to {@link io.chatgateway.MessageQuery.Builder#providerQuery} (message fields) or
 * {@link io.chatgateway.ConversationQuery.Builder#providerQuery} (dialog fields). Values are checked when the
 * filter is built, the fields against the query it is used in before any request; every condition runs at
 * QuickBlox, and {@code ctn} is re-checked in the adapter case-insensitively (QuickBlox does not document its
 * case rules). Times are whole Unix seconds. A {@link #sort() sort} replaces the query's own order; pages then
 * advance by offset (messages arriving meanwhile can shift them). Immutable; build with {@link #builder()}.
 *
 * @param conditions the conditions, all of which must hold (at most one per field and operator)
 * @param sort       the order to list in, or {@code null} for the adapter's default
 */
public record QuickbloxFilter(List<Condition> conditions, @Nullable Sort sort) implements ProviderQuery {

    /** Most values of one {@code in}/{@code nin}/{@code or} condition. */
    public static final int MAX_VALUES = 100;

    /** Which list a field belongs to. */
    public enum Resource {
        /** {@code GET /chat/Message.json}. */
        MESSAGES,
        /** {@code GET /chat/Dialog.json}. */
        DIALOGS
    }

    /** A QuickBlox operator; the wire form is the lower-case name, e.g. {@code sender_id[gte]}. */
    public enum Operator {
        /** Less than. */
        LT,
        /** Less than or equal. */
        LTE,
        /** Greater than. */
        GT,
        /** Greater than or equal. */
        GTE,
        /** Not equal. */
        NE,
        /** One of a list. */
        IN,
        /** None of a list. */
        NIN,
        /** One of a list (QuickBlox documents it next to {@code in}). */
        OR,
        /** Contains (re-checked case-insensitively in the adapter). */
        CTN;

        /** @return the operator as QuickBlox writes it, e.g. {@code gte} */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean takesList() {
            return this == IN || this == NIN || this == OR;
        }
    }

    /** What a field's values are. */
    private enum Kind { ID, TEXT, SECONDS, USER, DIALOG_TYPE }

    private static final Set<Operator> RANGE = EnumSet.of(Operator.LT, Operator.LTE, Operator.GT, Operator.GTE);
    private static final Set<Operator> LISTS = EnumSet.of(Operator.IN, Operator.NIN, Operator.OR);

    /** A filterable QuickBlox field, with the operators QuickBlox documents for it on each list. */
    public enum Field {
        /** Message {@code _id}: {@code ne}; sortable. */
        ID("_id", Kind.ID, EnumSet.of(Operator.NE), EnumSet.noneOf(Operator.class), true, false),
        /** Message text {@code message}: {@code ne}, {@code ctn}. */
        MESSAGE("message", Kind.TEXT, EnumSet.of(Operator.NE, Operator.CTN), EnumSet.noneOf(Operator.class), false, false),
        /** Message {@code date_sent} (Unix seconds): every operator but {@code ctn}; sortable. */
        DATE_SENT("date_sent", Kind.SECONDS, union(RANGE, LISTS, EnumSet.of(Operator.NE)), EnumSet.noneOf(Operator.class),
                true, false),
        /** Message {@code sender_id}: every operator but {@code ctn}; sortable. */
        SENDER_ID("sender_id", Kind.USER, union(RANGE, LISTS, EnumSet.of(Operator.NE)), EnumSet.noneOf(Operator.class),
                true, false),
        /** Message {@code recipient_id} (0 in group dialogs): every operator but {@code ctn}; sortable. */
        RECIPIENT_ID("recipient_id", Kind.USER, union(RANGE, LISTS, EnumSet.of(Operator.NE)),
                EnumSet.noneOf(Operator.class), true, false),
        /** {@code updated_at} of messages and of dialogs: {@code lt lte gt gte}; sortable on both. */
        UPDATED_AT("updated_at", Kind.SECONDS, RANGE, RANGE, true, true),
        /** Dialog {@code last_message_date_sent}: {@code lt lte gt gte}; sortable. */
        LAST_MESSAGE_DATE_SENT("last_message_date_sent", Kind.SECONDS, EnumSet.noneOf(Operator.class), RANGE, false, true),
        /** Dialog {@code created_at}: {@code lt lte gt gte}; sortable. */
        CREATED_AT("created_at", Kind.SECONDS, EnumSet.noneOf(Operator.class), RANGE, false, true),
        /** Dialog {@code type} (1 public group, 2 group, 3 private): {@code in}. */
        TYPE("type", Kind.DIALOG_TYPE, EnumSet.noneOf(Operator.class), EnumSet.of(Operator.IN), false, false);

        private final String wire;
        private final Kind kind;
        private final Set<Operator> onMessages;
        private final Set<Operator> onDialogs;
        private final boolean sortsMessages;
        private final boolean sortsDialogs;

        Field(String wire, Kind kind, Set<Operator> onMessages, Set<Operator> onDialogs, boolean sortsMessages,
              boolean sortsDialogs) {
            this.wire = wire;
            this.kind = kind;
            this.onMessages = onMessages;
            this.onDialogs = onDialogs;
            this.sortsMessages = sortsMessages;
            this.sortsDialogs = sortsDialogs;
        }

        /** @return the field as QuickBlox names it, e.g. {@code sender_id} */
        public String wire() {
            return wire;
        }

        /**
         * @param resource a list
         * @return the operators QuickBlox documents for this field on that list (empty: not a field of it)
         */
        public Set<Operator> operators(Resource resource) {
            return resource == Resource.MESSAGES ? onMessages : onDialogs;
        }

        /**
         * @param resource a list
         * @return whether that list can be sorted by this field
         */
        public boolean sortable(Resource resource) {
            return resource == Resource.MESSAGES ? sortsMessages : sortsDialogs;
        }

        private static Set<Operator> union(Set<Operator> a, Set<Operator> b, Set<Operator> c) {
            EnumSet<Operator> all = EnumSet.copyOf(a);
            all.addAll(b);
            all.addAll(c);
            return all;
        }
    }

    /**
     * One condition, {@code field[operator]=values}.
     *
     * @param field    the field
     * @param operator an operator QuickBlox documents for the field
     * @param values   one value, or for {@code in}/{@code nin}/{@code or} one to {@value #MAX_VALUES}; in the field's
     *                 form (whole numbers for ids and Unix seconds, any non-empty text for {@code message})
     */
    public record Condition(Field field, Operator operator, List<String> values) {

        /** @throws InvalidRequestException when the operator is not documented for the field or a value is malformed */
        public Condition {
            if (field == null || operator == null) {
                throw new InvalidRequestException("A QuickBlox condition needs a field and an operator.");
            }
            if (!field.onMessages.contains(operator) && !field.onDialogs.contains(operator)) {
                throw new InvalidRequestException("QuickBlox documents no " + operator.wire() + " operator on "
                        + field.wire() + "; it takes " + documented(field) + ".");
            }
            values = values == null ? List.of() : List.copyOf(values);
            String key = field.wire() + "[" + operator.wire() + "]";
            if (values.isEmpty()) {
                throw new InvalidRequestException(key + " needs a value.");
            }
            if (!operator.takesList() && values.size() != 1) {
                throw new InvalidRequestException(key + " takes one value, not " + values.size() + ".");
            }
            if (values.size() > MAX_VALUES) {
                throw new InvalidRequestException(key + " takes at most " + MAX_VALUES + " values, not " + values.size() + ".");
            }
            List<String> checked = new ArrayList<>(values.size());
            for (String v : values) {
                checked.add(check(key, field.kind, v));
            }
            values = List.copyOf(checked);
            if (new HashSet<>(values).size() != values.size()) {
                throw new InvalidRequestException(key + " lists a value twice: " + values + ".");
            }
        }

        /** @return the query parameter name, e.g. {@code sender_id[in]} */
        public String key() {
            return field.wire() + "[" + operator.wire() + "]";
        }

        /** @return the query parameter value: the values joined with commas */
        public String value() {
            return String.join(",", values);
        }

        private static String documented(Field f) {
            EnumSet<Operator> all = EnumSet.noneOf(Operator.class);
            all.addAll(f.onMessages);
            all.addAll(f.onDialogs);
            return all.stream().map(Operator::wire).toList().toString();
        }

        private static String check(String key, Kind kind, String raw) {
            if (raw == null) {
                throw new InvalidRequestException(key + " cannot take null.");
            }
            String v = kind == Kind.TEXT ? raw : raw.trim();
            switch (kind) {
                case TEXT -> {
                    if (v.isEmpty()) {
                        throw new InvalidRequestException(key + " needs a non-empty text.");
                    }
                    if (v.length() > 1000) {
                        throw new InvalidRequestException(key + " takes at most 1000 characters, not " + v.length() + ".");
                    }
                }
                case ID -> {
                    if (!v.matches("[A-Za-z0-9_-]{1,64}")) {
                        throw new InvalidRequestException(key + " takes a QuickBlox id (letters, digits, _ or -), not '"
                                + printable(v) + "'.");
                    }
                }
                case SECONDS, USER -> {
                    if (!v.matches("\\d{1,18}")) {
                        throw new InvalidRequestException(key + " takes a non-negative whole number"
                                + (kind == Kind.SECONDS ? " of Unix seconds" : " (a QuickBlox user id)") + ", not '"
                                + printable(v) + "'.");
                    }
                    v = Long.toString(Long.parseLong(v));
                }
                case DIALOG_TYPE -> {
                    if (!v.matches("[123]")) {
                        throw new InvalidRequestException(key + " takes 1 (public group), 2 (group) or 3 (private), not '"
                                + printable(v) + "'.");
                    }
                }
                default -> throw new IllegalStateException(kind.name());
            }
            return v;
        }
    }

    /**
     * An order to list in: {@code sort_asc=<field>} or {@code sort_desc=<field>}.
     *
     * @param field the field to sort by
     * @param order ascending or descending
     */
    public record Sort(Field field, MessageQuery.Order order) {

        /** @throws InvalidRequestException when a part is missing or the field is never sortable */
        public Sort {
            if (field == null || order == null) {
                throw new InvalidRequestException("A QuickBlox sort needs a field and an order.");
            }
            if (!field.sortsMessages && !field.sortsDialogs) {
                throw new InvalidRequestException("QuickBlox cannot sort by " + field.wire() + ".");
            }
        }

        /** @return {@code sort_asc} or {@code sort_desc} */
        public String key() {
            return order == MessageQuery.Order.ASCENDING ? "sort_asc" : "sort_desc";
        }
    }

    /** @throws InvalidRequestException when nothing is set, or a field and operator appear twice */
    public QuickbloxFilter {
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        if (conditions.isEmpty() && sort == null) {
            throw new InvalidRequestException("A QuickBlox filter needs a condition or a sort.");
        }
        Set<String> keys = new HashSet<>();
        for (Condition c : conditions) {
            if (!keys.add(c.key())) {
                throw new InvalidRequestException("A QuickBlox filter can hold " + c.key()
                        + " once; QuickBlox reads only one value per parameter.");
            }
        }
    }

    /** @return {@value QuickbloxConfig#PROVIDER_ID} */
    @Override
    public String provider() {
        return QuickbloxConfig.PROVIDER_ID;
    }

    /**
     * @param resource the list the filter is used on
     * @throws InvalidRequestException naming the first condition or sort that does not apply to that list
     */
    public void requireFor(Resource resource) {
        String list = resource == Resource.MESSAGES ? "messages" : "dialogs";
        for (Condition c : conditions) {
            if (!c.field().operators(resource).contains(c.operator())) {
                Set<Operator> there = c.field().operators(resource);
                throw new InvalidRequestException("QuickBlox " + list + " cannot be filtered with " + c.key()
                        + (there.isEmpty() ? ": " + c.field().wire() + " is not a field of " + list
                        : "; " + c.field().wire() + " takes " + there.stream().map(Operator::wire).toList()) + ".");
            }
        }
        if (sort != null && !sort.field().sortable(resource)) {
            throw new InvalidRequestException("QuickBlox " + list + " cannot be sorted by " + sort.field().wire() + ".");
        }
    }

    /**
     * @param field    a field
     * @param operator an operator
     * @return the condition on that field with that operator, if any
     */
    public java.util.Optional<Condition> condition(Field field, Operator operator) {
        return conditions.stream().filter(c -> c.field() == field && c.operator() == operator).findFirst();
    }

    private static String printable(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }

    /** @return a builder with nothing set */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link QuickbloxFilter}; not thread-safe. */
    public static final class Builder {
        private final List<Condition> conditions = new ArrayList<>();
        private @Nullable Sort sort;

        private Builder() { }

        /**
         * @param field    the field
         * @param operator an operator documented for it
         * @param values   its value(s) as text
         * @return this
         * @throws InvalidRequestException when the condition is invalid
         */
        @SuppressWarnings("NullAway") // a null array reaches Condition, which rejects it with InvalidRequestException
        public Builder where(Field field, Operator operator, String... values) {
            conditions.add(new Condition(field, operator, values == null ? null : List.of(values)));
            return this;
        }

        /**
         * @param field    a numeric field (ids, Unix seconds, dialog type)
         * @param operator an operator documented for it
         * @param values   its value(s)
         * @return this
         * @throws InvalidRequestException when the condition is invalid
         */
        public Builder where(Field field, Operator operator, long... values) {
            List<String> text = new ArrayList<>();
            for (long v : values) {
                text.add(Long.toString(v));
            }
            conditions.add(new Condition(field, operator, text));
            return this;
        }

        /**
         * @param field    a time field ({@code date_sent}, {@code updated_at}, {@code created_at},
         *                 {@code last_message_date_sent})
         * @param operator an operator documented for it
         * @param time     a whole second (QuickBlox keeps whole seconds)
         * @return this
         * @throws InvalidRequestException when the time has a fraction of a second or the condition is invalid
         */
        public Builder where(Field field, Operator operator, Instant time) {
            if (time == null || time.getNano() != 0 || time.getEpochSecond() < 0) {
                throw new InvalidRequestException(field.wire() + "[" + operator.wire() + "] takes a whole second at or"
                        + " after 1970 (QuickBlox keeps Unix seconds), not " + time + ".");
            }
            if (field.kind != Kind.SECONDS) {
                throw new InvalidRequestException(field.wire() + " is not a time; it cannot take " + time + ".");
            }
            return where(field, operator, time.getEpochSecond());
        }

        /**
         * @param field the field to sort by
         * @param order ascending or descending
         * @return this
         * @throws InvalidRequestException when the field is never sortable
         */
        public Builder sort(Field field, MessageQuery.Order order) {
            this.sort = new Sort(field, order);
            return this;
        }

        /** @return the filter @throws InvalidRequestException when nothing is set or a condition repeats */
        public QuickbloxFilter build() {
            return new QuickbloxFilter(conditions, sort);
        }
    }
}
