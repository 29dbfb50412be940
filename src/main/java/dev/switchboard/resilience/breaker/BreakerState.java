package dev.switchboard.resilience.breaker;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.Locale;
import java.util.Optional;

/**
 * The state of one deployment's circuit breaker, as shown by the admin API and in metric labels.
 *
 * <p>Threading: an immutable enum; safe everywhere.
 */
public enum BreakerState {
  /** Calls flow; failures are counted. */
  CLOSED,
  /** Tripped: calls are rejected until the open timeout has passed. */
  OPEN,
  /** The open timeout has passed: a few trial calls decide between CLOSED and OPEN. */
  HALF_OPEN,
  /** Opened by an operator: calls are rejected until a reset. */
  FORCED_OPEN,
  /** Turned off by configuration: every call is admitted. */
  DISABLED;

  private final String label = name().toLowerCase(Locale.ROOT);

  /** The lower-case form used in metric labels, JSON and messages between replicas. */
  public String label() {
    return label;
  }

  /** Whether replicas share this state (half-open and disabled are each replica's own). */
  boolean shared() {
    return this == OPEN || this == FORCED_OPEN || this == CLOSED;
  }

  static BreakerState of(CircuitBreaker.State state) {
    return switch (state) {
      case OPEN -> OPEN;
      case HALF_OPEN -> HALF_OPEN;
      case FORCED_OPEN -> FORCED_OPEN;
      case DISABLED -> DISABLED;
      // METRICS_ONLY is never entered here; it admits every call like CLOSED.
      case CLOSED, METRICS_ONLY -> CLOSED;
    };
  }

  static Optional<BreakerState> fromLabel(String label) {
    for (BreakerState s : values()) {
      if (s.label.equals(label)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
