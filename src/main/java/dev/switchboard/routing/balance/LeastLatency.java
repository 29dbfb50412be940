package dev.switchboard.routing.balance;

import dev.switchboard.routing.Deployment;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code least_latency}: lowest moving average of latency first ({@link
 * DeploymentStats#latencyEwmaMs}). Deployments without a sample yet go first so they get measured;
 * among those, the ones with fewer requests in flight lead, so a burst at start-up spreads over
 * every unmeasured deployment instead of piling onto one. Remaining ties take turns.
 *
 * <p>Threading: thread-safe and lock-free.
 */
final class LeastLatency implements Strategy {

  /**
   * Key offset of unmeasured deployments: far below any latency (which is ≥ 0 ms), yet small
   * enough that adding an in-flight count still changes the double.
   */
  private static final double UNMEASURED = -1e9;

  private final DeploymentStats stats;
  private final AtomicLong turn = new AtomicLong();

  LeastLatency(DeploymentStats stats) {
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
      String id = items[i].id();
      double ewma = stats.latencyEwmaMs(id);
      keys[i] = Double.isNaN(ewma) ? UNMEASURED + stats.inFlight(id) : ewma;
    }
    Ordering.sortAscending(items, keys, turn.getAndIncrement());
    return List.of(items);
  }
}
