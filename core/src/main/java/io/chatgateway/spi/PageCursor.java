package io.chatgateway.spi;

import io.chatgateway.ErrorDetails;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * The one format of adapters' opaque page cursors: versioned, URL-safe, at most {@link #MAX_LENGTH}
 * characters, with one error for anything else ({@link #notIssued}).
 *
 * <p>A cursor is a kind (which walk it belongs to, e.g. {@code messages}) and a fixed number of fields: text,
 * whole numbers, flags, lists of text and {@link Keyset}s. The encoding is URL-safe Base64 of
 * {@code c1|kind|field|…}, fields percent-escaped, so ids may hold any character. Callers must treat cursors as
 * opaque; the format may change with the version prefix.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PageCursor {

    /** Longest cursor accepted or issued, in characters. */
    public static final int MAX_LENGTH = 64 * 1024;

    private static final String VERSION = "c1";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final List<String> fields;
    private final ErrorDetails details;

    private PageCursor(List<String> fields, ErrorDetails details) {
        this.fields = fields;
        this.details = details;
    }

    /**
     * @param kind   which walk the cursor belongs to, letters and digits
     * @param fields {@link String}, {@link Number} (whole), {@link Boolean}, {@link Keyset} or a {@link Collection}
     *               of strings or numbers; {@code null} is written as an empty text
     * @return the opaque cursor
     * @throws ProtocolException when the cursor would be longer than {@link #MAX_LENGTH} (a page boundary holding
     *                           thousands of ids)
     */
    public static String encode(String kind, @Nullable Object... fields) {
        // every field written straight into one builder: no string per field, list or escaped copy (one per page)
        StringBuilder sb = new StringBuilder(64).append(VERSION).append('|').append(kind);
        for (Object f : fields) {
            sb.append('|');
            appendField(sb, f);
        }
        String out = ENCODER.encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
        if (out.length() > MAX_LENGTH) {
            throw new ProtocolException("A page cursor would be longer than " + MAX_LENGTH + " characters ("
                    + out.length() + "); the provider returned too many items at one page boundary.", ErrorDetails.NONE);
        }
        return out;
    }

    /**
     * @param cursor  a cursor from {@link #encode}
     * @param kind    the kind it must have
     * @param count   the number of fields it must have
     * @param details account, provider and operation, for the error
     * @return the cursor's fields
     * @throws InvalidRequestException ({@link #notIssued}) when it is not such a cursor
     */
    public static PageCursor decode(String cursor, String kind, int count, ErrorDetails details) {
        if (cursor == null || cursor.isEmpty() || cursor.length() > MAX_LENGTH) {
            throw notIssued(details);
        }
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw notIssued(details);
        }
        String[] p = raw.split("\\|", -1);
        if (p.length != count + 2 || !p[0].equals(VERSION) || !p[1].equals(kind)) {
            throw notIssued(details);
        }
        List<String> fields = new ArrayList<>(count);
        for (int i = 2; i < p.length; i++) {
            fields.add(p[i]);
        }
        return new PageCursor(fields, details);
    }

    /**
     * @param details account, provider and operation
     * @return the one error for a cursor that is malformed, of another kind or from another adapter
     */
    public static InvalidRequestException notIssued(ErrorDetails details) {
        return new InvalidRequestException("The page cursor is not a cursor this account issued.", details);
    }

    /**
     * @param index field number, from 0
     * @return the field as text
     */
    public String text(int index) {
        return unescape(fields.get(index));
    }

    /**
     * @param index field number, from 0
     * @return the field as a whole number
     */
    public long number(int index) {
        try {
            return Long.parseLong(fields.get(index));
        } catch (NumberFormatException e) {
            throw notIssued(details);
        }
    }

    /**
     * @param index field number, from 0
     * @return the field as a flag
     */
    public boolean flag(int index) {
        String f = fields.get(index);
        if (f.equals("1") || f.equals("0")) {
            return f.equals("1");
        }
        throw notIssued(details);
    }

    /**
     * @param index field number, from 0
     * @return the field as a list of text
     */
    public List<String> list(int index) {
        String f = fields.get(index);
        List<String> out = new ArrayList<>();
        if (!f.isEmpty()) {
            for (String item : f.split(",", -1)) {
                out.add(unescape(item));
            }
        }
        return out;
    }

    /**
     * @param index field number, from 0
     * @return the field as a keyset position
     */
    public Keyset keyset(int index) {
        List<String> l = list(index);
        if (l.isEmpty()) {
            throw notIssued(details);
        }
        long boundary;
        try {
            boundary = Long.parseLong(l.get(0));
        } catch (NumberFormatException e) {
            throw notIssued(details);
        }
        return new Keyset(boundary, l.subList(1, l.size()));
    }

    /** Writes one field: empty for null, 1/0, decimal digits, a keyset or a collection as a comma list, or escaped text. */
    private static void appendField(StringBuilder sb, @Nullable Object f) {
        if (f == null) {
            return;
        }
        if (f instanceof Boolean b) {
            sb.append(b ? '1' : '0');
        } else if (f instanceof Number n) {
            sb.append(n.longValue());
        } else if (f instanceof Keyset k) {
            sb.append(k.boundary());
            for (String id : k.seen()) {
                appendEscaped(sb.append(','), id);
            }
        } else if (f instanceof Collection<?> c) {
            int start = sb.length();
            for (Object item : c) {
                if (sb.length() > start) {
                    sb.append(',');
                }
                appendEscaped(sb, String.valueOf(item));
            }
        } else {
            appendEscaped(sb, f.toString());
        }
    }

    private static void appendEscaped(StringBuilder sb, String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '%' -> sb.append("%25");
                case '|' -> sb.append("%7C");
                case ',' -> sb.append("%2C");
                default -> sb.append(c);
            }
        }
    }

    private String unescape(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%') {
                if (i + 2 >= bytes.length) {
                    throw notIssued(details);
                }
                int hi = Character.digit(bytes[i + 1], 16);
                int lo = Character.digit(bytes[i + 2], 16);
                if (hi < 0 || lo < 0) {
                    throw notIssued(details);
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * A position in a walk by a time of whole seconds (or any coarse key), for providers that page by time:
     * the boundary second reached so far and the ids already returned at that second. The next request starts
     * again at the boundary (inclusive) and skips those ids, so items sharing a second are neither lost nor
     * repeated. Written into cursors with {@link #encode}.
     *
     * @param boundary the boundary second (or key)
     * @param seen     ids already returned at {@code boundary}; copied
     */
    public record Keyset(long boundary, Set<String> seen) {

        /** Copies the ids (an immutable set is kept as it is). */
        public Keyset {
            seen = Set.copyOf(seen);
        }

        /**
         * @param boundary the boundary second
         * @param seen     ids already returned at it
         */
        public Keyset(long boundary, Collection<String> seen) {
            this(boundary, Set.copyOf(new LinkedHashSet<>(seen)));
        }

        /**
         * @param boundary where the walk starts
         * @return a position at {@code boundary} with nothing returned yet
         */
        public static Keyset at(long boundary) {
            return new Keyset(boundary, Set.of());
        }

        /**
         * @param second the item's second
         * @param id     the item's id
         * @return {@code true} when the item was already returned (it lies at the boundary and its id was seen)
         */
        public boolean skips(long second, String id) {
            return second == boundary && seen.contains(id);
        }

        /**
         * @param second the second of an item just returned
         * @param id     its id
         * @return the position after it: the same boundary with one more id, or a new boundary with only this id
         */
        public Keyset after(long second, String id) {
            if (second != boundary) {
                return new Keyset(second, Set.of(id));
            }
            Set<String> ids = new LinkedHashSet<>(seen);
            ids.add(id);
            return new Keyset(second, ids);
        }

        /**
         * The position after a page's items, made once: the same as stepping {@link #after} item by item, without a
         * keyset per item. The boundary is the last item's second; the ids are those of the items that end the page at
         * that second, and this keyset's ids too when every item lies at this boundary.
         *
         * @param items  the items returned, in order; not empty
         * @param second an item's second
         * @param id     an item's id, not {@code null}
         * @param <T>    the item type
         * @return the position after the last item
         */
        public <T> Keyset afterAll(List<T> items, ToLongFunction<T> second, Function<T, String> id) {
            int n = items.size();
            long last = second.applyAsLong(items.get(n - 1));
            int first = n - 1;
            while (first > 0 && second.applyAsLong(items.get(first - 1)) == last) {
                first--;
            }
            boolean sameBoundary = first == 0 && last == boundary;
            if (!sameBoundary && first == n - 1) {
                return new Keyset(last, Set.of(id.apply(items.get(first))));
            }
            Set<String> ids = new LinkedHashSet<>(sameBoundary ? seen : Set.of());
            for (int i = first; i < n; i++) {
                ids.add(id.apply(items.get(i)));
            }
            return new Keyset(last, ids);
        }
    }
}
