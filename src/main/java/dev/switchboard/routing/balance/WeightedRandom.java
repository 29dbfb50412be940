package dev.switchboard.routing.balance;

import dev.switchboard.routing.Deployment;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * {@code random}: picks a deployment at random with probability proportional to its weight; the
 * failover order is drawn the same way from the deployments left (sampling without replacement).
 *
 * <p>Threading: thread-safe. Without an injected source each call uses the calling thread's
 * {@link ThreadLocalRandom}, so event loops never contend; an injected source (tests) must be
 * thread-safe itself, as {@link java.util.Random} is.
 */
final class WeightedRandom implements Strategy {

  private final RandomGenerator fixed;

  /** @param random the source to use, or null for {@link ThreadLocalRandom} */
  WeightedRandom(RandomGenerator random) {
    this.fixed = random;
  }

  @Override
  public List<Deployment> order(List<Deployment> candidates) {
    int n = candidates.size();
    if (n <= 1) {
      return candidates;
    }
    RandomGenerator random = fixed != null ? fixed : ThreadLocalRandom.current();
    Deployment[] items = Ordering.copy(candidates);
    long remaining = 0;
    for (Deployment d : items) {
      remaining += d.weight();
    }
    // Each round draws one of items[pos..] by weight and swaps it into place.
    for (int pos = 0; pos < n - 1; pos++) {
      long r = random.nextLong(remaining);
      int chosen = pos;
      long acc = items[pos].weight();
      while (r >= acc) {
        chosen++;
        acc += items[chosen].weight();
      }
      Deployment pick = items[chosen];
      items[chosen] = items[pos];
      items[pos] = pick;
      remaining -= pick.weight();
    }
    return List.of(items);
  }
}
