package dev.switchboard.routing;

import dev.switchboard.routing.balance.Strategy;
import java.util.List;

/**
 * What a client-facing model name resolves to: its deployments, the strategy that orders them for
 * each request, and where to go when they all fail. Immutable (the strategy holds its own
 * thread-safe state).
 *
 * @param model the client-facing name
 * @param deployments never empty
 * @param strategy orders the deployments per request
 * @param fallbacks model names tried in order when every deployment failed with a failover class
 * @param contextWindowFallback model tried on {@code context_length_exceeded}; empty for none
 * @param contentPolicyFallback model tried when the content is refused; empty for none
 */
public record Route(String model, List<Deployment> deployments, Strategy strategy,
    List<String> fallbacks, String contextWindowFallback, String contentPolicyFallback) {
  public Route {
    deployments = List.copyOf(deployments);
    fallbacks = List.copyOf(fallbacks);
  }

  /** The same route with one more deployment (admin API). */
  public Route withDeployment(Deployment d) {
    List<Deployment> more = new java.util.ArrayList<>(deployments);
    more.add(d);
    return new Route(model, more, strategy, fallbacks, contextWindowFallback,
        contentPolicyFallback);
  }
}
