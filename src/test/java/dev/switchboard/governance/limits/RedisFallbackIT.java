package dev.switchboard.governance.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.governance.limits.LimitScope.Level;
import io.lettuce.core.KillArgs;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the Redis engines do when Redis is unreachable, and after it comes back. */
class RedisFallbackIT {
  private static final LimitScope KEY = LimitScope.of(Level.KEY, "k1");
  private static final long DOLLAR = 1_000_000;

  private final RedisFixture redis = new RedisFixture();
  private final MeterRegistry registry = new SimpleMeterRegistry();

  @AfterEach
  void cleanUp() {
    redis.close();
  }

  @Test
  void anUnreachableRedisFallsBackToLocalLimitsAndCountsIt() {
    try (RedisLink down = RedisLink.connect("redis://127.0.0.1:1", "switchboard-limits-it-down",
        Duration.ofMillis(500))) {
      assertThat(down.usable()).isFalse();
      RedisRateLimits rates = new RedisRateLimits(down, redis.namespace, Clock.systemUTC(),
          registry);
      List<RateCheck> rpm2 = List.of(new RateCheck(KEY, 2, 100, 10));
      RateDecision first = join(rates.acquire(rpm2));
      assertThat(first.allowed()).isTrue();
      join(rates.correctTokens(first, 20)); // goes to the local bucket it was charged in
      assertThat(join(rates.acquire(rpm2)).tokens().remaining()).isEqualTo(70);
      assertThat(join(rates.acquire(rpm2)).allowed()).isFalse();
      assertThat(RedisFixture.fallbacks(registry, "rate_limits")).isEqualTo(3);

      RedisSpendCounters spend = new RedisSpendCounters(down, redis.namespace,
          RedisSpendCounters.DEFAULT_LEASE, Clock.systemUTC(), registry);
      BudgetCheck budget = new BudgetCheck(KEY, BudgetPeriod.DAILY, 2 * DOLLAR);
      Reservation r = join(spend.reserve(List.of(budget), DOLLAR)).reservation();
      assertThat(join(spend.reconcile(r, 2 * DOLLAR))).isTrue();
      assertThat(join(spend.reserve(List.of(budget), 1)).allowed()).isFalse();
      assertThat(join(spend.usedFraction(budget))).isEqualTo(1.0);
      assertThat(RedisFixture.fallbacks(registry, "spend_counters")).isEqualTo(3);

      RedisConcurrencyLimiter concurrency = new RedisConcurrencyLimiter(down, redis.namespace,
          RedisConcurrencyLimiter.DEFAULT_LEASE, Clock.systemUTC(), registry);
      List<ConcurrencyCheck> one = List.of(new ConcurrencyCheck(KEY, 1));
      ConcurrencyPermit p = join(concurrency.acquire(one)).permit();
      assertThat(join(concurrency.acquire(one)).allowed()).isFalse();
      join(concurrency.release(p));
      assertThat(join(concurrency.acquire(one)).allowed()).isTrue();
      assertThat(RedisFixture.fallbacks(registry, "concurrency")).isEqualTo(3);
    }
    assertThat(redis.keys()).isEmpty();
  }

  @Test
  void afterALostConnectionDecisionsGoBackToRedis() {
    RedisLink link = redis.link("flaky");
    RedisRateLimits a = new RedisRateLimits(link, redis.namespace, Clock.systemUTC(), registry);
    RedisRateLimits b = new RedisRateLimits(redis.link("steady"), redis.namespace,
        Clock.systemUTC(), new SimpleMeterRegistry());
    List<RateCheck> rpm3 = List.of(new RateCheck(KEY, 3, 0, 0));
    assertThat(join(a.acquire(rpm3)).allowed()).isTrue();

    // only this replica's connection: other test runs may share the server
    long id = link.connection().sync().clientId();
    redis.probe.sync().clientKill(KillArgs.Builder.id(id));
    // while Lettuce reconnects, decisions are local; then Redis again, and the limit is shared
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      double before = RedisFixture.fallbacks(registry, "rate_limits");
      join(a.acquire(List.of(new RateCheck(KEY, 1000, 0, 0))));
      return RedisFixture.fallbacks(registry, "rate_limits") == before;
    });
    assertThat(join(b.acquire(rpm3)).allowed()).isTrue();
    assertThat(join(a.acquire(rpm3)).allowed()).isTrue();
    assertThat(join(b.acquire(rpm3)).allowed()).isFalse();
  }

  private static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }
}
