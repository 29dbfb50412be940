package dev.switchboard.governance.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.governance.limits.LimitScope.Level;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas (two Lettuce clients) sharing buckets through the real Redis. Bucket time comes
 * from the replicas' clock: a fixed one, so no token refills while a test runs on a slow machine.
 */
class RedisRateLimitsIT {
  private static final LimitScope KEY = LimitScope.of(Level.KEY, "k1").forModel("gpt-4o");
  private static final LimitScope TEAM = LimitScope.of(Level.TEAM, "t1");

  private final RedisFixture redis = new RedisFixture();
  private final MeterRegistry registryA = new SimpleMeterRegistry();
  private final MeterRegistry registryB = new SimpleMeterRegistry();
  private final Clock clock = Clock.fixed(Instant.now(), ZoneOffset.UTC);
  private final RedisRateLimits a = new RedisRateLimits(redis.link("a"), redis.namespace,
      clock, registryA);
  private final RedisRateLimits b = new RedisRateLimits(redis.link("b"), redis.namespace,
      clock, registryB);

  @AfterEach
  void cleanUp() {
    redis.close();
  }

  @Test
  void twoReplicasTogetherAllowExactlyTheLimit() {
    List<RateCheck> checks = List.of(new RateCheck(KEY, 30, 0, 0));
    List<CompletableFuture<RateDecision>> all = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      all.add((i % 2 == 0 ? a : b).acquire(checks).toCompletableFuture());
    }
    long allowed = all.stream().map(CompletableFuture::join).filter(RateDecision::allowed).count();
    assertThat(allowed).isEqualTo(30);
    assertThat(RedisFixture.fallbacks(registryA, "rate_limits")).isZero();
    assertThat(RedisFixture.fallbacks(registryB, "rate_limits")).isZero();
    RateDecision refused = join(a.acquire(checks));
    assertThat(refused.refusedBy().remaining()).isZero();
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(2));
    assertThat(redis.keys()).containsExactly("{" + redis.namespace + "}:key:k1:gpt-4o:rpm:30");
  }

  @Test
  void aRefusalOnOneReplicaChargesNoOtherScope() {
    List<RateCheck> both = List.of(new RateCheck(TEAM, 10, 0, 0), new RateCheck(KEY, 1, 0, 0));
    assertThat(join(a.acquire(both)).allowed()).isTrue();
    RateDecision refused = join(b.acquire(both));
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.refusedBy().scope()).isEqualTo(KEY);
    // the team gave one request, not two (a refusal completes after its refunds)
    RateDecision team = join(b.acquire(List.of(new RateCheck(TEAM, 10, 0, 0))));
    assertThat(team.requests().remaining()).isEqualTo(8);
  }

  @Test
  void tokenCorrectionsOnOneReplicaAreSeenByTheOther() {
    RateDecision d = join(a.acquire(List.of(new RateCheck(KEY, 0, 10_000, 1_000))));
    assertThat(d.tokens().remaining()).isEqualTo(9_000);
    join(a.correctTokens(d, 4_000));
    RateDecision seen = join(b.acquire(List.of(new RateCheck(KEY, 0, 10_000, 1))));
    assertThat(seen.tokens().remaining()).isEqualTo(5_999);
  }

  private static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }
}
