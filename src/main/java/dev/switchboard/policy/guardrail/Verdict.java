package dev.switchboard.policy.guardrail;

import dev.switchboard.config.GuardrailsSpec;
import java.util.List;

/**
 * What one triggered rule decided about one request or answer. Built-in rules that redact carry
 * their detector, so findings can be computed again after an external service rewrote a text.
 * Immutable.
 *
 * @param rule the rule
 * @param action {@code block}, {@code redact} or {@code flag}
 * @param reason why, for the client's error message and the log; never contains the matched text
 * @param detector for a built-in redaction, what finds the spans to replace; else null
 * @param redacted for an external service's redaction, its replacement of every text; else null
 * @param unavailable whether this is a fail-closed refusal because the service did not answer
 */
record Verdict(GuardrailsSpec.Rule rule, String action, String reason, SpanDetector detector,
    List<String> redacted, boolean unavailable) {

  static Verdict of(GuardrailsSpec.Rule rule, String action, String reason) {
    return new Verdict(rule, action, reason, null, null, false);
  }

  boolean blocks() {
    return action.equals("block");
  }

  boolean redacts() {
    return action.equals("redact");
  }
}
