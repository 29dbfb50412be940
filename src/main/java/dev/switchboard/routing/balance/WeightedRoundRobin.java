package dev.switchboard.routing.balance;

import dev.switchboard.routing.Deployment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code weighted_round_robin}: smooth weighted round robin. On every request each candidate's
 * current value grows by its weight, the largest value wins and gives back the sum of the
 * candidates' weights. Over N·Σweights requests each deployment is picked exactly N·weight times,
 * and picks of one deployment are spread out rather than bunched (5/3/2 gives A B C A A B A C B A,
 * not A A A A A B B B C C). The failover order is the order in which the strategy would pick next:
 * by current value after the pick, largest first.
 *
 * <p>State is keyed by deployment id, so a candidate left out of one request (say its breaker is
 * open) keeps its value frozen instead of accumulating a debt it would pay back in a burst when it
 * returns; the others then share the traffic by their weights.
 *
 * <p>Threading: thread-safe. The update of every candidate's value must be atomic to keep the
 * counts exact, so it runs under this instance's monitor: a few additions per candidate, no I/O,
 * and one instance per route, so contention is limited to requests for the same route.
 */
final class WeightedRoundRobin implements Strategy {

  private final Map<String, long[]> current = new HashMap<>(); // guarded by this

  @Override
  public List<Deployment> order(List<Deployment> candidates) {
    int n = candidates.size();
    if (n <= 1) {
      return candidates;
    }
    Deployment[] items = Ordering.copy(candidates);
    double[] keys = new double[n];
    synchronized (this) {
      long total = 0;
      long[] bestCell = null;
      int best = 0;
      for (int i = 0; i < n; i++) {
        long[] cell = current.computeIfAbsent(items[i].id(), id -> new long[1]);
        cell[0] += items[i].weight();
        total += items[i].weight();
        // Strictly greater: ties go to the earlier candidate, which keeps the sequence stable.
        if (bestCell == null || cell[0] > bestCell[0]) {
          bestCell = cell;
          best = i;
        }
        keys[i] = -cell[0];
      }
      bestCell[0] -= total;
      keys[best] = Double.NEGATIVE_INFINITY;
    }
    Ordering.sortAscending(items, keys);
    return List.of(items);
  }
}
