package dev.switchboard.routing.balance;

import dev.switchboard.routing.Deployment;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code least_connections}: fewest requests in flight first, as counted by {@link
 * DeploymentStats}; deployments with equal counts take turns (round robin).
 *
 * <p>Threading: thread-safe and lock-free; the in-flight counts are read once per call, so a
 * concurrent change can at worst make one request's order slightly stale.
 */
final class LeastConnections implements Strategy {

  private final DeploymentStats stats;
  private final AtomicLong turn = new AtomicLong();

  LeastConnections(DeploymentStats stats) {
    this.stats = stats;
  }

  @Override
  public List<Deployment> order(List<Deployment> candidates) {
    int n = candidates.size();
    if (n <= 1) {
      return candidates;
    }
    Deployment[] items = Ordering.copy(candidates);
    double[] keys = new double[n];
    for (int i = 0; i < n; i++) {
      keys[i] = stats.inFlight(items[i].id());
    }
    Ordering.sortAscending(items, keys, turn.getAndIncrement());
    return List.of(items);
  }
}
