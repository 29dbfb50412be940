package dev.switchboard.policy.transform;

import dev.switchboard.config.TransformsSpec;
import dev.switchboard.policy.PolicyContext;
import dev.switchboard.policy.PolicyParts;
import dev.switchboard.policy.SectionEndpoint;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Builds request/response transformations from the {@code transformations:} section: one stage and
 * the {@code /admin/transformations} endpoint sharing the compiled rule set. Without the section
 * nothing is added (no stage, no cost). Stateless.
 */
public final class TransformPolicy {
  private TransformPolicy() {}

  /** The stages and admin endpoints of transformations. */
  public static PolicyParts build(PolicyContext ctx) {
    TransformsSpec spec = ctx.config().policies().transforms();
    if (!spec.enabled()) {
      return PolicyParts.NONE;
    }
    AtomicReference<RuleSet> active =
        new AtomicReference<>(RuleSet.compile(spec, ctx.registry()));
    return new PolicyParts(List.of(new TransformStage(active, Clock.systemUTC())),
        new SectionEndpoint("transformations", new TransformAdmin(active, ctx.registry())),
        () -> {});
  }
}
