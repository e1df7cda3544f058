package io.chatgateway.internal;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The one "did you mean …?" rule of the project: the known name nearest to a mistyped one, by edit distance
 * (insertions, deletions, substitutions and swaps of two neighbouring characters, ignoring case). Used for
 * property keys, provider ids, account names and the like. Stateless and thread-safe.
 */
public final class NearestName {

    private NearestName() {}

    /**
     * @param wanted what the user wrote
     * @param known  the names that exist
     * @return the nearest known name, when one is close enough to be a likely typo (at most one edit for names of
     *         up to 4 characters, two up to 8, three beyond); ties go to the alphabetically first. Empty when
     *         {@code wanted} is itself known or nothing is close.
     */
    public static Optional<String> among(String wanted, Collection<String> known) {
        if (wanted == null || wanted.isEmpty() || known.contains(wanted)) {
            return Optional.empty();
        }
        int limit = wanted.length() <= 4 ? 1 : wanted.length() <= 8 ? 2 : 3;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : new TreeSet<>(known)) {
            int d = distance(wanted, candidate);
            if (d <= limit && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * @param wanted what the user wrote
     * @param known  the names that exist
     * @return {@code "; did you mean <name>?"} for the {@linkplain #among nearest} known name, or {@code ""}
     */
    public static String didYouMean(String wanted, Collection<String> known) {
        return among(wanted, known).map(n -> "; did you mean " + n + "?").orElse("");
    }

    /**
     * @param a a name
     * @param b another name
     * @return the optimal-string-alignment distance between them, ignoring case
     */
    public static int distance(String a, String b) {
        String s = a.toLowerCase(Locale.ROOT);
        String t = b.toLowerCase(Locale.ROOT);
        int[][] d = new int[s.length() + 1][t.length() + 1];
        for (int i = 0; i <= s.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= t.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= s.length(); i++) {
            for (int j = 1; j <= t.length(); j++) {
                int cost = s.charAt(i - 1) == t.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && s.charAt(i - 1) == t.charAt(j - 2) && s.charAt(i - 2) == t.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[s.length()][t.length()];
    }
}
