package dev.switchboard.policy.guardrail;

/**
 * Where a detector matched in one text: the half-open range {@code [start, end)} and what it is
 * ({@code EMAIL}, {@code CREDIT_CARD}, a deny-list rule's name …). Never carries the matched text,
 * so nothing built from it can echo a secret. Immutable.
 *
 * @param start first matched char
 * @param end one past the last matched char
 * @param label what was found; redaction writes {@code [REDACTED:<label>]}
 */
record Finding(int start, int end, String label) {

  Finding shifted(int by) {
    return new Finding(start + by, end + by, label);
  }

  /** The text that replaces the match. */
  String replacement() {
    return "[REDACTED:" + label + "]";
  }
}
