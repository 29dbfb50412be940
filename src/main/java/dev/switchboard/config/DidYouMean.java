package dev.switchboard.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * Suggests the closest known name for a misspelt one ({@code master_kye} → {@code master_key}).
 * Stateless; safe from any thread.
 */
final class DidYouMean {
  private DidYouMean() {}

  /**
   * A parenthesised hint for an unknown name: the closest candidate when one is close enough,
   * otherwise the list of candidates, so the reader always learns what would have been accepted.
   */
  static String hint(String unknown, Collection<String> candidates) {
    if (candidates.isEmpty()) {
      return "";
    }
    return closest(unknown, candidates)
        .map(c -> " (did you mean '" + c + "'?)")
        .orElseGet(() -> " (expected one of: " + candidates.stream().sorted()
            .collect(Collectors.joining(", ")) + ")");
  }

  /** The candidate nearest to {@code unknown}, if it is within a third of its length (at least 2). */
  static Optional<String> closest(String unknown, Collection<String> candidates) {
    String lower = unknown.toLowerCase(Locale.ROOT);
    ToIntFunction<String> cost = c -> distance(lower, c.toLowerCase(Locale.ROOT));
    return candidates.stream()
        .filter(c -> cost.applyAsInt(c) <= Math.max(2, c.length() / 3))
        .min(Comparator.comparingInt(cost).thenComparing(Comparator.naturalOrder()));
  }

  /**
   * Optimal-string-alignment distance: Levenshtein plus adjacent transpositions, because swapped
   * letters ({@code kye}) are the commonest typo and should cost one edit, not two.
   */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        boolean swapped = i > 1 && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1);
        if (swapped) {
          best = Math.min(best, d[i - 2][j - 2] + 1);
        }
        d[i][j] = best;
      }
    }
    return d[a.length()][b.length()];
  }
}
