package dev.switchboard.policy.guardrail;

import java.util.List;

/**
 * Finds spans of text that a rule cares about (PII, secrets, denied words). Implementations are
 * compiled once from the configuration and then immutable, so they are shared by every event loop.
 */
interface SpanDetector {

  /** Every match in {@code text}, in order of position; empty when none. */
  List<Finding> find(CharSequence text);

  /**
   * The longest text one match can span. A stream holds back this much per choice, so a match
   * split across chunks is still seen whole.
   */
  int maxMatchChars();
}
