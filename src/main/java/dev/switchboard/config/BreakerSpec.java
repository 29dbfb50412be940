package dev.switchboard.config;

import java.time.Duration;

/**
 * Circuit-breaker thresholds ({@code routing.circuit_breaker:} globally, {@code
 * providers.<name>.circuit_breaker:} per provider, field by field over the global ones). Immutable.
 *
 * @param enabled {@code enabled} (default true); false lets every call through
 * @param failureThreshold {@code failure_threshold}: consecutive failures that open the breaker
 *     (default 5)
 * @param successThreshold {@code success_threshold}: successful trial calls in half-open that close
 *     it again (default 2)
 * @param openTimeout {@code timeout_seconds}: how long it stays open before trial calls (default 60s)
 * @param failureRateThreshold {@code failure_rate_threshold}: share of failures (0–1] among the last
 *     {@code min_requests_for_rate} calls that opens it (default 0.5)
 * @param minRequestsForRate {@code min_requests_for_rate}: calls needed before the rate counts
 *     (default 10)
 */
public record BreakerSpec(
    boolean enabled,
    int failureThreshold,
    int successThreshold,
    Duration openTimeout,
    double failureRateThreshold,
    int minRequestsForRate) {

  /** The defaults used when nothing is configured. */
  public static BreakerSpec defaults() {
    return new BreakerSpec(true, 5, 2, Duration.ofSeconds(60), 0.5, 10);
  }
}
