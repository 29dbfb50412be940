package dev.switchboard.policy.guardrail;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds denied keywords (case-insensitive, whole words) and denied regular expressions. All
 * keywords are folded into one alternation so a text is scanned once for them. Immutable once
 * built; shared by every event loop.
 */
final class DenyListDetector implements SpanDetector {
  private final List<Pattern> patterns;
  private final String label;
  private final int maxMatchChars;

  /**
   * @param label what a match is called in redactions ({@code [REDACTED:<label>]})
   * @param maxPatternChars the longest match expected from a regular expression
   */
  DenyListDetector(String label, List<String> keywords, List<String> regexes,
      int maxPatternChars) {
    List<Pattern> all = new ArrayList<>();
    int longest = regexes.isEmpty() ? 1 : maxPatternChars;
    if (!keywords.isEmpty()) {
      StringBuilder alt = new StringBuilder();
      for (String k : keywords) {
        alt.append(alt.length() == 0 ? "" : "|").append(wordBounded(k));
        longest = Math.max(longest, k.length());
      }
      all.add(Pattern.compile(alt.toString(),
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
    }
    for (String r : regexes) {
      all.add(Pattern.compile(r));
    }
    this.patterns = List.copyOf(all);
    this.label = label;
    this.maxMatchChars = longest;
  }

  /** Word boundaries only where the keyword itself starts or ends with a word character. */
  private static String wordBounded(String keyword) {
    String quoted = Pattern.quote(keyword);
    boolean wordStart = Character.isLetterOrDigit(keyword.charAt(0));
    boolean wordEnd = Character.isLetterOrDigit(keyword.charAt(keyword.length() - 1));
    return (wordStart ? "(?<![\\p{L}\\p{N}_])" : "") + quoted
        + (wordEnd ? "(?![\\p{L}\\p{N}_])" : "");
  }

  @Override
  public List<Finding> find(CharSequence text) {
    List<Finding> out = null;
    for (Pattern p : patterns) {
      Matcher m = p.matcher(text);
      while (m.find()) {
        if (m.end() == m.start()) {
          continue;
        }
        if (out == null) {
          out = new ArrayList<>(2);
        }
        out.add(new Finding(m.start(), m.end(), label));
      }
    }
    return out == null ? List.of() : out;
  }

  @Override
  public int maxMatchChars() {
    return maxMatchChars;
  }
}
