package dev.switchboard.governance.limits;

/**
 * The answer of {@link SpendCounters#reserve}: a reservation to settle later, or the budget that
 * refused. Immutable.
 *
 * @param reservation the amount held; null when refused
 * @param refusal why it was refused; null when allowed
 */
public record BudgetDecision(Reservation reservation, BudgetRefusal refusal) {

  /** Whether the request may proceed. */
  public boolean allowed() {
    return reservation != null;
  }
}
