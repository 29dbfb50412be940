package dev.switchboard.routing.balance;

import dev.switchboard.routing.Deployment;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code round_robin}: each request starts one position further along the candidate list; the
 * failover order continues around the list. Weights are ignored.
 *
 * <p>Threading: thread-safe and lock-free (one atomic counter per route).
 */
final class RoundRobin implements Strategy {

  private final AtomicLong turn = new AtomicLong();

  @Override
  public List<Deployment> order(List<Deployment> candidates) {
    if (candidates.size() <= 1) {
      return candidates;
    }
    return List.of(Ordering.rotated(candidates, turn.getAndIncrement()));
  }
}
