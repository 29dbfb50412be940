package dev.switchboard.resilience.breaker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts each time breaker sharing falls back to local-only decisions
 * ({@code shared_state_fallback_total{component="circuit_breakers"}}) and logs a warning at most
 * once a minute, so a Redis outage cannot flood the log from the request path.
 *
 * <p>Threading: thread-safe and lock-free.
 */
final class FallbackReporter {
  static final String METRIC = "shared_state_fallback";
  private static final Logger LOG = LoggerFactory.getLogger(RedisBreakerSync.class);
  private static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final Counter counter;
  private final AtomicLong lastWarnNanos;

  FallbackReporter(MeterRegistry registry) {
    counter = Counter.builder(METRIC)
        .description("Times shared state was unavailable and the component decided locally")
        .tag("component", "circuit_breakers")
        .register(registry);
    lastWarnNanos = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);
  }

  void report(String what, Throwable cause) {
    counter.increment();
    long now = System.nanoTime();
    long last = lastWarnNanos.get();
    if (now - last >= WARN_INTERVAL_NANOS && lastWarnNanos.compareAndSet(last, now)) {
      LOG.warn("circuit breakers: {} ({}); deciding locally, {} fallbacks so far "
          + "(next warning in a minute at the earliest)", what, describe(cause),
          (long) counter.count());
    }
  }

  private static String describe(Throwable cause) {
    if (cause == null) {
      return "no connection";
    }
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
