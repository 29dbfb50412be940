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
   * The first position at or after {@code from} where a match could start that more text might
   * still complete or change; {@code text.length()} when there is none. Text before it can be
   * released in a stream.
   */
  int openFrom(CharSequence text, int from);

  /**
   * The longest text one match can span. A stream holds back this much per choice, so a match
   * split across chunks is still seen whole.
   */
  int maxMatchChars();
}
