package dev.switchboard.routing;

import dev.switchboard.config.Pricing;
import dev.switchboard.provider.ProviderAdapter;
import dev.switchboard.provider.UpstreamTarget;
import java.util.List;

/**
 * One place a model is served: an upstream target, the adapter that speaks its API, its weight
 * among the route's deployments, its prices and the provider's keys. Immutable.
 *
 * @param id stable name for headers, logs, metrics and breakers: {@code provider/model}
 * @param target endpoint, credentials (the first key) and upstream model
 * @param adapter translator for the target's API family
 * @param weight relative share of traffic (≥ 1)
 * @param pricing USD per million tokens; null when unknown
 * @param apiKeys every key of the provider, the target's first; rotated on 429/401 (may be empty)
 */
public record Deployment(String id, UpstreamTarget target, ProviderAdapter adapter, int weight,
    Pricing pricing, List<String> apiKeys) {

  public Deployment {
    apiKeys = List.copyOf(apiKeys);
  }

  /** The provider's configured name. */
  public String provider() {
    return target.provider();
  }
}
