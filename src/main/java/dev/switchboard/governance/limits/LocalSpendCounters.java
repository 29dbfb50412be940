package dev.switchboard.governance.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@link SpendCounters} for one box: a pair of counters (spent, reserved) per scope and window in
 * memory. A window's counters are dropped an hour after the window ends (never earlier, whatever
 * the number of scopes: dropping them would forgive spend). Counters live in process memory, so a
 * restart starts every window at zero; durable spend is the ledger's job.
 *
 * <p>Threading: thread-safe. One lock guards all counters so a request's budgets are checked and
 * charged together; it is held for a few additions, so it is safe on event loops.
 */
public final class LocalSpendCounters implements SpendCounters {
  static final Duration GRACE = Duration.ofHours(1);

  private final Clock clock;
  private final Cache<String, Window> windows;
  private final Object lock = new Object();

  /** Counters on the system clock. */
  public LocalSpendCounters() {
    this(Clock.systemUTC());
  }

  /** @param clock decides the current window */
  public LocalSpendCounters(Clock clock) {
    this.clock = clock;
    this.windows = Caffeine.newBuilder()
        .expireAfter(Expiry.<String, Window>creating((key, w) -> until(w.end.plus(GRACE))))
        .build();
  }

  @Override
  public CompletionStage<BudgetDecision> reserve(List<BudgetCheck> checks, long estimateMicros) {
    if (estimateMicros < 0) {
      throw new IllegalArgumentException("an estimate cannot be negative: " + estimateMicros);
    }
    Instant now = clock.instant();
    List<Reservation.Hold> holds = holds(checks, now);
    double used = 0;
    synchronized (lock) {
      for (Reservation.Hold h : holds) {
        Window w = window(h);
        if (BudgetCheck.refuses(w.spent + w.reserved, estimateMicros, h.check().limitMicros())) {
          return CompletableFuture.completedFuture(new BudgetDecision(null, new BudgetRefusal(
              h.check(), w.spent, w.reserved, h.windowEnd())));
        }
      }
      for (Reservation.Hold h : holds) {
        Window w = window(h);
        w.reserved += estimateMicros;
        used = Math.max(used, (double) (w.spent + w.reserved) / h.check().limitMicros());
      }
    }
    Reservation r = new Reservation(UUID.randomUUID().toString(), estimateMicros, holds, used,
        this);
    return CompletableFuture.completedFuture(new BudgetDecision(r, null));
  }

  @Override
  public CompletionStage<Boolean> reconcile(Reservation reservation, long actualMicros) {
    if (actualMicros < 0) {
      throw new IllegalArgumentException("a cost cannot be negative: " + actualMicros);
    }
    if (reservation.origin() != this) {
      throw new IllegalArgumentException("reservation " + reservation.id() + " is not from here");
    }
    if (!reservation.markSettled()) {
      return CompletableFuture.completedFuture(false);
    }
    synchronized (lock) {
      for (Reservation.Hold h : reservation.holds()) {
        Window w = window(h);
        w.reserved = Math.max(0, w.reserved - reservation.estimateMicros());
        w.spent += actualMicros;
      }
    }
    return CompletableFuture.completedFuture(true);
  }

  @Override
  public CompletionStage<Boolean> release(Reservation reservation) {
    return reconcile(reservation, 0);
  }

  @Override
  public CompletionStage<Double> usedFraction(BudgetCheck check) {
    if (check.limitMicros() == 0) {
      return CompletableFuture.completedFuture(0.0);
    }
    long[] c = counters(check);
    return CompletableFuture.completedFuture((double) (c[0] + c[1]) / check.limitMicros());
  }

  /** {spent, reserved} in the current window of {@code check}. */
  long[] counters(BudgetCheck check) {
    Reservation.Hold h = hold(check, clock.instant());
    synchronized (lock) {
      Window w = window(h);
      return new long[] {w.spent, w.reserved};
    }
  }

  static List<Reservation.Hold> holds(List<BudgetCheck> checks, Instant now) {
    List<Reservation.Hold> holds = new ArrayList<>(checks.size());
    for (BudgetCheck c : checks) {
      if (c.limitMicros() > 0) {
        holds.add(hold(c, now));
      }
    }
    return holds;
  }

  static Reservation.Hold hold(BudgetCheck c, Instant now) {
    return new Reservation.Hold(c, c.period().windowId(now), c.period().nextReset(now));
  }

  private Window window(Reservation.Hold h) {
    return windows.get(h.key("local"), k -> new Window(h.windowEnd()));
  }

  private Duration until(Instant when) {
    Duration d = Duration.between(clock.instant(), when);
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** Counters of one scope in one window; guarded by {@code lock}. */
  private static final class Window {
    final Instant end;
    long spent;
    long reserved;

    Window(Instant end) {
      this.end = end;
    }
  }
}
