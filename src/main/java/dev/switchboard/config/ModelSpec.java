package dev.switchboard.config;

import java.util.List;

/**
 * A client-facing model name and where it is served ({@code models.<name>:} in YAML). Immutable.
 *
 * @param name the key under {@code models:}, what clients send as {@code model}
 * @param deployments where requests for it go, in order; never empty
 */
public record ModelSpec(String name, List<DeploymentSpec> deployments) {

  public ModelSpec {
    deployments = List.copyOf(deployments);
  }
}
