package dev.switchboard.routing;

import dev.switchboard.config.BreakerSpec;
import dev.switchboard.config.ProviderSpec;
import dev.switchboard.config.RoutingSpec;
import dev.switchboard.resilience.breaker.Breakers;
import dev.switchboard.resilience.breaker.DeploymentBreaker;
import dev.switchboard.resilience.health.ProviderHealth;
import dev.switchboard.routing.balance.DeploymentStats;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The shared state every event loop's {@link Dispatcher} consults: breakers, live deployment
 * stats, provider health, the key ring, and the retry/failover policy. Built once by the
 * composition root.
 *
 * <p>Threading: every part is thread-safe.
 *
 * @param breakers one circuit breaker per deployment
 * @param stats in-flight counts and latencies per deployment
 * @param health provider health and deployments marked unhealthy
 * @param keys the current API key per provider
 * @param backoff waits between passes
 * @param failoverOn failure classes that move a request on
 * @param maxAttempts upstream attempts per request in all
 * @param providers provider specs, for their breaker thresholds
 * @param costs prices each answered request
 */
public record RoutingServices(Breakers breakers, DeploymentStats stats, ProviderHealth health,
    KeyRing keys, Backoff backoff, Set<FailureClass> failoverOn, int maxAttempts,
    Map<String, ProviderSpec> providers, CostRecorder costs) {

  /** Builds the policy part from the routing configuration. */
  public static RoutingServices of(RoutingSpec spec, Map<String, ProviderSpec> providers,
      Breakers breakers, DeploymentStats stats, ProviderHealth health, CostRecorder costs) {
    Set<FailureClass> on = EnumSet.noneOf(FailureClass.class);
    for (FailureClass c : FailureClass.values()) {
      if (spec.failoverOn().contains(c.configName())) {
        on.add(c);
      }
    }
    Backoff backoff = new Backoff(spec.backoffInitial().toMillis(), spec.backoffMax().toMillis(),
        spec.retryAfterCap().toMillis());
    return new RoutingServices(breakers, stats, health, new KeyRing(), backoff, on,
        spec.maxAttempts(), providers, costs);
  }

  /** The breaker of a deployment, created with its provider's thresholds on first use. */
  public DeploymentBreaker breaker(Deployment d) {
    ProviderSpec p = providers.get(d.provider());
    BreakerSpec spec = p == null ? BreakerSpec.defaults() : p.breaker();
    return breakers.get(d.id(), d.provider(), spec);
  }
}
