package dev.switchboard.routing;

import dev.switchboard.provider.ProviderAdapter;
import dev.switchboard.provider.UpstreamTarget;

/**
 * One place a model is served: an upstream target, the adapter that speaks its API, and its weight
 * among the route's deployments. Immutable.
 *
 * @param id stable name for headers, logs and metrics: {@code provider/model}
 * @param target endpoint, credentials and upstream model
 * @param adapter translator for the target's API family
 * @param weight relative share of traffic (≥ 1)
 */
public record Deployment(String id, UpstreamTarget target, ProviderAdapter adapter, int weight) {}
