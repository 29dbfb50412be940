package dev.switchboard.config;

import java.time.Duration;
import java.util.Set;

/**
 * How requests are spread over deployments and what happens when one fails ({@code routing:} in
 * YAML). Immutable.
 *
 * @param strategy {@code strategy}: default load-balancing strategy for every model, one of
 *     {@link #STRATEGIES} (default {@code weighted_round_robin})
 * @param maxAttempts {@code max_attempts}: upstream attempts per request in all, across retries,
 *     deployments and fallback models (default 3, at least 1)
 * @param backoffInitial {@code backoff_initial}: base of the exponential backoff between attempts
 *     on the same deployment, full jitter (default 100ms)
 * @param backoffMax {@code backoff_max}: cap of one backoff (default 2s)
 * @param retryAfterCap {@code retry_after_cap}: a provider's {@code Retry-After} is honoured up to
 *     this long; longer waits move on to the next deployment instead (default 10s)
 * @param failoverOn {@code failover_on}: error classes that move a request on to the next
 *     deployment or fallback model, a subset of {@link #FAILOVER_CLASSES} (default: all)
 * @param breaker {@code circuit_breaker}: global breaker thresholds
 * @param health {@code health}: active probing
 */
public record RoutingSpec(
    String strategy,
    int maxAttempts,
    Duration backoffInitial,
    Duration backoffMax,
    Duration retryAfterCap,
    Set<String> failoverOn,
    BreakerSpec breaker,
    HealthSpec health) {

  /** Strategy names accepted in {@code strategy}. */
  public static final Set<String> STRATEGIES = Set.of("weighted_round_robin", "round_robin",
      "least_connections", "least_latency", "random", "cost");

  /**
   * Error classes accepted in {@code failover_on}: {@code rate_limit} (429), {@code server_error}
   * (5xx and broken connections), {@code timeout}, {@code circuit_open}, {@code unavailable}
   * (connection refused, DNS), {@code upstream_auth} (the provider rejected the gateway's key).
   */
  public static final Set<String> FAILOVER_CLASSES = Set.of("rate_limit", "server_error",
      "timeout", "circuit_open", "unavailable", "upstream_auth");

  public RoutingSpec {
    failoverOn = Set.copyOf(failoverOn);
  }

  /** The defaults used when {@code routing:} or one of its fields is absent. */
  public static RoutingSpec defaults() {
    return new RoutingSpec("weighted_round_robin", 3, Duration.ofMillis(100),
        Duration.ofSeconds(2), Duration.ofSeconds(10), FAILOVER_CLASSES, BreakerSpec.defaults(),
        HealthSpec.defaults());
  }
}
