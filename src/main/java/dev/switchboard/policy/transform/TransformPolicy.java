package dev.switchboard.policy.transform;

import dev.switchboard.policy.PolicyContext;
import dev.switchboard.policy.PolicyParts;

/** Builds transformations from the configuration (placeholder: nothing yet). Stateless. */
public final class TransformPolicy {
  private TransformPolicy() {}

  /** The stages and admin endpoints of transformations. */
  public static PolicyParts build(PolicyContext ctx) {
    return PolicyParts.NONE;
  }
}
