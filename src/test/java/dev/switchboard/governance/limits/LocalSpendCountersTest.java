package dev.switchboard.governance.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.governance.limits.LimitScope.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalSpendCountersTest {
  private static final long DOLLAR = 1_000_000;
  private static final LimitScope TEAM = LimitScope.of(Level.TEAM, "t1");
  private static final LimitScope KEY = LimitScope.of(Level.KEY, "k1");
  private static final BudgetCheck DAILY_10 = new BudgetCheck(KEY, BudgetPeriod.DAILY, 10 * DOLLAR);

  private final MutableClock clock = MutableClock.at("2025-01-31T23:59:00Z");
  private final LocalSpendCounters counters = new LocalSpendCounters(clock);

  @Test
  void anEstimateLandingExactlyOnTheLimitPassesAndTheNextIsRefused() {
    assertThat(reserve(List.of(DAILY_10), 7 * DOLLAR).allowed()).isTrue();
    BudgetDecision crossing = reserve(List.of(DAILY_10), 3 * DOLLAR + 1);
    assertThat(crossing.allowed()).isFalse(); // 7 + 3.000001 > 10
    assertThat(reserve(List.of(DAILY_10), 3 * DOLLAR).allowed()).isTrue(); // 7 + 3 == 10
    BudgetDecision atLimit = reserve(List.of(DAILY_10), 0);
    assertThat(atLimit.allowed()).isFalse(); // committed 10 >= limit 10, even for free
    assertThat(atLimit.refusal()).isEqualTo(new BudgetRefusal(DAILY_10, 0, 10 * DOLLAR,
        Instant.parse("2025-02-01T00:00:00Z")));
  }

  @Test
  void aRefusalByOneBudgetHoldsNothingInAnother() {
    BudgetCheck team = new BudgetCheck(TEAM, BudgetPeriod.MONTHLY, 100 * DOLLAR);
    BudgetCheck key = new BudgetCheck(KEY, BudgetPeriod.DAILY, DOLLAR);
    assertThat(reserve(List.of(team, key), DOLLAR).allowed()).isTrue();
    BudgetDecision refused = reserve(List.of(team, key), DOLLAR);
    assertThat(refused.refusal().check()).isEqualTo(key);
    assertThat(counters.counters(team)).containsExactly(0, DOLLAR);
  }

  @Test
  void reconcileReplacesTheReservationByTheActualCostOnce() {
    Reservation r = reserve(List.of(DAILY_10), 4 * DOLLAR).reservation();
    assertThat(counters.counters(DAILY_10)).containsExactly(0, 4 * DOLLAR);
    assertThat(counters.reconcile(r, DOLLAR / 2).toCompletableFuture().join()).isTrue();
    assertThat(counters.reconcile(r, DOLLAR / 2).toCompletableFuture().join()).isFalse();
    assertThat(counters.release(r).toCompletableFuture().join()).isFalse();
    assertThat(r.settled()).isTrue();
    assertThat(counters.counters(DAILY_10)).containsExactly(DOLLAR / 2, 0);
  }

  @Test
  void releaseReturnsTheReservationOnce() {
    Reservation r = reserve(List.of(DAILY_10), 4 * DOLLAR).reservation();
    assertThat(counters.release(r).toCompletableFuture().join()).isTrue();
    assertThat(counters.reconcile(r, DOLLAR).toCompletableFuture().join()).isFalse();
    assertThat(counters.counters(DAILY_10)).containsExactly(0, 0);
  }

  @Test
  void theDailyWindowResetsAtMidnightUtcAndTheMonthlyOnTheFirst() {
    BudgetCheck monthly = new BudgetCheck(KEY, BudgetPeriod.MONTHLY, 10 * DOLLAR);
    settle(reserve(List.of(DAILY_10), 10 * DOLLAR).reservation(), 10 * DOLLAR);
    clock.set(Instant.parse("2025-01-15T12:00:00Z"));
    settle(reserve(List.of(monthly), 10 * DOLLAR).reservation(), 10 * DOLLAR);
    assertThat(reserve(List.of(monthly), 1).refusal().resetAt())
        .isEqualTo(Instant.parse("2025-02-01T00:00:00Z"));

    clock.set(Instant.parse("2025-01-31T23:59:59.999Z"));
    assertThat(reserve(List.of(monthly), 1).allowed()).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(reserve(List.of(monthly), 10 * DOLLAR).allowed()).isTrue();
    BudgetDecision nextDay = reserve(List.of(DAILY_10), 10 * DOLLAR);
    assertThat(nextDay.allowed()).isTrue();
    assertThat(reserve(List.of(DAILY_10), 1).refusal().resetAt())
        .isEqualTo(Instant.parse("2025-02-02T00:00:00Z"));
  }

  @Test
  void aReservationSettlesInTheWindowItWasMadeIn() {
    Reservation beforeMidnight = reserve(List.of(DAILY_10), 5 * DOLLAR).reservation();
    clock.advance(Duration.ofMinutes(2)); // 2025-02-01T00:01Z
    settle(beforeMidnight, 5 * DOLLAR);
    assertThat(counters.counters(DAILY_10)).containsExactly(0, 0); // today is untouched
    assertThat(reserve(List.of(DAILY_10), 10 * DOLLAR).allowed()).isTrue();
  }

  @Test
  void usedFractionCountsSpendAndReservations() {
    assertThat(counters.usedFraction(DAILY_10).toCompletableFuture().join()).isZero();
    Reservation r = reserve(List.of(DAILY_10), 9 * DOLLAR).reservation();
    assertThat(r.usedFraction()).isEqualTo(0.9);
    assertThat(counters.usedFraction(DAILY_10).toCompletableFuture().join()).isEqualTo(0.9);
    settle(r, 8 * DOLLAR);
    assertThat(counters.usedFraction(DAILY_10).toCompletableFuture().join()).isEqualTo(0.8);
    assertThat(counters.usedFraction(new BudgetCheck(KEY, BudgetPeriod.DAILY, 0))
        .toCompletableFuture().join()).isZero();
  }

  @Test
  void budgetsWithoutALimitAreIgnoredAndNegativeAmountsRejected() {
    BudgetDecision d = reserve(List.of(new BudgetCheck(KEY, BudgetPeriod.DAILY, 0)), DOLLAR);
    assertThat(d.allowed()).isTrue();
    assertThat(d.reservation().usedFraction()).isZero();
    assertThatThrownBy(() -> counters.reserve(List.of(DAILY_10), -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> counters.reconcile(d.reservation(), -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theRuleIsGreaterOrEqualForTheCommittedAmountAndGreaterForTheEstimate() {
    assertThat(BudgetCheck.refuses(9, 1, 10)).isFalse();
    assertThat(BudgetCheck.refuses(9, 2, 10)).isTrue();
    assertThat(BudgetCheck.refuses(10, 0, 10)).isTrue();
    assertThat(BudgetCheck.refuses(9, 0, 10)).isFalse();
  }

  private BudgetDecision reserve(List<BudgetCheck> checks, long estimate) {
    return counters.reserve(checks, estimate).toCompletableFuture().join();
  }

  private void settle(Reservation r, long actual) {
    assertThat(counters.reconcile(r, actual).toCompletableFuture().join()).isTrue();
  }
}
