package dev.switchboard.routing.balance;

import dev.switchboard.routing.Deployment;
import java.util.List;

/**
 * A load-balancing strategy: decides in which order a request tries a route's deployments.
 *
 * <p>Threading: implementations are thread-safe and called concurrently from every event loop, on
 * every request; they must be cheap (no streams, no locks held for longer than a few arithmetic
 * operations, a handful of small allocations at most).
 */
public interface Strategy {

  /**
   * Orders the deployments that may serve a request.
   *
   * @param candidates the deployments to choose from (usually 1–10); never modified
   * @return every candidate exactly once: the first is the pick, the rest the failover order by
   *     this strategy's preference. A single-candidate list is returned as is
   */
  List<Deployment> order(List<Deployment> candidates);
}
