package dev.switchboard.governance.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LocalBucket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RateLimits} for one box: lock-free Bucket4j buckets in memory, kept in a bounded Caffeine
 * cache. A bucket idle for {@link #IDLE_EXPIRY} is dropped; it would have refilled completely after
 * one minute anyway, so only a token debt older than that is forgiven. If more than
 * {@code maxBuckets} are active, the least recently used are dropped and start full when they come
 * back (size the cache above the number of active scopes).
 *
 * <p>Threading: thread-safe; every operation is a few compare-and-swaps, completes before it
 * returns, and is safe on event loops.
 */
public final class LocalRateLimits implements RateLimits {
  /** The default bound on the number of buckets kept. */
  public static final long DEFAULT_MAX_BUCKETS = 100_000;
  static final Duration IDLE_EXPIRY = Duration.ofMinutes(2);
  private static final Logger LOG = LoggerFactory.getLogger(LocalRateLimits.class);

  private final Cache<String, LocalBucket> buckets;
  private final TimeMeter time;
  private final BucketAcquirer acquirer;

  /** Buckets on the system clock, at most {@link #DEFAULT_MAX_BUCKETS}. */
  public LocalRateLimits() {
    this(Clock.systemUTC(), DEFAULT_MAX_BUCKETS);
  }

  /**
   * @param clock the time buckets refill by
   * @param maxBuckets how many buckets to keep at most
   */
  public LocalRateLimits(Clock clock, long maxBuckets) {
    this.time = new ClockTimeMeter(clock);
    this.buckets = Caffeine.newBuilder()
        .maximumSize(maxBuckets)
        .expireAfterAccess(IDLE_EXPIRY)
        .build();
    this.acquirer = new BucketAcquirer(new Access(), this,
        e -> LOG.warn("refunding a local rate-limit charge failed", e));
  }

  @Override
  public CompletionStage<RateDecision> acquire(List<RateCheck> checks) {
    return acquirer.acquire(checks);
  }

  @Override
  public CompletionStage<Void> correctTokens(RateDecision decision, long actualTokens) {
    if (decision.origin() != this) {
      throw new IllegalArgumentException("the decision was not made here");
    }
    return acquirer.correct(decision, actualTokens);
  }

  private LocalBucket bucket(Charge charge) {
    return buckets.get(charge.key("local"), k -> Bucket.builder()
        .addLimit(bandwidth(charge.limit()))
        .withCustomTimePrecision(time)
        .build());
  }

  /** Capacity = limit, refilled greedily (continuously) by the whole limit every minute. */
  static Bandwidth bandwidth(long perMinute) {
    return Bandwidth.builder().capacity(perMinute)
        .refillGreedy(perMinute, Duration.ofMinutes(1)).build();
  }

  /** Synchronous buckets behind already-completed futures. */
  private final class Access implements BucketAccess {
    @Override
    public CompletableFuture<ConsumptionProbe> tryConsume(Charge charge) {
      return CompletableFuture.completedFuture(
          bucket(charge).tryConsumeAndReturnRemaining(charge.tokens()));
    }

    @Override
    public CompletableFuture<Void> refund(Charge charge, long tokens) {
      bucket(charge).addTokens(tokens);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> forceConsume(Charge charge, long tokens) {
      bucket(charge).consumeIgnoringRateLimits(tokens);
      return CompletableFuture.completedFuture(null);
    }
  }
}
