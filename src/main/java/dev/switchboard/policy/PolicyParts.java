package dev.switchboard.policy;

import dev.switchboard.api.OpsEndpoints;
import dev.switchboard.pipeline.Stage;
import java.util.List;

/**
 * What one policy adds to the gateway: pipeline stages (in order), admin endpoints, and what to
 * release on shutdown. Immutable.
 *
 * @param stages the stages to insert after governance, in order; empty when the policy is off
 * @param ops the policy's admin endpoints (under {@code /admin/...}), or {@link OpsEndpoints#NONE}
 * @param close releases connections or threads on graceful shutdown; called on a worker thread
 */
public record PolicyParts(List<Stage> stages, OpsEndpoints ops, Runnable close) {

  /** A policy that adds nothing. */
  public static final PolicyParts NONE = new PolicyParts(List.of(), OpsEndpoints.NONE, () -> {});

  public PolicyParts {
    stages = List.copyOf(stages);
  }
}
