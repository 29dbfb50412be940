package dev.switchboard.routing;

import dev.switchboard.pipeline.GatewayException;

/**
 * What kind of failure one upstream attempt ended with, as far as routing is concerned: whether
 * the next deployment may be tried ({@code routing.failover_on} names these), whether it says
 * anything about the deployment's health, or whether it is the caller's own problem. Immutable.
 */
public enum FailureClass {
  RATE_LIMIT("rate_limit", false),
  SERVER_ERROR("server_error", true),
  TIMEOUT("timeout", true),
  CIRCUIT_OPEN("circuit_open", false),
  UNAVAILABLE("unavailable", true),
  UPSTREAM_AUTH("upstream_auth", false),
  CONTEXT_LENGTH("context_length", false),
  CONTENT_POLICY("content_policy", false),
  /** The request itself is wrong (or the client left): no other deployment would do better. */
  FINAL("final", false);

  private final String configName;
  private final boolean healthFailure;

  FailureClass(String configName, boolean healthFailure) {
    this.configName = configName;
    this.healthFailure = healthFailure;
  }

  /** The name used in {@code routing.failover_on}. */
  public String configName() {
    return configName;
  }

  /**
   * Whether the failure counts against the deployment's circuit breaker and health. A 429 does not:
   * a busy deployment is healthy, and its {@code Retry-After} is honoured instead.
   */
  public boolean healthFailure() {
    return healthFailure;
  }

  /** Classifies a failed attempt. */
  public static FailureClass of(GatewayException e) {
    return switch (e.kind()) {
      // A spent provider quota behaves like a rate limit for routing: rotate the key, fail over,
      // never count it against the deployment's health.
      case RATE_LIMITED, UPSTREAM_QUOTA -> RATE_LIMIT;
      case UPSTREAM_ERROR -> SERVER_ERROR;
      case UPSTREAM_TIMEOUT -> TIMEOUT;
      case UPSTREAM_UNAVAILABLE -> UNAVAILABLE;
      case UPSTREAM_AUTHENTICATION -> UPSTREAM_AUTH;
      case CIRCUIT_OPEN -> CIRCUIT_OPEN;
      case CONTEXT_LENGTH_EXCEEDED -> CONTEXT_LENGTH;
      case CONTENT_POLICY -> CONTENT_POLICY;
      default -> FINAL;
    };
  }
}
