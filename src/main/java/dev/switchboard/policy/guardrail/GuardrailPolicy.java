package dev.switchboard.policy.guardrail;

import dev.switchboard.policy.PolicyContext;
import dev.switchboard.policy.PolicyParts;

/** Builds guardrails from the configuration (placeholder: nothing yet). Stateless. */
public final class GuardrailPolicy {
  private GuardrailPolicy() {}

  /** The stages and admin endpoints of guardrails. */
  public static PolicyParts build(PolicyContext ctx) {
    return PolicyParts.NONE;
  }
}
