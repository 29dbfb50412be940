package dev.switchboard.governance;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Virtual keys by hash, in two tiers in front of the store, so that a key in use never touches
 * the database: this replica's memory (Caffeine), then the {@link SharedKeyTier} (Redis), then the
 * {@link KeyLookup}. Unknown keys are cached too (for a shorter time), and lookups that reach the
 * store are rate limited, so a flood of made-up keys cannot reach the database either; while the
 * store is down, keys already cached keep working. An invalidation (revocation, change) drops the
 * key on every replica through the shared tier.
 *
 * <p>Threading: thread-safe. {@link #find} is called on event loops and never blocks them: hits
 * answer at once; misses run on the cache's own lookup threads and come back on the caller's
 * context.
 */
public final class KeyCache implements AutoCloseable {
  private final AsyncCache<String, Optional<KeyRecord>> local;
  private final KeyLookup store;
  private final SharedKeyTier shared;
  private final ExecutorService lookups;
  private final Bucket storeBudget;
  private final Counter hits;
  private final Counter misses;
  private final Counter storeLookups;
  private final Counter throttled;

  /**
   * @param positiveTtl how long a found key is trusted without asking again (revocations arrive
   *     through invalidation much sooner)
   * @param negativeTtl how long an unknown key stays unknown
   * @param storeLookupsPerSecond most store lookups per second on this replica
   */
  public KeyCache(KeyLookup store, SharedKeyTier shared, MeterRegistry registry,
      Duration positiveTtl, Duration negativeTtl, long storeLookupsPerSecond, Ticker ticker) {
    this(store, shared, registry, positiveTtl, negativeTtl, storeLookupsPerSecond, ticker,
        Executors.newFixedThreadPool(4, r -> {
          Thread t = new Thread(r, "key-lookup");
          t.setDaemon(true);
          return t;
        }));
  }

  /**
   * As above, with the lookups run on {@code lookups} (shut down by {@link #close}). Tests that
   * move the ticker pass a direct executor, so an entry's lifetime is set before the lookup
   * returns rather than on a pool thread a moment later.
   */
  KeyCache(KeyLookup store, SharedKeyTier shared, MeterRegistry registry, Duration positiveTtl,
      Duration negativeTtl, long storeLookupsPerSecond, Ticker ticker, ExecutorService lookups) {
    this.store = store;
    this.shared = shared;
    this.lookups = lookups;
    this.local = Caffeine.newBuilder()
        .maximumSize(200_000)
        .expireAfter(new TtlByOutcome(positiveTtl.toNanos(), negativeTtl.toNanos()))
        .ticker(ticker)
        .executor(lookups)
        .buildAsync();
    this.storeBudget = Bucket.builder().addLimit(Bandwidth.builder()
        .capacity(storeLookupsPerSecond * 2)
        .refillGreedy(storeLookupsPerSecond, Duration.ofSeconds(1)).build())
        .withCustomTimePrecision(new TickerTime(ticker)).build();
    this.hits = Counter.builder("key_cache_hits_total").register(registry);
    this.misses = Counter.builder("key_cache_misses_total").register(registry);
    this.storeLookups = Counter.builder("key_store_lookups_total").register(registry);
    this.throttled = Counter.builder("key_store_lookups_throttled_total").register(registry);
    shared.onInvalidation(hash -> local.synchronous().invalidate(hash));
  }

  /**
   * The key with this hash: empty when unknown. Fails with {@link KeyStoreUnavailable} when the
   * key is not cached and the store cannot be asked (down, or the lookup budget is spent).
   */
  public Future<Optional<KeyRecord>> find(String keyHash) {
    CompletableFuture<Optional<KeyRecord>> cached = local.getIfPresent(keyHash);
    if (cached != null && cached.isDone() && !cached.isCompletedExceptionally()) {
      hits.increment();
      return Future.succeededFuture(cached.join());
    }
    if (cached != null && cached.isCompletedExceptionally()) {
      // Caffeine drops failed lookups asynchronously; never serve one that is still there
      local.asMap().remove(keyHash, cached);
    }
    misses.increment();
    CompletableFuture<Optional<KeyRecord>> loading = local.get(keyHash, (k, executor) ->
        CompletableFuture.supplyAsync(() -> load(k), executor));
    Context ctx = Vertx.currentContext();
    return ctx == null ? Future.fromCompletionStage(loading)
        : Future.fromCompletionStage(loading, ctx);
  }

  private Optional<KeyRecord> load(String keyHash) {
    Optional<KeyRecord> fromShared = sharedGet(keyHash);
    if (fromShared.isPresent()) {
      return fromShared;
    }
    if (!storeBudget.tryConsume(1)) {
      throttled.increment();
      throw new KeyStoreUnavailable("too many lookups of unknown keys");
    }
    storeLookups.increment();
    Optional<KeyRecord> found;
    try {
      found = store.findByHash(keyHash);
    } catch (RuntimeException e) {
      throw new KeyStoreUnavailable("the key store did not answer: " + e.getMessage());
    }
    found.ifPresent(this::sharedPut);
    return found;
  }

  private Optional<KeyRecord> sharedGet(String keyHash) {
    try {
      return shared.get(keyHash);
    } catch (RuntimeException e) {
      return Optional.empty(); // the shared tier is an optimisation; the store decides
    }
  }

  private void sharedPut(KeyRecord key) {
    try {
      shared.put(key);
    } catch (RuntimeException e) {
      // the next replica asks the store itself
    }
  }

  /** Forgets a key here and on every replica (after a revocation or change). */
  public void invalidate(String keyHash) {
    local.synchronous().invalidate(keyHash);
    shared.invalidate(keyHash);
  }

  /**
   * Forgets a key known by id (the admin API's handle) here and on every replica: the local copy
   * found by scanning (admin changes are rare), the shared copy through the tier's id index.
   */
  public void invalidateKeyId(String keyId) {
    String hash = null;
    for (var e : local.synchronous().asMap().entrySet()) {
      if (e.getValue().isPresent() && e.getValue().get().id().equals(keyId)) {
        hash = e.getKey();
      }
    }
    if (hash == null) {
      hash = shared.hashOfKeyId(keyId).orElse(null);
    }
    if (hash != null) {
      invalidate(hash);
    }
  }

  @Override
  public void close() {
    shared.close();
    lookups.shutdown();
    try {
      lookups.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The key store could not be asked about a key that is not cached. */
  public static final class KeyStoreUnavailable extends RuntimeException {
    KeyStoreUnavailable(String message) {
      super(message, null, false, false);
    }
  }

  /** The cache's clock for the lookup budget too, so tests drive both with one fake ticker. */
  private record TickerTime(Ticker ticker) implements TimeMeter {
    @Override
    public long currentTimeNanos() {
      return ticker.read();
    }

    @Override
    public boolean isWallClockBased() {
      return false;
    }
  }

  /** Found keys live for the positive TTL, unknown ones for the negative TTL. */
  private record TtlByOutcome(long positiveNanos, long negativeNanos)
      implements Expiry<String, Optional<KeyRecord>> {
    @Override
    public long expireAfterCreate(String key, Optional<KeyRecord> value, long now) {
      return value.isPresent() ? positiveNanos : negativeNanos;
    }

    @Override
    public long expireAfterUpdate(String key, Optional<KeyRecord> value, long now, long current) {
      return expireAfterCreate(key, value, now);
    }

    @Override
    public long expireAfterRead(String key, Optional<KeyRecord> value, long now, long current) {
      return current;
    }
  }
}
