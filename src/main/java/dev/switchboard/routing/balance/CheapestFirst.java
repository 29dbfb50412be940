package dev.switchboard.routing.balance;

import dev.switchboard.config.Pricing;
import dev.switchboard.routing.Deployment;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code cost}: cheapest deployment first by a blended price per million tokens, {@code (3·input +
 * output) / 4} — a typical chat request reads about three times as many tokens as it writes.
 * Deployments without prices go last; equal prices take turns (round robin).
 *
 * <p>Threading: thread-safe and lock-free.
 */
final class CheapestFirst implements Strategy {

  private final AtomicLong turn = new AtomicLong();

  /** The blended price, or +∞ when unknown so that it sorts last. */
  static double blendedPrice(Pricing pricing) {
    return pricing == null
        ? Double.POSITIVE_INFINITY
        : (3 * pricing.input() + pricing.output()) / 4;
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
      keys[i] = blendedPrice(items[i].pricing());
    }
    Ordering.sortAscending(items, keys, turn.getAndIncrement());
    return List.of(items);
  }
}
