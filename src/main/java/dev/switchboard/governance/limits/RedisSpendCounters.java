package dev.switchboard.governance.limits;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * {@link SpendCounters} shared by every replica through Redis. Each scope and window has a hash
 * {@code {namespace}:level:id:model:d:20250131} (fields {@code spent}, {@code reserved}) and a
 * sorted set {@code ...:r} of its open reservations ({@code id|amount}, scored by lease end). One
 * Lua script checks every budget of a request and then reserves in all of them (see
 * {@link SpendScripts}), so two replicas cannot both pass the last dollar; another settles.
 * Settling removes the reservation's member first, so a settle that arrives twice (a retry, a
 * command replayed after a reconnect) changes nothing the second time. Keys expire a lease after
 * their window ends.
 *
 * <p>Crash safety: a reservation whose lease ended (its replica crashed or forgot it) is reaped by
 * the next reservation in that window and counted as spent at its estimate, the safe guess.
 * A settle arriving after that changes nothing. Choose a lease longer than the longest request.
 *
 * <p>Failure: as {@link RedisRateLimits}, with {@code component="spend_counters"}; a reservation
 * made locally is settled locally. While local, each replica counts only its own spend from zero
 * (budgets are then enforced per replica, not against what Redis held); a settle of a Redis
 * reservation that fails leaves it to be reaped at its estimate.
 *
 * <p>Threading: non-blocking and safe on event loops; stages complete on Lettuce I/O threads.
 */
public final class RedisSpendCounters implements SpendCounters {
  /** The default key namespace. */
  public static final String DEFAULT_NAMESPACE = "sb:spend";
  /** The default lease of a reservation. */
  public static final Duration DEFAULT_LEASE = Duration.ofHours(1);
  static final String COMPONENT = "spend_counters";

  private final RedisLink link;
  private final String namespace;
  private final Duration lease;
  private final Clock clock;
  private final LocalSpendCounters local;
  private final SharedStateFallback fallback;

  /**
   * @param link the replica's Redis connection (not closed by this class)
   * @param namespace key namespace, e.g. {@link #DEFAULT_NAMESPACE}; no braces
   * @param lease how long an unsettled reservation counts as reserved
   * @param clock decides the current window and lease ends
   */
  public RedisSpendCounters(RedisLink link, String namespace, Duration lease, Clock clock,
      MeterRegistry registry) {
    this.link = link;
    this.namespace = namespace;
    this.lease = lease;
    this.clock = clock;
    this.local = new LocalSpendCounters(clock);
    this.fallback = new SharedStateFallback(registry, COMPONENT);
  }

  @Override
  public CompletionStage<BudgetDecision> reserve(List<BudgetCheck> checks, long estimateMicros) {
    if (estimateMicros < 0) {
      throw new IllegalArgumentException("an estimate cannot be negative: " + estimateMicros);
    }
    Instant now = clock.instant();
    List<Reservation.Hold> holds = LocalSpendCounters.holds(checks, now);
    String id = UUID.randomUUID().toString();
    if (holds.isEmpty()) {
      return CompletableFuture.completedFuture(
          new BudgetDecision(new Reservation(id, estimateMicros, holds, 0, this), null));
    }
    if (!link.usable()) {
      fallback.report("Redis at " + link.where() + " is not usable", null);
      return local.reserve(checks, estimateMicros);
    }
    SpendScripts.Call call = SpendScripts.reserve(namespace, holds, id, estimateMicros,
        now.toEpochMilli(), lease);
    return attempt(() -> SpendScripts.RESERVE.<List<Long>>run(connection().async(),
            ScriptOutputType.MULTI, call.keys(), call.args()))
        .thenApply(r -> decide(r, holds, id, estimateMicros, now))
        .handle((decision, error) -> {
          if (error == null) {
            return CompletableFuture.completedFuture(decision);
          }
          link.failed();
          fallback.report("a budget reservation failed", error);
          if (LuaScript.unwrap(error) instanceof RedisCommandTimeoutException) {
            // a timed-out script may still have run: return it (else its lease reaps it)
            settle(new Reservation(id, estimateMicros, holds, 0, this), 0)
                .exceptionally(ignored -> null);
          }
          return local.reserve(checks, estimateMicros);
        }).thenCompose(stage -> stage);
  }

  @Override
  public CompletionStage<Boolean> reconcile(Reservation reservation, long actualMicros) {
    if (actualMicros < 0) {
      throw new IllegalArgumentException("a cost cannot be negative: " + actualMicros);
    }
    if (reservation.origin() == local) {
      return local.reconcile(reservation, actualMicros);
    }
    if (!(reservation.origin() instanceof RedisSpendCounters)) { // any replica may settle
      throw new IllegalArgumentException("reservation " + reservation.id() + " is not from here");
    }
    if (!reservation.markSettled()) {
      return CompletableFuture.completedFuture(false);
    }
    if (reservation.holds().isEmpty()) {
      return CompletableFuture.completedFuture(true);
    }
    return settleInRedis(reservation, actualMicros).thenApply(ignored -> true);
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
    if (!link.usable()) {
      fallback.report("Redis at " + link.where() + " is not usable", null);
      return local.usedFraction(check);
    }
    String key = LocalSpendCounters.hold(check, clock.instant()).key(namespace);
    return attempt(() -> connection().async().hmget(key, "spent", "reserved").toCompletableFuture())
        .thenApply(values -> (double) (number(values.get(0)) + number(values.get(1)))
            / check.limitMicros())
        .handle((fraction, error) -> {
          if (error == null) {
            return CompletableFuture.completedFuture(fraction);
          }
          link.failed();
          fallback.report("reading a budget failed", error);
          return local.usedFraction(check);
        }).thenCompose(stage -> stage);
  }

  private BudgetDecision decide(List<Long> r, List<Reservation.Hold> holds, String id,
      long estimate, Instant now) {
    int refused = r.get(0).intValue();
    if (refused > 0) {
      Reservation.Hold h = holds.get(refused - 1);
      return new BudgetDecision(null, new BudgetRefusal(h.check(), r.get(1), r.get(2),
          h.check().period().nextReset(now)));
    }
    double used = 0;
    for (int i = 0; i < holds.size() && i + 1 < r.size(); i++) {
      used = Math.max(used, (double) (r.get(i + 1) + estimate) / holds.get(i).check().limitMicros());
    }
    return new BudgetDecision(new Reservation(id, estimate, holds, used, this), null);
  }

  /** Settles in Redis; a failure is reported, and the lease reaps the reservation later. */
  private CompletableFuture<Void> settleInRedis(Reservation r, long actualMicros) {
    return settle(r, actualMicros).handle((settled, error) -> {
      if (error != null) {
        link.failed();
        fallback.report("settling a budget reservation failed; its lease will", error);
      }
      return null;
    });
  }

  private CompletableFuture<Long> settle(Reservation r, long actualMicros) {
    SpendScripts.Call call = SpendScripts.settle(namespace, r, actualMicros, lease);
    return attempt(() -> SpendScripts.SETTLE.<Long>run(connection().async(),
        ScriptOutputType.INTEGER, call.keys(), call.args()));
  }

  private static long number(KeyValue<String, byte[]> value) {
    return value.hasValue()
        ? Long.parseLong(new String(value.getValue(), StandardCharsets.UTF_8)) : 0;
  }

  private StatefulRedisConnection<String, byte[]> connection() {
    StatefulRedisConnection<String, byte[]> c = link.connection();
    if (c == null) {
      throw new IllegalStateException("not connected to Redis");
    }
    return c;
  }

  private static <T> CompletableFuture<T> attempt(Supplier<CompletableFuture<T>> op) {
    try {
      return op.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
