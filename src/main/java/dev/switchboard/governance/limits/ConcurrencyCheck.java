package dev.switchboard.governance.limits;

import java.util.Objects;

/**
 * One scope's limit on requests in flight at once. Immutable.
 *
 * @param scope whom the limit applies to
 * @param maxConcurrent the most requests in flight at once, or 0 for no limit
 */
public record ConcurrencyCheck(LimitScope scope, int maxConcurrent) {

  public ConcurrencyCheck {
    Objects.requireNonNull(scope, "scope");
    if (maxConcurrent < 0) {
      throw new IllegalArgumentException("maxConcurrent cannot be negative: " + scope);
    }
  }
}
