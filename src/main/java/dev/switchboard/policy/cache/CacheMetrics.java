package dev.switchboard.policy.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The cache's counters: {@code cache_hits_total}, {@code cache_misses_total},
 * {@code cache_stores_total} and {@code cache_evictions_total{cause}}, all tagged with the
 * backend. The size gauge belongs to the store that knows its size.
 *
 * <p>Threading: thread-safe (Micrometer counters).
 */
final class CacheMetrics {
  final Counter hits;
  final Counter misses;
  final Counter stores;
  private final MeterRegistry registry;
  private final String backend;

  CacheMetrics(MeterRegistry registry, String backend) {
    this.registry = registry;
    this.backend = backend;
    this.hits = Counter.builder("cache_hits").description("Requests answered from the response cache")
        .tag("backend", backend).register(registry);
    this.misses = Counter.builder("cache_misses")
        .description("Cacheable requests the response cache could not answer")
        .tag("backend", backend).register(registry);
    this.stores = Counter.builder("cache_stores").description("Answers put in the response cache")
        .tag("backend", backend).register(registry);
    // registered up front so dashboards see zero rather than no series
    evictions("size");
    evictions("expired");
  }

  /**
   * {@code cache_evictions_total{cause}}: answers dropped before being replaced or flushed
   * ({@code size} or {@code expired}).
   */
  Counter evictions(String cause) {
    return Counter.builder("cache_evictions")
        .description("Answers the response cache dropped (size: to stay under max_bytes;"
            + " expired: older than the TTL)")
        .tag("backend", backend).tag("cause", cause).register(registry);
  }

  MeterRegistry registry() {
    return registry;
  }

  String backend() {
    return backend;
  }
}
