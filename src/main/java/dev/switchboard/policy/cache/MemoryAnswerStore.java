package dev.switchboard.policy.cache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Answers kept in this replica's memory (Caffeine), bounded by their size in bytes
 * ({@code max_bytes}); each expires after the TTL in force when it was stored. Time comes from the
 * injected clock, so tests move it instead of waiting. Exports {@code cache_size_bytes}.
 *
 * <p>Threading: thread-safe (Caffeine); housekeeping runs on the calling thread and is amortised
 * O(1), so it is fine on an event loop.
 */
final class MemoryAnswerStore implements AnswerStore {
  /** What an entry costs beyond its JSON: key strings, object headers, the map node. */
  private static final int OVERHEAD = 160;

  private record Key(String tenant, String hash) {}

  private record Entry(CachedAnswer answer, long ttlNanos) {}

  private final Cache<Key, Entry> cache;
  private final long maxBytes;

  MemoryAnswerStore(long maxBytes, Clock clock, CacheMetrics metrics) {
    this.maxBytes = maxBytes;
    Ticker ticker = () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
    this.cache = Caffeine.newBuilder()
        .maximumWeight(maxBytes)
        .weigher((Key k, Entry e) -> e.answer().json().length + OVERHEAD)
        .expireAfter(new Expiry<Key, Entry>() {
          @Override
          public long expireAfterCreate(Key k, Entry e, long now) {
            return e.ttlNanos();
          }

          @Override
          public long expireAfterUpdate(Key k, Entry e, long now, long current) {
            return e.ttlNanos();
          }

          @Override
          public long expireAfterRead(Key k, Entry e, long now, long current) {
            return current;
          }
        })
        .ticker(ticker)
        .executor(Runnable::run)
        .evictionListener((Key k, Entry e, RemovalCause cause) -> metrics.evictions(
            cause == RemovalCause.EXPIRED ? "expired" : "size").increment())
        .build();
    Gauge.builder("cache_size_bytes", this, MemoryAnswerStore::sizeBytes)
        .description("Bytes held by the in-memory response cache").baseUnit("bytes")
        .tag("backend", metrics.backend()).register(metrics.registry());
  }

  @Override
  public Future<CachedAnswer> get(String tenant, String hash) {
    Entry e = cache.getIfPresent(new Key(tenant, hash));
    return Future.succeededFuture(e == null ? null : e.answer());
  }

  @Override
  public void put(String tenant, String hash, CachedAnswer answer, Duration ttl) {
    cache.put(new Key(tenant, hash), new Entry(answer, ttl.toNanos()));
  }

  @Override
  public Future<Long> flush(String tenant) {
    long before = cache.estimatedSize();
    if (tenant == null) {
      cache.invalidateAll();
    } else {
      cache.asMap().keySet().removeIf(k -> k.tenant().equals(tenant));
    }
    cache.cleanUp();
    return Future.succeededFuture(Math.max(0, before - cache.estimatedSize()));
  }

  @Override
  public void describe(ObjectNode out) {
    cache.cleanUp();
    out.put("entries", cache.estimatedSize());
    out.put("size_bytes", sizeBytes());
    out.put("max_bytes", maxBytes);
  }

  /** The weighed size of the entries (JSON bytes plus overhead). */
  long sizeBytes() {
    return cache.policy().eviction().map(ev -> ev.weightedSize().orElse(0)).orElse(0L);
  }
}
