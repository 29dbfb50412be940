package dev.switchboard.governance.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.governance.limits.LimitScope.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LocalConcurrencyLimiterTest {
  private static final LimitScope TEAM = LimitScope.of(Level.TEAM, "t1");
  private static final LimitScope USER = LimitScope.of(Level.USER, "u1");

  private final LocalConcurrencyLimiter limiter = new LocalConcurrencyLimiter();

  @Test
  void refusesWhenTheScopeIsFullAndAllowsAgainAfterARelease() {
    List<ConcurrencyCheck> checks = List.of(new ConcurrencyCheck(USER, 2));
    ConcurrencyDecision first = acquire(checks);
    assertThat(acquire(checks).allowed()).isTrue();
    ConcurrencyDecision refused = acquire(checks);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.refusedBy()).isEqualTo(new ConcurrencyCheck(USER, 2));
    assertThat(refused.inFlight()).isEqualTo(2);
    limiter.release(first.permit());
    assertThat(acquire(checks).allowed()).isTrue();
  }

  @Test
  void aRefusalByOneScopeHoldsNoSlotInAnother() {
    List<ConcurrencyCheck> both = List.of(new ConcurrencyCheck(TEAM, 5),
        new ConcurrencyCheck(USER, 1));
    assertThat(acquire(both).allowed()).isTrue();
    assertThat(acquire(both).refusedBy().scope()).isEqualTo(USER);
    assertThat(limiter.inFlight(TEAM)).isEqualTo(1);
  }

  @Test
  void releasingTwiceGivesBackOnce() {
    List<ConcurrencyCheck> checks = List.of(new ConcurrencyCheck(USER, 2));
    ConcurrencyPermit a = acquire(checks).permit();
    acquire(checks);
    limiter.release(a);
    limiter.release(a);
    assertThat(a.released()).isTrue();
    assertThat(limiter.inFlight(USER)).isEqualTo(1);
  }

  @Test
  void scopesWithoutALimitAreNotCounted() {
    ConcurrencyDecision d = acquire(List.of(new ConcurrencyCheck(USER, 0)));
    assertThat(d.allowed()).isTrue();
    assertThat(limiter.inFlight(USER)).isZero();
    limiter.release(d.permit());
  }

  @Test
  void concurrentAcquiresNeverExceedTheLimit() throws Exception {
    List<ConcurrencyCheck> checks = List.of(new ConcurrencyCheck(TEAM, 7),
        new ConcurrencyCheck(USER, 10));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<ConcurrencyDecision>> all = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        all.add(pool.submit(() -> acquire(checks)));
      }
      int allowed = 0;
      for (Future<ConcurrencyDecision> f : all) {
        allowed += f.get().allowed() ? 1 : 0;
      }
      assertThat(allowed).isEqualTo(7);
      assertThat(limiter.inFlight(USER)).isEqualTo(7);
    } finally {
      pool.shutdownNow();
    }
  }

  private ConcurrencyDecision acquire(List<ConcurrencyCheck> checks) {
    return limiter.acquire(checks).toCompletableFuture().join();
  }
}
