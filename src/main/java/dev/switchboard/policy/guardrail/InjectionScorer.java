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

  /**
   * A phrase family and what finding it adds to the score; the pattern runs only when the text
   * contains one of the anchors, single words that every match contains (plain substring searches are far cheaper than a regex scan, and
   * most prompts contain none of them).
   */
  private record Signal(List<String> anchors, Pattern pattern, double weight) {}

  private static final List<Signal> BUILT_IN = List.of(
      signal(List.of("ignore", "disregard", "forget", "skip", "override"),
          "(ignore|disregard|forget|skip|override)\\s+(all\\s+|any\\s+)?(of\\s+)?(the\\s+|your"
          + "\\s+|my\\s+)?(previous|prior|above|earlier|preceding|system|original)\\s+"
          + "(instructions?|prompts?|rules|directions|guidelines|messages?)", 1.0),
      signal(List.of("forget", "ignore"),
          "(forget|ignore)\\s+(everything|all)\\s+(you\\s+were\\s+told|above|before)", 0.8),
      signal(List.of("now"),
          "you\\s+are\\s+now\\s+(dan|in\\s+developer\\s+mode|jailbroken|unfiltered|an?\\s+"
          + "unrestricted)", 1.0),
      signal(List.of("anything"),
          "\\bdo\\s+anything\\s+now\\b", 0.6),
      signal(List.of("mode"),
          "\\b(developer|god|jailbreak|dan)\\s+mode\\b", 0.5),
      signal(List.of("jailbr"),
          "\\bjailbr(eak|oken)\\b", 0.4),
      signal(List.of("prompt", "instructions"),
          "(reveal|print|show|repeat|output|leak|display|tell\\s+me)\\s+(me\\s+)?(your|the)"
          + "\\s+(full\\s+|entire\\s+|hidden\\s+|initial\\s+|original\\s+)?(system\\s+prompt|"
          + "instructions|initial\\s+prompt|hidden\\s+prompt)", 1.0),
      signal(List.of("above"),
          "repeat\\s+(the\\s+)?(text|words|everything)\\s+above", 0.7),
      signal(List.of("prompt", "instructions"),
          "what\\s+(is|was|are)\\s+your\\s+(system\\s+prompt|initial\\s+instructions)", 0.7),
      signal(List.of("bound"),
          "(no\\s+longer|not)\\s+bound\\s+by\\s+(any\\s+)?(rules|guidelines|restrictions"
          + "|policies)", 0.6),
      signal(List.of("restrictions", "rules", "filters", "limits"),
          "(act|pretend|behave)\\s+as\\s+(if\\s+)?(you\\s+)?(have|had|were)\\s+no\\s+"
          + "(restrictions|rules|filters|limits)", 0.8),
      signal(List.of("without"),
          "without\\s+(any\\s+)?(restrictions|filters|censorship|safety\\s+guidelines)", 0.3),
      signal(List.of("instructions"),
          "new\\s+instructions\\s*:", 0.5),
      signal(List.of("<", "[inst", "[/inst"),
          "</?\\s*(system|im_start|im_end)\\s*>|\\[/?inst\\]", 0.5));

  private final List<Signal> signals;

  /**
   * @param builtIn whether the built-in phrase families count
   * @param phrases extra literal phrases (case and spacing ignored) with their weights
   */
  InjectionScorer(boolean builtIn, Map<String, Double> phrases) {
    List<Signal> all = new ArrayList<>(builtIn ? BUILT_IN : List.of());
    phrases.forEach((phrase, weight) -> all.add(new Signal(
        List.of(phrase.trim().toLowerCase(Locale.ROOT).split("\\s+")[0]), Pattern.compile(
        String.join("\\s+", quotedWords(phrase))),
        weight)));
    this.signals = List.copyOf(all);
  }

  /** The sum of the weights of every phrase family present in {@code text}. */
  double score(String text) {
    // one lower-casing here beats case-insensitive matching in every pattern
    String lower = text.toLowerCase(Locale.ROOT);
    double score = 0;
    for (Signal s : signals) {
      if (anyIn(lower, s.anchors()) && s.pattern().matcher(lower).find()) {
        score += s.weight();
      }
    }
    return score;
  }

  private static Signal signal(List<String> anchors, String regex, double weight) {
    return new Signal(anchors, Pattern.compile(regex), weight);
  }

  private static boolean anyIn(String text, List<String> anchors) {
    for (String a : anchors) {
      if (text.contains(a)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> quotedWords(String phrase) {
    List<String> out = new ArrayList<>();
    for (String w : phrase.trim().toLowerCase(Locale.ROOT).split("\\s+")) {
      out.add(Pattern.quote(w));
    }
    return out;
  }
}
