package dev.switchboard;

import dev.switchboard.api.OpsEndpoints;
import dev.switchboard.pipeline.Stage;
import dev.switchboard.policy.PolicyContext;
import dev.switchboard.policy.PolicyParts;
import dev.switchboard.policy.cache.CachePolicy;
import dev.switchboard.policy.guardrail.GuardrailPolicy;
import dev.switchboard.policy.transform.TransformPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the policies together, in the order a request meets them after governance: transformations
 * (so guardrails and the cache see the request as it will go upstream), guardrails, then the
 * response cache (so a cached answer still passes the output guardrails and the response
 * transformations on its way back). Immutable once built.
 */
final class PolicyAssembly {
  private final List<PolicyParts> parts;

  private PolicyAssembly(List<PolicyParts> parts) {
    this.parts = parts;
  }

  static PolicyAssembly build(PolicyContext ctx) {
    return new PolicyAssembly(List.of(
        TransformPolicy.build(ctx), GuardrailPolicy.build(ctx), CachePolicy.build(ctx)));
  }

  /** Every policy's stages, in pipeline order. */
  List<Stage> stages() {
    List<Stage> all = new ArrayList<>();
    for (PolicyParts p : parts) {
      all.addAll(p.stages());
    }
    return all;
  }

  /** Every policy's admin endpoints. */
  List<OpsEndpoints> ops() {
    List<OpsEndpoints> all = new ArrayList<>();
    for (PolicyParts p : parts) {
      all.add(p.ops());
    }
    return all;
  }

  /** Releases what the policies hold; blocking, so call on a worker thread. */
  void close() {
    for (PolicyParts p : parts) {
      p.close().run();
    }
  }
}
