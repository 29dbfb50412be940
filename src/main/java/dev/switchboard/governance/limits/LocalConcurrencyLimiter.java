package dev.switchboard.governance.limits;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ConcurrencyLimiter} for one box: a counter per scope in a concurrent map, taken and given
 * back with atomic per-key updates; a scope with nothing in flight has no entry.
 *
 * <p>Threading: thread-safe; operations complete before they return and are safe on event loops.
 */
public final class LocalConcurrencyLimiter implements ConcurrencyLimiter {
  private final ConcurrentHashMap<String, Integer> inFlight = new ConcurrentHashMap<>();

  @Override
  public CompletionStage<ConcurrencyDecision> acquire(List<ConcurrencyCheck> checks) {
    List<ConcurrencyCheck> limited = limited(checks);
    List<ConcurrencyCheck> taken = new ArrayList<>(limited.size());
    for (ConcurrencyCheck check : limited) {
      if (!tryTake(check)) {
        taken.forEach(this::giveBack);
        return CompletableFuture.completedFuture(
            new ConcurrencyDecision(null, check, inFlight(check.scope())));
      }
      taken.add(check);
    }
    ConcurrencyPermit permit = new ConcurrencyPermit(UUID.randomUUID().toString(), taken, this);
    return CompletableFuture.completedFuture(new ConcurrencyDecision(permit, null, 0));
  }

  @Override
  public CompletionStage<Void> release(ConcurrencyPermit permit) {
    if (permit.origin() != this) {
      throw new IllegalArgumentException("permit " + permit.id() + " is not from here");
    }
    if (permit.markReleased()) {
      permit.held().forEach(this::giveBack);
    }
    return CompletableFuture.completedFuture(null);
  }

  /** Requests in flight in {@code scope} on this box. */
  public int inFlight(LimitScope scope) {
    return inFlight.getOrDefault(key(scope), 0);
  }

  static List<ConcurrencyCheck> limited(List<ConcurrencyCheck> checks) {
    List<ConcurrencyCheck> limited = new ArrayList<>(checks.size());
    for (ConcurrencyCheck c : checks) {
      if (c.maxConcurrent() > 0) {
        limited.add(c);
      }
    }
    return limited;
  }

  private boolean tryTake(ConcurrencyCheck check) {
    boolean[] taken = {false};
    inFlight.compute(key(check.scope()), (k, n) -> {
      int now = n == null ? 0 : n;
      if (now >= check.maxConcurrent()) {
        return n;
      }
      taken[0] = true;
      return now + 1;
    });
    return taken[0];
  }

  private void giveBack(ConcurrencyCheck check) {
    inFlight.computeIfPresent(key(check.scope()), (k, n) -> n <= 1 ? null : n - 1);
  }

  private static String key(LimitScope scope) {
    return scope.key("local");
  }
}
