package dev.switchboard.governance.limits;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Limits how many requests of a scope are in flight at once. A request takes one slot in every
 * scope, all or nothing: refused if any scope is full ({@code inFlight >= maxConcurrent}), and then
 * it holds no slot anywhere. Release the permit when the reply (or stream) ends, however it ends.
 *
 * <p>Threading: non-blocking and safe on event loops; stages may complete on another thread.
 */
public interface ConcurrencyLimiter {

  /** Takes a slot in every scope with a limit, or none. */
  CompletionStage<ConcurrencyDecision> acquire(List<ConcurrencyCheck> checks);

  /** Gives the permit's slots back; only the first call does anything. */
  CompletionStage<Void> release(ConcurrencyPermit permit);
}
