package dev.switchboard.config;

/** Reads the {@code guardrails:} section (placeholder: the section is not accepted yet). Stateless. */
final class GuardrailsSection {
  private GuardrailsSection() {}

  static GuardrailsSpec read(NodeReader root) {
    return GuardrailsSpec.defaults();
  }
}
