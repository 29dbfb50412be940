package dev.switchboard.governance.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * {@link RateLimits} shared by every replica through Redis: Bucket4j's Lettuce proxy manager keeps
 * each bucket's state under {@code {namespace}:level:id:model:kind:limit} and updates it with an
 * asynchronous compare-and-swap, so a limit holds across replicas exactly as on one box. Concurrent
 * requests of one replica to one bucket are batched into one Redis transaction (Bucket4j's
 * batching optimisation), which keeps compare-and-swap retries down on hot buckets. Bucket time
 * comes from this replica's clock: replicas need synchronised clocks (NTP), as a skew of s seconds
 * shifts refills by s seconds. Keys expire once their bucket would be full again.
 *
 * <p>Failure: when Redis is not connected, or a command fails or times out, the whole request is
 * decided by a {@link LocalRateLimits} (the charges Redis had accepted are refunded, best effort),
 * {@code shared_state_fallback_total{component="rate_limits"}} counts it and a warning is logged
 * at most once a minute. After a failure Redis is skipped for a second, then tried again. While
 * local, each replica enforces the limits on its own traffic only.
 *
 * <p>Threading: non-blocking and safe on event loops; stages complete on Lettuce I/O threads (or
 * at once for local decisions).
 */
public final class RedisRateLimits implements RateLimits {
  /** The default key namespace. */
  public static final String DEFAULT_NAMESPACE = "sb:rl";
  static final String COMPONENT = "rate_limits";
  private static final long MAX_PROXIES = 100_000;

  private final RedisLink link;
  private final String namespace;
  private final ClockTimeMeter time;
  private final LocalRateLimits local;
  private final SharedStateFallback fallback;
  private final BucketAcquirer acquirer;
  private final Cache<String, AsyncBucketProxy> proxies;
  private volatile Managed managed;

  /**
   * @param link the replica's Redis connection (not closed by this class)
   * @param namespace key namespace, e.g. {@link #DEFAULT_NAMESPACE}; no braces
   * @param clock bucket time
   */
  public RedisRateLimits(RedisLink link, String namespace, Clock clock, MeterRegistry registry) {
    this.link = link;
    this.namespace = namespace;
    this.time = new ClockTimeMeter(clock);
    this.local = new LocalRateLimits(clock, LocalRateLimits.DEFAULT_MAX_BUCKETS);
    this.fallback = new SharedStateFallback(registry, COMPONENT);
    this.acquirer = new BucketAcquirer(new Access(), this,
        e -> fallback.report("refunding a rate-limit charge in Redis failed", e));
    this.proxies = Caffeine.newBuilder().maximumSize(MAX_PROXIES)
        .expireAfterAccess(LocalRateLimits.IDLE_EXPIRY).build();
  }

  @Override
  public CompletionStage<RateDecision> acquire(List<RateCheck> checks) {
    if (BucketAcquirer.charges(checks).isEmpty()) {
      return acquirer.acquire(checks); // nothing to ask Redis
    }
    if (!link.usable()) {
      fallback.report("Redis at " + link.where() + " is not usable", null);
      return local.acquire(checks);
    }
    return acquirer.acquire(checks).handle((decision, error) -> {
      if (error == null) {
        return CompletableFuture.completedFuture(decision);
      }
      link.failed();
      fallback.report("a rate-limit command failed", error);
      return local.acquire(checks);
    }).thenCompose(stage -> stage);
  }

  @Override
  public CompletionStage<Void> correctTokens(RateDecision decision, long actualTokens) {
    if (decision.origin() == local) {
      return local.correctTokens(decision, actualTokens);
    }
    if (decision.charges().isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    if (!link.usable()) {
      // the charge lives in Redis; a local correction would be charged to the wrong bucket
      fallback.report("token correction skipped: Redis not usable", null);
      return CompletableFuture.completedFuture(null);
    }
    return acquirer.correct(decision, actualTokens).exceptionally(error -> {
      link.failed();
      fallback.report("a token correction failed", error);
      return null;
    });
  }

  private AsyncBucketProxy proxy(Charge charge) {
    Managed m = managed();
    // a proxy per bucket key, kept so Bucket4j can batch this replica's concurrent requests
    return proxies.get(m.id + charge.key(namespace), k -> {
      BucketConfiguration config = BucketConfiguration.builder()
          .addLimit(LocalRateLimits.bandwidth(charge.limit())).build();
      Supplier<CompletableFuture<BucketConfiguration>> supplier =
          () -> CompletableFuture.completedFuture(config);
      return m.manager.builder().withOptimization(Optimizations.batching())
          .build(charge.key(namespace), supplier);
    });
  }

  /** The proxy manager of the current connection (built once it exists). */
  private Managed managed() {
    StatefulRedisConnection<String, byte[]> c = link.connection();
    Managed m = managed;
    if (m != null && m.connection == c) {
      return m;
    }
    synchronized (this) {
      if (managed == null || managed.connection != c) {
        AsyncProxyManager<String> manager = Bucket4jLettuce.casBasedBuilder(c)
            .clientClock(time)
            .expirationAfterWrite(ExpirationAfterWriteStrategy
                .basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
            .build().asAsync();
        managed = new Managed(c, manager, System.identityHashCode(c) + "/");
      }
      return managed;
    }
  }

  private record Managed(StatefulRedisConnection<String, byte[]> connection,
      AsyncProxyManager<String> manager, String id) {
  }

  /** Bucket operations on Redis; a synchronous failure becomes a failed future. */
  private final class Access implements BucketAccess {
    @Override
    public CompletableFuture<ConsumptionProbe> tryConsume(Charge charge) {
      return guarded(() -> proxy(charge).tryConsumeAndReturnRemaining(charge.tokens()));
    }

    @Override
    public CompletableFuture<Void> refund(Charge charge, long tokens) {
      return guarded(() -> proxy(charge).addTokens(tokens));
    }

    @Override
    public CompletableFuture<Void> forceConsume(Charge charge, long tokens) {
      return guarded(() -> proxy(charge).consumeIgnoringRateLimits(tokens).thenApply(x -> null));
    }

    private <T> CompletableFuture<T> guarded(Supplier<CompletableFuture<T>> op) {
      try {
        return op.get();
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
  }
}
