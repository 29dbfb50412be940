package dev.switchboard.policy.guardrail;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Scores a text for prompt-injection attempts: each phrase family found adds its weight once
 * (instruction override, persona jailbreaks such as "you are now DAN", system-prompt
 * exfiltration …); a rule triggers when the sum reaches its threshold. A heuristic, tuned to stay
 * quiet on ordinary prompts that merely mention instructions. Immutable once built; shared by
 * every event loop.
 */
final class InjectionScorer {

  /** A phrase family and what finding it adds to the score. */
  private record Signal(Pattern pattern, double weight) {}

  private static final List<Signal> BUILT_IN = List.of(
      signal("(ignore|disregard|forget|skip|override)\\s+(all\\s+|any\\s+)?(of\\s+)?(the\\s+|your"
          + "\\s+|my\\s+)?(previous|prior|above|earlier|preceding|system|original)\\s+"
          + "(instructions?|prompts?|rules|directions|guidelines|messages?)", 1.0),
      signal("(forget|ignore)\\s+(everything|all)\\s+(you\\s+were\\s+told|above|before)", 0.8),
      signal("you\\s+are\\s+now\\s+(dan|in\\s+developer\\s+mode|jailbroken|unfiltered|an?\\s+"
          + "unrestricted)", 1.0),
      signal("\\bdo\\s+anything\\s+now\\b", 0.6),
      signal("\\b(developer|god|jailbreak|dan)\\s+mode\\b", 0.5),
      signal("\\bjailbr(eak|oken)\\b", 0.4),
      signal("(reveal|print|show|repeat|output|leak|display|tell\\s+me)\\s+(me\\s+)?(your|the)"
          + "\\s+(full\\s+|entire\\s+|hidden\\s+|initial\\s+|original\\s+)?(system\\s+prompt|"
          + "instructions|initial\\s+prompt|hidden\\s+prompt)", 1.0),
      signal("repeat\\s+(the\\s+)?(text|words|everything)\\s+above", 0.7),
      signal("what\\s+(is|was|are)\\s+your\\s+(system\\s+prompt|initial\\s+instructions)", 0.7),
      signal("(no\\s+longer|not)\\s+bound\\s+by\\s+(any\\s+)?(rules|guidelines|restrictions"
          + "|policies)", 0.6),
      signal("(act|pretend|behave)\\s+as\\s+(if\\s+)?(you\\s+)?(have|had|were)\\s+no\\s+"
          + "(restrictions|rules|filters|limits)", 0.8),
      signal("without\\s+(any\\s+)?(restrictions|filters|censorship|safety\\s+guidelines)", 0.3),
      signal("new\\s+instructions\\s*:", 0.5),
      signal("</?\\s*(system|im_start|im_end)\\s*>|\\[/?inst\\]", 0.5));

  private final List<Signal> signals;

  /**
   * @param builtIn whether the built-in phrase families count
   * @param phrases extra literal phrases (case and spacing ignored) with their weights
   */
  InjectionScorer(boolean builtIn, Map<String, Double> phrases) {
    List<Signal> all = new ArrayList<>(builtIn ? BUILT_IN : List.of());
    phrases.forEach((phrase, weight) -> all.add(new Signal(Pattern.compile(
        String.join("\\s+", quotedWords(phrase)), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE),
        weight)));
    this.signals = List.copyOf(all);
  }

  /** The sum of the weights of every phrase family present in {@code text}. */
  double score(String text) {
    double score = 0;
    for (Signal s : signals) {
      if (s.pattern().matcher(text).find()) {
        score += s.weight();
      }
    }
    return score;
  }

  private static Signal signal(String regex, double weight) {
    return new Signal(Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE),
        weight);
  }

  private static List<String> quotedWords(String phrase) {
    List<String> out = new ArrayList<>();
    for (String w : phrase.trim().toLowerCase(Locale.ROOT).split("\\s+")) {
      out.add(Pattern.quote(w));
    }
    return out;
  }
}
