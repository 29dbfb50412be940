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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two replicas sharing in-flight counts through the real Redis. */
class RedisConcurrencyLimiterIT {
  private static final LimitScope TEAM = LimitScope.of(Level.TEAM, "t1");
  private static final LimitScope USER = LimitScope.of(Level.USER, "u1");

  private final RedisFixture redis = new RedisFixture();
  private final MeterRegistry registry = new SimpleMeterRegistry();

  @AfterEach
  void cleanUp() {
    redis.close();
  }

  @Test
  void twoReplicasTogetherHoldAtMostTheLimitAndReleasesFreeSlots() {
    RedisConcurrencyLimiter a = replica("a", Clock.systemUTC());
    RedisConcurrencyLimiter b = replica("b", Clock.systemUTC());
    List<ConcurrencyCheck> checks = List.of(new ConcurrencyCheck(TEAM, 10),
        new ConcurrencyCheck(USER, 3));
    List<CompletableFuture<ConcurrencyDecision>> all = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      all.add((i % 2 == 0 ? a : b).acquire(checks).toCompletableFuture());
    }
    List<ConcurrencyPermit> permits = all.stream().map(CompletableFuture::join)
        .filter(ConcurrencyDecision::allowed).map(ConcurrencyDecision::permit).toList();
    assertThat(permits).hasSize(3);
    assertThat(redis.probe.sync().zcard(TEAM.key(redis.namespace))).isEqualTo(3); // none leaked

    ConcurrencyDecision refused = join(a.acquire(checks));
    assertThat(refused.refusedBy().scope()).isEqualTo(USER);
    assertThat(refused.inFlight()).isEqualTo(3);
    join(b.release(permits.get(0))); // released by the other replica
    join(b.release(permits.get(0)));
    assertThat(join(a.acquire(checks)).allowed()).isTrue();
    assertThat(join(b.acquire(checks)).allowed()).isFalse();
    assertThat(RedisFixture.fallbacks(registry, "concurrency")).isZero();
  }

  @Test
  void aCrashedReplicasSlotsComeBackWhenTheirLeaseEnds() {
    MutableClock clock = new MutableClock(Instant.now());
    RedisConcurrencyLimiter a = new RedisConcurrencyLimiter(redis.link("a"), redis.namespace,
        Duration.ofMinutes(1), clock, registry);
    List<ConcurrencyCheck> checks = List.of(new ConcurrencyCheck(USER, 1));
    assertThat(join(a.acquire(checks)).allowed()).isTrue(); // never released
    assertThat(join(a.acquire(checks)).allowed()).isFalse();
    clock.advance(Duration.ofSeconds(61));
    assertThat(join(a.acquire(checks)).allowed()).isTrue();
    assertThat(redis.probe.sync().pttl(USER.key(redis.namespace))).isPositive();
  }

  private RedisConcurrencyLimiter replica(String name, Clock clock) {
    return new RedisConcurrencyLimiter(redis.link(name), redis.namespace,
        RedisConcurrencyLimiter.DEFAULT_LEASE, clock, registry);
  }

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }
}
