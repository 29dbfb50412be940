package dev.switchboard.policy.guardrail;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Applies findings to a text in one stable order: by start, the longer match first on a tie;
 * overlapping findings are merged into one replacement labelled by the first, so a number that is
 * both a phone number and a card number is replaced once. Stateless.
 */
final class Redactor {
  private static final Comparator<Finding> ORDER =
      Comparator.comparingInt(Finding::start).thenComparing(Comparator.comparingInt(
          Finding::end).reversed());

  private Redactor() {}

  /** {@code findings} sorted and merged so that none overlaps another. */
  static List<Finding> merge(List<Finding> findings) {
    if (findings.size() < 2) {
      return findings;
    }
    List<Finding> sorted = new ArrayList<>(findings);
    sorted.sort(ORDER);
    List<Finding> out = new ArrayList<>(sorted.size());
    Finding current = sorted.get(0);
    for (int i = 1; i < sorted.size(); i++) {
      Finding f = sorted.get(i);
      if (f.start() < current.end()) {
        current = new Finding(current.start(), Math.max(current.end(), f.end()), current.label());
      } else {
        out.add(current);
        current = f;
      }
    }
    out.add(current);
    return out;
  }

  /** {@code text} with every merged finding replaced by its {@code [REDACTED:…]} marker. */
  static String apply(CharSequence text, List<Finding> findings) {
    List<Finding> merged = merge(findings);
    StringBuilder b = new StringBuilder(text.length() + 16 * merged.size());
    int at = 0;
    for (Finding f : merged) {
      b.append(text, at, f.start()).append(f.replacement());
      at = f.end();
    }
    return b.append(text, at, text.length()).toString();
  }
}
