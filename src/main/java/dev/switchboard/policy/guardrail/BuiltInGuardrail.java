package dev.switchboard.policy.guardrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.config.GuardrailsSpec;
import dev.switchboard.governance.limits.TokenEstimator;
import java.util.List;
import java.util.TreeSet;

/**
 * A guardrail the gateway evaluates itself, cheaply enough for the event loop: a span detector
 * (PII, deny list), the prompt-injection score, or the prompt-token ceiling. Compiled once from a
 * rule; immutable and shared by every event loop.
 */
final class BuiltInGuardrail {
  private static final TokenEstimator TOKENS = new TokenEstimator();

  private final GuardrailsSpec.Rule rule;
  private final SpanDetector detector;
  private final InjectionScorer scorer;
  private final double threshold;
  private final int maxTokens;

  private BuiltInGuardrail(GuardrailsSpec.Rule rule, SpanDetector detector,
      InjectionScorer scorer, double threshold, int maxTokens) {
    this.rule = rule;
    this.detector = detector;
    this.scorer = scorer;
    this.threshold = threshold;
    this.maxTokens = maxTokens;
  }

  /** The guardrail for a built-in rule ({@code external} rules are not built in). */
  static BuiltInGuardrail compile(GuardrailsSpec.Rule rule) {
    GuardrailsSpec.Settings s = rule.settings();
    if (s instanceof GuardrailsSpec.Pii p) {
      return new BuiltInGuardrail(rule, new PiiDetector(p.entities()), null, 0, 0);
    }
    if (s instanceof GuardrailsSpec.DenyList d) {
      return new BuiltInGuardrail(rule, new DenyListDetector(rule.name(), d.keywords(),
          d.patterns(), d.maxMatchChars()), null, 0, 0);
    }
    if (s instanceof GuardrailsSpec.PromptInjection i) {
      return new BuiltInGuardrail(rule, null,
          new InjectionScorer(i.useBuiltInPhrases(), i.phrases()), i.threshold(), 0);
    }
    if (s instanceof GuardrailsSpec.MaxInputTokens m) {
      // loads both encodings now (tens of ms, once per JVM) rather than on a request's event loop
      TokenEstimator.encodingFor("gpt-4o");
      TokenEstimator.encodingFor("gpt-4");
      return new BuiltInGuardrail(rule, null, null, 0, m.maxTokens());
    }
    throw new IllegalArgumentException("rule " + rule.name() + " is not a built-in guardrail");
  }

  GuardrailsSpec.Rule rule() {
    return rule;
  }

  /** The span detector of a PII or deny-list rule (what streams check), else null. */
  SpanDetector detector() {
    return detector;
  }

  /**
   * Checks {@code texts}; null when the rule does not trigger.
   *
   * @param body the request body for the token count, or null when checking an answer
   */
  Verdict check(Texts texts, ObjectNode body) {
    if (detector != null) {
      return spans(texts);
    }
    if (scorer != null) {
      return injection(texts);
    }
    if (body != null && tokenCeiling(body) > maxTokens) {
      int tokens = TOKENS.estimateCheap(body);
      if (tokens > maxTokens) {
        return Verdict.of(rule, rule.action(), "the prompt has about " + tokens
            + " tokens, more than the " + maxTokens + " allowed; shorten the messages");
      }
    }
    return null;
  }

  /**
   * A bound the token estimate can never exceed, found without tokenizing: a token covers at
   * least one UTF-8 byte of text, and every message, tool, call or image adds a fixed amount
   * ({@link TokenEstimator}'s per-item overheads are below 20; an image or audio part counts
   * {@link TokenEstimator#DEFAULT_IMAGE_TOKENS}). Most prompts are far below the limit, and this
   * walk costs a small fraction of tokenizing them.
   */
  static long tokenCeiling(JsonNode node) {
    if (node.isTextual()) {
      return utf8Length(node.textValue());
    }
    if (!node.isContainerNode()) {
      return node.asText().length();
    }
    long total = 20;
    if (node.isObject() && node.has("type") && !"text".equals(node.path("type").asText())) {
      total += TokenEstimator.DEFAULT_IMAGE_TOKENS;
    }
    for (var it = node.fields(); it.hasNext(); ) {
      var e = it.next();
      total += e.getKey().length() + tokenCeiling(e.getValue());
    }
    if (node.isArray()) {
      for (JsonNode item : node) {
        total += tokenCeiling(item);
      }
    }
    return total;
  }

  private static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    }
    return n;
  }

  private Verdict spans(Texts texts) {
    TreeSet<String> labels = null;
    List<String> values = texts.values();
    for (String text : values) {
      for (Finding f : detector.find(text)) {
        if (labels == null) {
          labels = new TreeSet<>();
        }
        labels.add(f.label());
      }
    }
    if (labels == null) {
      return null;
    }
    String what = detector instanceof PiiDetector ? "found " + String.join(", ", labels)
        : "found denied content";
    return new Verdict(rule, rule.action(), what, detector, null, false);
  }

  /** System messages are the application's own, so only what callers and tools wrote counts. */
  private Verdict injection(Texts texts) {
    double worst = 0;
    for (int i = 0; i < texts.values().size(); i++) {
      String role = texts.role(i);
      if (!role.equals("system") && !role.equals("developer")) {
        worst = Math.max(worst, scorer.score(texts.values().get(i)));
      }
    }
    if (worst < threshold) {
      return null;
    }
    return Verdict.of(rule, rule.action(), "the prompt looks like a prompt-injection attempt"
        + " (score " + String.format(java.util.Locale.ROOT, "%.2f", worst) + ", threshold "
        + String.format(java.util.Locale.ROOT, "%.2f", threshold) + "); rephrase the request");
  }
}
