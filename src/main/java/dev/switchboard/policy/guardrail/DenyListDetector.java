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
  /** The keywords as one alternation, or null; word boundaries are checked in code. */
  private final Pattern keywords;
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
    StringBuilder alt = new StringBuilder();
    boolean ascii = true;
    for (String k : keywords) {
      alt.append(alt.length() == 0 ? "" : "|").append(Pattern.quote(k));
      longest = Math.max(longest, k.length());
      ascii &= k.chars().allMatch(c -> c < 128);
    }
    // Unicode case folding is several times slower; it is only needed for non-ASCII keywords.
    this.keywords = keywords.isEmpty() ? null : Pattern.compile(alt.toString(),
        Pattern.CASE_INSENSITIVE | (ascii ? 0 : Pattern.UNICODE_CASE));
    for (String r : regexes) {
      all.add(Pattern.compile(r));
    }
    this.patterns = List.copyOf(all);
    this.label = label;
    this.maxMatchChars = longest;
  }

  @Override
  public List<Finding> find(CharSequence text) {
    List<Finding> out = keywords == null ? null : keywordMatches(text);
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

  /**
   * Keyword matches that are whole words: a keyword starting (ending) with a letter or digit may
   * not be preceded (followed) by one. Checked here rather than with look-arounds in the pattern,
   * which would run at every position of the text.
   */
  private List<Finding> keywordMatches(CharSequence text) {
    List<Finding> out = null;
    Matcher m = keywords.matcher(text);
    int from = 0;
    while (from < text.length() && m.find(from)) {
      int start = m.start();
      int end = m.end();
      boolean whole = (!isWord(text.charAt(start)) || start == 0 || !isWord(text.charAt(start - 1)))
          && (!isWord(text.charAt(end - 1)) || end == text.length() || !isWord(text.charAt(end)));
      if (whole) {
        if (out == null) {
          out = new ArrayList<>(2);
        }
        out.add(new Finding(start, end, label));
        from = end;
      } else {
        from = start + 1;
      }
    }
    return out;
  }

  private static boolean isWord(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  @Override
  public int openFrom(CharSequence text, int from) {
    int open = OpenMatches.firstOpen(patterns, text, from);
    return keywords == null ? open
        : Math.min(open, OpenMatches.firstOpen(List.of(keywords), text, from));
  }

  @Override
  public int maxMatchChars() {
    return maxMatchChars;
  }
}
