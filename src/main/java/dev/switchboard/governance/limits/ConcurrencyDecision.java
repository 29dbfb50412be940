package dev.switchboard.governance.limits;

/**
 * The answer of {@link ConcurrencyLimiter#acquire}: a permit, or the scope that is full.
 * Immutable.
 *
 * @param permit the slots taken; null when refused
 * @param refusedBy the full scope's check; null when allowed
 * @param inFlight requests in flight in the refusing scope; 0 when allowed
 */
public record ConcurrencyDecision(ConcurrencyPermit permit, ConcurrencyCheck refusedBy,
    long inFlight) {

  /** Whether the request may proceed. */
  public boolean allowed() {
    return permit != null;
  }
}
