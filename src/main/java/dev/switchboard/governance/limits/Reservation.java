package dev.switchboard.governance.limits;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An estimate held against every budget of one request until it is settled by
 * {@link SpendCounters#reconcile} (the actual cost replaces it) or {@link SpendCounters#release}
 * (nothing was spent). It settles once: later calls do nothing, so retries and fallbacks never
 * charge twice. The windows are fixed at reservation time: a request that starts before midnight
 * UTC is charged to the day it started in.
 *
 * <p>Thread-safe: the settled flag is atomic; everything else is immutable.
 */
public final class Reservation {
  private final String id;
  private final long estimateMicros;
  private final List<Hold> holds;
  private final double usedFraction;
  private final Object origin;
  private final AtomicBoolean settled = new AtomicBoolean();

  Reservation(String id, long estimateMicros, List<Hold> holds, double usedFraction,
      Object origin) {
    this.id = id;
    this.estimateMicros = estimateMicros;
    this.holds = List.copyOf(holds);
    this.usedFraction = usedFraction;
    this.origin = origin;
  }

  /** A unique id. */
  public String id() {
    return id;
  }

  /** The amount held, in micro-dollars. */
  public long estimateMicros() {
    return estimateMicros;
  }

  /**
   * The highest share of a limit committed once this reservation was added (settled plus
   * reserved, over the limit), e.g. 0.93; for a budget-warning header at 90 %. 0 without limits.
   */
  public double usedFraction() {
    return usedFraction;
  }

  /** Whether it was reconciled or released. */
  public boolean settled() {
    return settled.get();
  }

  List<Hold> holds() {
    return holds;
  }

  Object origin() {
    return origin;
  }

  /** True for the one caller that settles. */
  boolean markSettled() {
    return settled.compareAndSet(false, true);
  }

  /** One budget window the estimate is held in. */
  record Hold(BudgetCheck check, String windowId, Instant windowEnd) {

    /** The key of the window's counters: {@code {namespace}:level:id:model:d:20250131}. */
    String key(String namespace) {
      return check.scope().key(namespace) + ":" + windowId;
    }
  }
}
