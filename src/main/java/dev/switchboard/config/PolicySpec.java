package dev.switchboard.config;

/**
 * The policy sections of the configuration: request/response transformations, guardrails and the
 * response cache. Immutable.
 *
 * @param transforms the {@code transformations:} section
 * @param guardrails the {@code guardrails:} section
 * @param cache the {@code cache:} section
 */
public record PolicySpec(TransformsSpec transforms, GuardrailsSpec guardrails, CacheSpec cache) {

  /** No transformations, no guardrails, cache off. */
  public static PolicySpec defaults() {
    return new PolicySpec(TransformsSpec.defaults(), GuardrailsSpec.defaults(),
        CacheSpec.defaults());
  }
}
