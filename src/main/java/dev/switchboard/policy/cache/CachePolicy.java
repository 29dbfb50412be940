package dev.switchboard.policy.cache;

import dev.switchboard.policy.PolicyContext;
import dev.switchboard.policy.PolicyParts;

/** Builds the response cache from the configuration (placeholder: nothing yet). Stateless. */
public final class CachePolicy {
  private CachePolicy() {}

  /** The stages and admin endpoints of the response cache. */
  public static PolicyParts build(PolicyContext ctx) {
    return PolicyParts.NONE;
  }
}
