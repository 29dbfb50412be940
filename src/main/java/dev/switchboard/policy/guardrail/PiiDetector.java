package dev.switchboard.policy.guardrail;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds personal data and credentials: e-mail addresses, phone numbers, payment card numbers
 * (Luhn-checked, so random 16-digit numbers pass), IBANs (mod-97-checked), US social security
 * numbers, and secrets (OpenAI, AWS, GitHub keys, bearer tokens, private-key blocks). Every
 * pattern has a bounded length, which bounds what a stream must hold back.
 *
 * <p>Immutable once built; shared by every event loop.
 */
final class PiiDetector implements SpanDetector {

  /**
   * One kind of PII: its pattern, an extra check on each candidate, its longest match, and a
   * cheap test a text must pass before the pattern is worth running (most texts hold no digit
   * run or '@', and a regex scan costs far more than a char loop).
   */
  private record Kind(String label, Pattern pattern, Predicate<String> valid, int maxChars,
      Predicate<CharSequence> worthScanning) {
    Kind(String label, Pattern pattern, Predicate<String> valid, int maxChars) {
      this(label, pattern, valid, maxChars, PiiDetector::hasDigit);
    }
  }

  private static final Predicate<String> ANY = s -> true;

  private static final Kind EMAIL = new Kind("EMAIL", Pattern.compile(
      "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,40}\\.){1,3}[A-Za-z]{2,24}"
          + "(?![A-Za-z0-9-])"), ANY, 64 + 1 + 3 * 41 + 24, t -> contains(t, '@'));

  /** Needs a leading + or separators, so plain order numbers and timestamps are left alone. */
  private static final Kind PHONE = new Kind("PHONE", Pattern.compile(
      "(?<![\\w+])(?<!\\d[ .-])(?:\\+\\d{10,14}|(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{2,4}\\)[ .-]?"
          + "|\\d{2,4}[ .-])\\d{3,4}[ .-]?\\d{3,4})(?![ .-]?\\d)(?!\\w)"),
      s -> digits(s) >= 7 && digits(s) <= 15, 28);

  private static final Kind CREDIT_CARD = new Kind("CREDIT_CARD", Pattern.compile(
      "(?<![\\d-])(?:\\d[ -]?){12,18}\\d(?![\\d])"), Checksums::luhn, 19 + 18);

  private static final Kind IBAN = new Kind("IBAN", Pattern.compile(
      "(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?"
          + "(?![A-Za-z0-9])"), Checksums::iban, 34 + 8);

  private static final Kind SSN = new Kind("SSN", Pattern.compile(
      "(?<![\\d-])(?!000|666|9\\d\\d)\\d{3}-(?!00)\\d{2}-(?!0000)\\d{4}(?![\\d-])"), ANY, 11);

  /**
   * In a stream a private-key block longer than the hold-back is recognised by its BEGIN line
   * alone; the bound counts that line, not the whole block.
   */
  private static final Kind SECRET = new Kind("SECRET", Pattern.compile(
      "(?<![A-Za-z0-9_-])(?:sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,200}"
          + "|(?:AKIA|ASIA)[0-9A-Z]{16}"
          + "|gh[pousr]_[A-Za-z0-9]{36,100}"
          + "|github_pat_[A-Za-z0-9_]{22,200})(?![A-Za-z0-9_-])"
          + "|(?i:bearer)\\s+[A-Za-z0-9._~+/-]{20,200}=*"
          + "|-----BEGIN[A-Z ]{0,30}PRIVATE KEY-----"
          + "(?:[A-Za-z0-9+/=\\s]{0,8192}?-----END[A-Z ]{0,30}PRIVATE KEY-----)?"),
      ANY, 7 + 2 + 200 + 2, PiiDetector::mayHoldSecret);

  private static final List<Kind> ALL = List.of(EMAIL, PHONE, CREDIT_CARD, IBAN, SSN, SECRET);

  private final List<Kind> kinds;
  private final List<Pattern> patterns;
  private final int maxMatchChars;

  /** @param entities names from {@code GuardrailsSpec.ENTITIES} ({@code email}, {@code iban} …) */
  PiiDetector(List<String> entities) {
    List<Kind> chosen = new ArrayList<>();
    for (Kind k : ALL) {
      String name = k.label().toLowerCase(Locale.ROOT);
      if (entities.contains(name)) {
        chosen.add(k);
      }
    }
    this.kinds = List.copyOf(chosen);
    this.patterns = chosen.stream().map(Kind::pattern).toList();
    this.maxMatchChars = chosen.stream().mapToInt(Kind::maxChars).max().orElse(1);
  }

  @Override
  public List<Finding> find(CharSequence text) {
    List<Finding> out = null;
    for (Kind k : kinds) {
      if (!k.worthScanning().test(text)) {
        continue;
      }
      Matcher m = k.pattern().matcher(text);
      while (m.find()) {
        if (k.valid() == ANY || k.valid().test(m.group())) {
          if (out == null) {
            out = new ArrayList<>(2);
          }
          out.add(new Finding(m.start(), m.end(), k.label()));
        }
      }
    }
    return out == null ? List.of() : out;
  }

  /** Ignores the pre-checks: the char they look for may be in the text still to come. */
  @Override
  public int openFrom(CharSequence text, int from) {
    return OpenMatches.firstOpen(patterns, text, from);
  }

  @Override
  public int maxMatchChars() {
    return maxMatchChars;
  }

  private static boolean hasDigit(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        return true;
      }
    }
    return false;
  }

  /** Every secret form starts with one of these; most texts hold none, and indexOf is cheap. */
  private static final List<String> SECRET_MARKERS = List.of("sk-", "AKIA", "ASIA", "ghp_",
      "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "PRIVATE KEY", "earer");

  private static boolean mayHoldSecret(CharSequence t) {
    String s = t.toString();
    for (String marker : SECRET_MARKERS) {
      if (s.contains(marker)) {
        return true;
      }
    }
    return s.contains("EARER");
  }

  private static boolean contains(CharSequence s, char wanted) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == wanted) {
        return true;
      }
    }
    return false;
  }

  private static int digits(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (Character.isDigit(s.charAt(i))) {
        n++;
      }
    }
    return n;
  }
}
