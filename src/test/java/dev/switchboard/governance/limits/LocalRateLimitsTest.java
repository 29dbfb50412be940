package dev.switchboard.governance.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.governance.limits.LimitScope.Level;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalRateLimitsTest {
  private static final LimitScope TEAM = LimitScope.of(Level.TEAM, "t1");
  private static final LimitScope USER = LimitScope.of(Level.USER, "u1");

  private final MutableClock clock = MutableClock.at("2025-03-01T10:00:00Z");
  private final LocalRateLimits limits = new LocalRateLimits(clock, 1000);

  @Test
  void rpmAllowsExactlyTheLimitThenRefillsOneRequestEvery60OverLimitSeconds() {
    List<RateCheck> checks = List.of(new RateCheck(USER, 5, 0, 0));
    for (int i = 0; i < 5; i++) {
      assertThat(acquire(checks).allowed()).isTrue();
    }
    RateDecision refused = acquire(checks);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.refusedBy()).isEqualTo(
        new RateHeadroom(USER, RateKind.RPM, 5, 0, Duration.ofMinutes(1)));
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(12));

    clock.advance(Duration.ofMillis(11_999));
    assertThat(acquire(checks).allowed()).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(acquire(checks).allowed()).isTrue();
    assertThat(acquire(checks).allowed()).isFalse();

    clock.advance(Duration.ofMinutes(1));
    for (int i = 0; i < 5; i++) {
      assertThat(acquire(checks).allowed()).isTrue();
    }
    assertThat(acquire(checks).allowed()).isFalse();
  }

  @Test
  void anAllowedDecisionReportsTheTightestRequestAndTokenBuckets() {
    RateDecision d = acquire(List.of(new RateCheck(TEAM, 10, 1000, 100),
        new RateCheck(USER, 3, 5000, 100)));
    assertThat(d.allowed()).isTrue();
    assertThat(d.requests()).isEqualTo(
        new RateHeadroom(USER, RateKind.RPM, 3, 2, Duration.ofSeconds(20)));
    assertThat(d.tokens().scope()).isEqualTo(TEAM);
    assertThat(d.tokens().limit()).isEqualTo(1000);
    assertThat(d.tokens().remaining()).isEqualTo(900);
    assertThat(d.tokens().reset()).isEqualTo(Duration.ofSeconds(6));
  }

  @Test
  void aRefusalByOneScopeChargesNoOther() {
    List<RateCheck> both = List.of(new RateCheck(TEAM, 10, 0, 0), new RateCheck(USER, 1, 0, 0));
    assertThat(acquire(both).allowed()).isTrue();
    RateDecision refused = acquire(both);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.refusedBy().scope()).isEqualTo(USER);
    // the team gave one request, not two
    RateDecision team = acquire(List.of(new RateCheck(TEAM, 10, 0, 0)));
    assertThat(team.requests().remaining()).isEqualTo(8);
  }

  @Test
  void theRefusalNamesTheBucketThatTakesLongestToRefill() {
    List<RateCheck> checks = List.of(new RateCheck(TEAM, 1, 0, 0),
        new RateCheck(USER, 60, 600, 600));
    assertThat(acquire(checks).allowed()).isTrue();
    RateDecision refused = acquire(checks);
    // team RPM: 60 s for one request; user TPM: 60 s for 600 tokens; team comes first on a tie
    assertThat(refused.refusedBy().kind()).isEqualTo(RateKind.RPM);
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(60));
    assertThat(acquire(List.of(new RateCheck(USER, 60, 0, 0))).requests().remaining())
        .isEqualTo(58);
  }

  @Test
  void tokensAreChargedByEstimateAndCorrectedToTheActualCount() {
    List<RateCheck> checks = List.of(new RateCheck(USER, 0, 1000, 100));
    RateDecision d = acquire(checks);
    assertThat(d.tokens().remaining()).isEqualTo(900);
    limits.correctTokens(d, 300).toCompletableFuture().join(); // low estimate: 200 more
    RateDecision next = acquire(List.of(new RateCheck(USER, 0, 1000, 500)));
    assertThat(next.tokens().remaining()).isEqualTo(200);
    limits.correctTokens(next, 100).toCompletableFuture().join(); // high estimate: 400 back
    assertThat(acquire(List.of(new RateCheck(USER, 0, 1000, 1))).tokens().remaining())
        .isEqualTo(599);
  }

  @Test
  void anUnderestimateLeavesADebtThatLaterRequestsWaitFor() {
    RateDecision d = acquire(List.of(new RateCheck(USER, 0, 600, 600)));
    limits.correctTokens(d, 1200).toCompletableFuture().join(); // 600 in debt
    RateDecision refused = acquire(List.of(new RateCheck(USER, 0, 600, 60)));
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.refusedBy().kind()).isEqualTo(RateKind.TPM);
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(66)); // 660 tokens at 10/s
  }

  @Test
  void anEstimateAboveTheTpmLimitWaitsForAFullBucketInsteadOfFailingForever() {
    List<RateCheck> huge = List.of(new RateCheck(USER, 0, 1000, 5000));
    assertThat(acquire(huge).allowed()).isTrue();
    RateDecision refused = acquire(huge);
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(1));
    clock.advance(Duration.ofMinutes(1));
    assertThat(acquire(huge).allowed()).isTrue();
  }

  @Test
  void aChangedLimitTakesEffectOnTheNextRequest() {
    for (int i = 0; i < 2; i++) {
      assertThat(acquire(List.of(new RateCheck(USER, 2, 0, 0))).allowed()).isTrue();
    }
    assertThat(acquire(List.of(new RateCheck(USER, 2, 0, 0))).allowed()).isFalse();
    RateDecision raised = acquire(List.of(new RateCheck(USER, 5, 0, 0)));
    assertThat(raised.allowed()).isTrue();
    assertThat(raised.requests().limit()).isEqualTo(5);
    assertThat(raised.requests().remaining()).isEqualTo(4);
    RateDecision lowered = acquire(List.of(new RateCheck(USER, 1, 0, 0)));
    assertThat(lowered.requests().limit()).isEqualTo(1);
    assertThat(acquire(List.of(new RateCheck(USER, 1, 0, 0))).allowed()).isFalse();
  }

  @Test
  void checksWithoutLimitsAllowWithoutHeadroom() {
    RateDecision d = acquire(List.of(new RateCheck(USER, 0, 0, 100)));
    assertThat(d.allowed()).isTrue();
    assertThat(d.requests()).isNull();
    assertThat(d.tokens()).isNull();
    assertThat(acquire(List.of()).allowed()).isTrue();
    limits.correctTokens(d, 1000).toCompletableFuture().join();
  }

  @Test
  void aRefusedDecisionHasNothingToCorrect() {
    List<RateCheck> checks = List.of(new RateCheck(USER, 0, 100, 100));
    acquire(checks);
    RateDecision refused = acquire(checks);
    limits.correctTokens(refused, 0).toCompletableFuture().join(); // refunds nothing
    assertThat(acquire(checks).allowed()).isFalse();
  }

  private RateDecision acquire(List<RateCheck> checks) {
    return limits.acquire(checks).toCompletableFuture().join();
  }
}
