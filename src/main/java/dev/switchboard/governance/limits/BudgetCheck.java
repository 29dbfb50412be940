package dev.switchboard.governance.limits;

import java.util.Objects;

/**
 * One scope's spend limit over one period, as it applies to one request. Immutable.
 *
 * @param scope whom the budget belongs to
 * @param period the window the limit counts over
 * @param limitMicros the limit in micro-dollars (1 USD = 1,000,000), or 0 for no limit
 */
public record BudgetCheck(LimitScope scope, BudgetPeriod period, long limitMicros) {

  public BudgetCheck {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(period, "period");
    if (limitMicros < 0) {
      throw new IllegalArgumentException("a budget cannot be negative: " + scope);
    }
  }

  /**
   * The admission rule, shared by every implementation: refused when the committed amount
   * (settled spend plus open reservations) has reached the limit ({@code committed >= limit}), or
   * when the estimate would take it past the limit ({@code committed + estimate > limit}). So an
   * estimate that lands exactly on the limit passes, and the next request is refused.
   */
  static boolean refuses(long committedMicros, long estimateMicros, long limitMicros) {
    return committedMicros >= limitMicros || committedMicros + estimateMicros > limitMicros;
  }
}
