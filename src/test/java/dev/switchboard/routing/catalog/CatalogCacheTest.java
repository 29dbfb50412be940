package dev.switchboard.routing.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class CatalogCacheTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final FakeTicker ticker = new FakeTicker();
  private final CatalogCache cache = new CatalogCache(registry, Duration.ofMinutes(5), ticker);
  private final AtomicInteger renders = new AtomicInteger();

  @Test
  void theExportedMetricNamesAreExact() {
    String scrape = registry.scrape();
    assertThat(scrape).contains(
        "# TYPE catalog_cache_hits_total counter", "catalog_cache_hits_total 0.0",
        "# TYPE catalog_cache_misses_total counter", "catalog_cache_misses_total 0.0",
        "# TYPE catalog_cache_invalidations_total counter",
        "catalog_cache_invalidations_total 0.0",
        "# TYPE catalog_cache_size_bytes gauge", "catalog_cache_size_bytes 0.0");
  }

  @Test
  void aViewIsRenderedOnceThenServedFromTheCache() {
    Buffer first = cache.get("models", loader("[\"gpt-4o\"]"));
    Buffer second = cache.get("models", loader("changed"));
    assertThat(second).isSameAs(first);
    assertThat(second.toString()).isEqualTo("[\"gpt-4o\"]");
    cache.get("gateways", loader("{}"));
    assertThat(renders).hasValue(2);
    String scrape = registry.scrape();
    assertThat(scrape).contains("catalog_cache_hits_total 1.0", "catalog_cache_misses_total 2.0",
        "catalog_cache_size_bytes 12.0");
  }

  @Test
  void viewsExpireAfterTheTtl() {
    cache.get("models", loader("old"));
    ticker.advance(Duration.ofMinutes(5).minusNanos(1));
    assertThat(cache.get("models", loader("new")).toString()).isEqualTo("old");
    ticker.advance(Duration.ofNanos(1));
    assertThat(cache.sizeBytes()).as("an expired view is not counted").isZero();
    assertThat(cache.get("models", loader("newer")).toString()).isEqualTo("newer");
    assertThat(renders).hasValue(2);
    assertThat(registry.scrape()).contains("catalog_cache_hits_total 1.0",
        "catalog_cache_misses_total 2.0", "catalog_cache_size_bytes 5.0");
  }

  @Test
  void invalidationDropsEveryView() {
    cache.get("models", loader("aaaa"));
    cache.get("gateways", loader("bb"));
    assertThat(registry.scrape()).contains("catalog_cache_size_bytes 6.0");
    cache.invalidate();
    assertThat(registry.scrape()).contains("catalog_cache_size_bytes 0.0",
        "catalog_cache_invalidations_total 1.0");
    assertThat(cache.get("models", loader("c")).toString()).isEqualTo("c");
    assertThat(renders).hasValue(3);
    assertThat(registry.scrape()).contains("catalog_cache_misses_total 3.0",
        "catalog_cache_size_bytes 1.0");
  }

  @Test
  void aFailingLoaderCachesNothing() {
    assertThatThrownBy(() -> cache.get("models", () -> {
      throw new IllegalStateException("render failed");
    })).hasMessage("render failed");
    assertThatThrownBy(() -> cache.get("models", () -> null))
        .isInstanceOf(NullPointerException.class);
    assertThat(cache.get("models", loader("ok")).toString()).isEqualTo("ok");
    assertThat(renders).hasValue(1);
  }

  @Test
  void concurrentCallersRenderAViewOnce() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      Future<?>[] calls = new Future<?>[threads];
      for (int i = 0; i < threads; i++) {
        calls[i] = pool.submit(() -> {
          start.await();
          for (int j = 0; j < 1_000; j++) {
            assertThat(cache.get("models", loader("v")).toString()).isEqualTo("v");
          }
          return null;
        });
      }
      start.countDown();
      for (Future<?> call : calls) {
        call.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(renders).hasValue(1);
    assertThat(registry.scrape()).contains("catalog_cache_hits_total 7999.0",
        "catalog_cache_misses_total 1.0");
  }

  @Test
  void theTtlMustBePositive() {
    assertThatThrownBy(() -> new CatalogCache(registry, Duration.ZERO, ticker))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private Supplier<Buffer> loader(String body) {
    return () -> {
      renders.incrementAndGet();
      return Buffer.buffer(body);
    };
  }

  /** A clock the test moves by hand. */
  private static final class FakeTicker implements Ticker {
    private final AtomicLong nanos = new AtomicLong();

    @Override
    public long read() {
      return nanos.get();
    }

    void advance(Duration d) {
      nanos.addAndGet(d.toNanos());
    }
  }
}
