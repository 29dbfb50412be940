package dev.switchboard.governance.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.governance.limits.LimitScope.Level;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two replicas sharing budgets through the real Redis. */
class RedisSpendCountersIT {
  private static final long DOLLAR = 1_000_000;
  private static final LimitScope TEAM = LimitScope.of(Level.TEAM, "t1");
  private static final LimitScope KEY = LimitScope.of(Level.KEY, "k1");

  private final RedisFixture redis = new RedisFixture();
  private final MeterRegistry registry = new SimpleMeterRegistry();

  @AfterEach
  void cleanUp() {
    redis.close();
  }

  @Test
  void twoReplicasCannotBothPassTheLastDollar() {
    RedisSpendCounters a = replica("a", Clock.systemUTC());
    RedisSpendCounters b = replica("b", Clock.systemUTC());
    BudgetCheck daily = new BudgetCheck(TEAM, BudgetPeriod.DAILY, 50 * DOLLAR);
    List<CompletableFuture<BudgetDecision>> all = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      all.add((i % 2 == 0 ? a : b).reserve(List.of(daily), DOLLAR).toCompletableFuture());
    }
    List<BudgetDecision> decisions = all.stream().map(CompletableFuture::join).toList();
    List<BudgetDecision> allowed = decisions.stream().filter(BudgetDecision::allowed).toList();
    assertThat(allowed).hasSize(50);
    BudgetRefusal refusal = decisions.stream().filter(d -> !d.allowed()).findFirst().orElseThrow()
        .refusal();
    assertThat(refusal.check()).isEqualTo(daily);
    assertThat(refusal.resetAt()).isEqualTo(BudgetPeriod.DAILY.nextReset(Instant.now()));

    List<CompletableFuture<Boolean>> settled = new ArrayList<>();
    for (int i = 0; i < allowed.size(); i++) {
      settled.add((i % 2 == 0 ? b : a).reconcile(allowed.get(i).reservation(), DOLLAR / 2)
          .toCompletableFuture());
    }
    assertThat(settled.stream().map(CompletableFuture::join)).containsOnly(true);
    assertThat(counters(daily, Instant.now())).containsEntry("spent", String.valueOf(25 * DOLLAR))
        .containsEntry("reserved", "0");
    assertThat(join(a.usedFraction(daily))).isEqualTo(0.5);
    assertThat(RedisFixture.fallbacks(registry, "spend_counters")).isZero();
  }

  @Test
  void allOrNothingAcrossBudgetsAndTheBoundaryIsTheSameAsLocally() {
    RedisSpendCounters a = replica("a", Clock.systemUTC());
    BudgetCheck team = new BudgetCheck(TEAM, BudgetPeriod.MONTHLY, 100 * DOLLAR);
    BudgetCheck key = new BudgetCheck(KEY, BudgetPeriod.DAILY, 10 * DOLLAR);
    Reservation r = join(a.reserve(List.of(team, key), 7 * DOLLAR)).reservation();
    assertThat(r.usedFraction()).isEqualTo(0.7);
    assertThat(join(a.reserve(List.of(team, key), 3 * DOLLAR + 1)).refusal().check())
        .isEqualTo(key);
    assertThat(counters(team, Instant.now())).containsEntry("reserved", String.valueOf(7 * DOLLAR));
    assertThat(join(a.reserve(List.of(team, key), 3 * DOLLAR)).allowed()).isTrue(); // lands on 10
    BudgetRefusal full = join(a.reserve(List.of(team, key), 0)).refusal();
    assertThat(full.spentMicros()).isZero();
    assertThat(full.reservedMicros()).isEqualTo(10 * DOLLAR);
  }

  @Test
  void aReservationSettlesOnceEvenIfTheScriptRunsTwice() {
    RedisSpendCounters a = replica("a", Clock.systemUTC());
    BudgetCheck key = new BudgetCheck(KEY, BudgetPeriod.DAILY, 10 * DOLLAR);
    Reservation r = join(a.reserve(List.of(key), 4 * DOLLAR)).reservation();
    assertThat(join(a.reconcile(r, DOLLAR))).isTrue();
    assertThat(join(a.release(r))).isFalse();
    // a settle replayed by Lettuce after a reconnect reaches Redis again: nothing changes
    SpendScripts.Call replay = SpendScripts.settle(redis.namespace, r, DOLLAR,
        RedisSpendCounters.DEFAULT_LEASE);
    Long settled = SpendScripts.SETTLE.<Long>run(redis.link("raw").connection().async(),
        io.lettuce.core.ScriptOutputType.INTEGER, replay.keys(), replay.args()).join();
    assertThat(settled).isZero();
    assertThat(counters(key, Instant.now())).containsEntry("spent", String.valueOf(DOLLAR))
        .containsEntry("reserved", "0");
    String hash = r.holds().get(0).key(redis.namespace);
    assertThat(redis.probe.sync().pttl(hash)).isPositive(); // expires after its window
  }

  @Test
  void aReservationWhoseLeaseEndedCountsAsSpentAtItsEstimate() {
    MutableClock clock = new MutableClock(Instant.now());
    RedisSpendCounters a = new RedisSpendCounters(redis.link("a"), redis.namespace,
        Duration.ofMinutes(5), clock, registry);
    BudgetCheck monthly = new BudgetCheck(KEY, BudgetPeriod.MONTHLY, 10 * DOLLAR);
    Reservation crashed = join(a.reserve(List.of(monthly), 3 * DOLLAR)).reservation();
    clock.advance(Duration.ofMinutes(6));
    assertThat(join(a.reserve(List.of(monthly), DOLLAR)).allowed()).isTrue(); // reaps it
    assertThat(counters(monthly, clock.instant()))
        .containsEntry("spent", String.valueOf(3 * DOLLAR))
        .containsEntry("reserved", String.valueOf(DOLLAR));
    assertThat(join(a.reconcile(crashed, 2 * DOLLAR))).isTrue(); // settled here, nothing there
    assertThat(counters(monthly, clock.instant()))
        .containsEntry("spent", String.valueOf(3 * DOLLAR));
  }

  private RedisSpendCounters replica(String name, Clock clock) {
    return new RedisSpendCounters(redis.link(name), redis.namespace,
        RedisSpendCounters.DEFAULT_LEASE, clock, registry);
  }

  private Map<String, String> counters(BudgetCheck check, Instant now) {
    return redis.probe.sync().hgetall(LocalSpendCounters.hold(check, now).key(redis.namespace));
  }

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }
}
