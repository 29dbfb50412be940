package dev.switchboard.policy.guardrail;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds where in a growing text a match may still be under way: the first position from which a
 * pattern, tried there, ran into the end of the text ({@link Matcher#hitEnd()}), so more text
 * could make or change a match. Look-behinds see the text before the position. Stateless.
 */
final class OpenMatches {
  private OpenMatches() {}

  /** The first open position of any of {@code patterns} in {@code [from, length)}, or length. */
  static int firstOpen(List<Pattern> patterns, CharSequence text, int from) {
    int end = text.length();
    if (from >= end || patterns.isEmpty()) {
      return end;
    }
    Matcher[] matchers = new Matcher[patterns.size()];
    for (int i = 0; i < matchers.length; i++) {
      matchers[i] = patterns.get(i).matcher(text).useTransparentBounds(true)
          .useAnchoringBounds(false);
    }
    for (int p = from; p < end; p++) {
      for (Matcher m : matchers) {
        m.region(p, end);
        m.lookingAt();
        if (m.hitEnd()) {
          return p;
        }
      }
    }
    return end;
  }
}
