package dev.switchboard.routing.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Rendered catalog views (for example the {@code models} and {@code gateways} listings) kept as
 * ready-to-send buffers for a time-to-live after they were built, so that listing endpoints do not
 * re-render on every request. Exports {@code catalog_cache_hits_total},
 * {@code catalog_cache_misses_total}, {@code catalog_cache_invalidations_total} and the gauge
 * {@code catalog_cache_size_bytes}; create one per meter registry.
 *
 * <p>Threading: thread-safe; called from several event loops. A view missing from the cache is
 * built once while concurrent callers for the same key wait for it, so loaders must be quick and
 * must not block. Returned buffers are shared between callers and must not be modified.
 */
public final class CatalogCache {
  /** How long a rendered view is served before it is rebuilt, unless configured otherwise. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);
  /** Views are a handful of fixed keys; the bound only guards against a caller keying by input. */
  static final long MAX_VIEWS = 256;

  private final Cache<String, Buffer> views;
  private final Counter invalidations;

  /** A cache with the default TTL on the system clock. */
  public CatalogCache(MeterRegistry registry) {
    this(registry, DEFAULT_TTL, Ticker.systemTicker());
  }

  /**
   * A cache whose entries expire {@code ttl} after they were built, as measured by
   * {@code ticker} (a fake one in tests).
   */
  public CatalogCache(MeterRegistry registry, Duration ttl, Ticker ticker) {
    Objects.requireNonNull(registry, "registry");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("catalog cache TTL must be positive: " + ttl);
    }
    MeterStats stats = new MeterStats(registry);
    this.views = Caffeine.newBuilder()
        .expireAfterWrite(ttl)
        .maximumSize(MAX_VIEWS)
        .ticker(ticker)
        // Maintenance on the calling thread: nothing lands on the common pool, and the size
        // gauge reflects an invalidation as soon as it returns.
        .executor(Runnable::run)
        .recordStats(() -> stats)
        .build();
    this.invalidations = Counter.builder("catalog_cache_invalidations")
        .description("Times every cached catalog view was dropped")
        .register(registry);
    Gauge.builder("catalog_cache_size", this, CatalogCache::sizeBytes)
        .description("Bytes of the catalog views currently cached")
        .baseUnit(BaseUnits.BYTES)
        .register(registry);
  }

  /**
   * The cached view under {@code key}, or the one {@code loader} builds now when it is missing or
   * expired. The loader must not return null; if it throws, nothing is cached and the exception
   * reaches the caller.
   */
  public Buffer get(String key, Supplier<Buffer> loader) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(loader, "loader");
    return views.get(key,
        k -> Objects.requireNonNull(loader.get(), "catalog view loader for " + k));
  }

  /** Drops every cached view, for example after the configuration was reloaded. */
  public void invalidate() {
    views.invalidateAll();
    invalidations.increment();
  }

  /** Bytes of the live (unexpired) cached views. */
  long sizeBytes() {
    long bytes = 0;
    // The map view skips entries that have expired but were not yet cleaned up.
    for (Buffer buffer : views.asMap().values()) {
      bytes += buffer.length();
    }
    return bytes;
  }

  /** Routes Caffeine's hit and miss statistics to Micrometer counters. */
  private static final class MeterStats implements StatsCounter {
    private final Counter hits;
    private final Counter misses;

    MeterStats(MeterRegistry registry) {
      hits = Counter.builder("catalog_cache_hits")
          .description("Catalog view requests served from the cache")
          .register(registry);
      misses = Counter.builder("catalog_cache_misses")
          .description("Catalog view requests that had to render the view")
          .register(registry);
    }

    @Override
    public void recordHits(int count) {
      hits.increment(count);
    }

    @Override
    public void recordMisses(int count) {
      misses.increment(count);
    }

    @Override
    public void recordLoadSuccess(long loadTime) {
      // Load times are not exported: views render in microseconds.
    }

    @Override
    public void recordLoadFailure(long loadTime) {
      // A failed load is already a counted miss; the exception reaches the caller.
    }

    @Override
    public void recordEviction(int weight, RemovalCause cause) {
      // Expiry is routine and invalidation is counted by the cache itself.
    }

    @Override
    public CacheStats snapshot() {
      // Nothing reads Caffeine's own stats; the Micrometer counters are the record.
      return CacheStats.empty();
    }
  }
}
