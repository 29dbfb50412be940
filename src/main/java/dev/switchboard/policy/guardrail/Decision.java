package dev.switchboard.policy.guardrail;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Combines the verdicts of every guardrail that ran on one request or answer, deterministically
 * whatever order they finished in: verdicts are taken in configuration order; a block wins over
 * redactions, which win over flags; the first blocking rule names the refusal. Redactions are
 * applied in one stable order: first a service's rewritten texts (earliest rule first), then the
 * built-in detectors' spans, merged by {@link Redactor}. Immutable once built.
 */
final class Decision {
  private final List<Verdict> verdicts;

  private Decision(List<Verdict> verdicts) {
    this.verdicts = verdicts;
  }

  static Decision combine(List<Verdict> verdicts, RuleBook book) {
    List<Verdict> sorted = new ArrayList<>(verdicts);
    sorted.sort(Comparator.comparingInt(v -> book.order(v.rule())));
    return new Decision(List.copyOf(sorted));
  }

  /** Every verdict, in configuration order. */
  List<Verdict> verdicts() {
    return verdicts;
  }

  /** The refusal to answer with, or null when nothing blocks. */
  Verdict blocking() {
    for (Verdict v : verdicts) {
      if (v.blocks()) {
        return v;
      }
    }
    return null;
  }

  /**
   * Writes every redaction into {@code texts} (and so into the JSON they came from).
   *
   * @return whether any text changed
   */
  boolean redact(Texts texts) {
    boolean changed = false;
    List<String> original = List.copyOf(texts.values());
    boolean[] rewritten = new boolean[original.size()];
    for (Verdict v : verdicts) {
      if (v.redacts() && v.redacted() != null) {
        for (int i = 0; i < original.size(); i++) {
          String proposed = v.redacted().get(i);
          if (!rewritten[i] && !proposed.equals(original.get(i))) {
            texts.replace(i, proposed);
            rewritten[i] = true;
            changed = true;
          }
        }
      }
    }
    for (int i = 0; i < original.size(); i++) {
      List<Finding> findings = new ArrayList<>();
      String text = texts.values().get(i);
      for (Verdict v : verdicts) {
        if (v.redacts() && v.detector() != null) {
          findings.addAll(v.detector().find(text));
        }
      }
      if (!findings.isEmpty()) {
        texts.replace(i, Redactor.apply(text, findings));
        changed = true;
      }
    }
    return changed;
  }
}
