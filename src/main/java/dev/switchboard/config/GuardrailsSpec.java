package dev.switchboard.config;

/**
 * The {@code guardrails:} section (placeholder: nothing configurable yet). Immutable.
 */
public record GuardrailsSpec() {

  /** The settings when the section is absent. */
  public static GuardrailsSpec defaults() {
    return new GuardrailsSpec();
  }
}
