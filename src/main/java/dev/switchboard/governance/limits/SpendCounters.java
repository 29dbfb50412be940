package dev.switchboard.governance.limits;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Spend per scope in UTC-aligned daily and monthly windows, in micro-dollars, with the
 * reserve / reconcile / release cycle of a request: reserve the estimate before calling upstream,
 * then replace it by the actual cost, or return it if the request failed.
 *
 * <p>Admission ({@link BudgetCheck#refuses}): refused when settled spend plus open reservations
 * has reached the limit, or when the estimate would take it past the limit; an estimate landing
 * exactly on the limit passes. All or nothing over the checks of one request: refused by one
 * budget, it holds nothing anywhere.
 *
 * <p>Threading: non-blocking and safe on event loops; stages may complete on another thread.
 */
public interface SpendCounters {

  /** Holds {@code estimateMicros} against every budget with a limit, or nowhere. */
  CompletionStage<BudgetDecision> reserve(List<BudgetCheck> checks, long estimateMicros);

  /**
   * Replaces the reservation by the actual cost in every window it was held in. Completes with
   * true for the call that settled it, false if it was already settled.
   */
  CompletionStage<Boolean> reconcile(Reservation reservation, long actualMicros);

  /** Returns the reservation unspent (a reconcile at zero); true if this call settled it. */
  CompletionStage<Boolean> release(Reservation reservation);

  /** Committed spend (settled plus reserved) over the limit in the current window; 0 if none. */
  CompletionStage<Double> usedFraction(BudgetCheck check);
}
