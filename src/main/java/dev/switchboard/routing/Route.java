package dev.switchboard.routing;

import java.util.List;

/**
 * What a client-facing model name resolves to: its deployments in order of preference. Immutable.
 *
 * @param model the client-facing name
 * @param deployments never empty
 */
public record Route(String model, List<Deployment> deployments) {
  public Route {
    deployments = List.copyOf(deployments);
  }
}
