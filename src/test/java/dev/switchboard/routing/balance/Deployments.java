package dev.switchboard.routing.balance;

import dev.switchboard.config.Pricing;
import dev.switchboard.provider.UpstreamTarget;
import dev.switchboard.routing.Deployment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test deployments: only id, weight and pricing matter to the strategies. */
final class Deployments {

  private Deployments() {}

  static Deployment dep(String id, int weight) {
    return dep(id, weight, null);
  }

  static Deployment dep(String id, int weight, Pricing pricing) {
    UpstreamTarget target = UpstreamTarget.of("p", "openai", "http://127.0.0.1:1/v1", "", "",
        Map.of(), id);
    return new Deployment(id, target, null, weight, pricing, List.of());
  }

  /** How often each id came first over {@code picks} calls. */
  static Map<String, Integer> firstPicks(Strategy strategy, List<Deployment> candidates,
      int picks) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < picks; i++) {
      counts.merge(strategy.order(candidates).get(0).id(), 1, Integer::sum);
    }
    return counts;
  }
}
