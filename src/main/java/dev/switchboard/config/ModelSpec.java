package dev.switchboard.config;

import java.util.List;

/**
 * A client-facing model name and where it is served ({@code models.<name>:} in YAML). Immutable.
 *
 * @param name the key under {@code models:}, what clients send as {@code model}
 * @param deployments where requests for it go; never empty
 * @param aliases {@code aliases}: other names clients may use for it
 * @param strategy {@code strategy}: load-balancing strategy among the deployments; empty means the
 *     global {@code routing.strategy}
 * @param contextWindow {@code context_window} in tokens; 0 when unknown (the shipped catalog may
 *     know it)
 * @param pricing {@code pricing}: USD per million tokens; null means the shipped catalog's price
 *     for the deployments' upstream model, if it has one
 * @param fallbacks {@code fallbacks}: other model names (configured, or {@code provider/model})
 *     tried in order when every deployment of this one failed with a failover class
 * @param contextWindowFallback {@code context_window_fallback}: a larger-context model tried when
 *     the provider answers {@code context_length_exceeded}; empty for none
 * @param contentPolicyFallback {@code content_policy_fallback}: a model tried when the provider
 *     refuses the content; empty for none
 */
public record ModelSpec(
    String name,
    List<DeploymentSpec> deployments,
    List<String> aliases,
    String strategy,
    int contextWindow,
    Pricing pricing,
    List<String> fallbacks,
    String contextWindowFallback,
    String contentPolicyFallback) {

  public ModelSpec {
    deployments = List.copyOf(deployments);
    aliases = List.copyOf(aliases);
    fallbacks = List.copyOf(fallbacks);
  }

  /** A model with only deployments: no aliases, fallbacks or own prices. */
  public ModelSpec(String name, List<DeploymentSpec> deployments) {
    this(name, deployments, List.of(), "", 0, null, List.of(), "", "");
  }
}
