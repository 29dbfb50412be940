package dev.switchboard.governance.limits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts each decision a Redis-backed limit engine made locally because Redis failed
 * ({@code shared_state_fallback_total{component=...}}) and logs a warning at most once a minute,
 * so an outage cannot flood the log from the request path.
 *
 * <p>Threading: thread-safe and lock-free.
 */
final class SharedStateFallback {
  static final String METRIC = "shared_state_fallback";
  private static final Logger LOG = LoggerFactory.getLogger(SharedStateFallback.class);
  private static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final String component;
  private final Counter counter;
  private final AtomicLong lastWarnNanos;

  SharedStateFallback(MeterRegistry registry, String component) {
    this.component = component;
    this.counter = Counter.builder(METRIC)
        .description("Times shared state was unavailable and the component decided locally")
        .tag("component", component)
        .register(registry);
    this.lastWarnNanos = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);
  }

  void report(String what, Throwable cause) {
    counter.increment();
    long now = System.nanoTime();
    long last = lastWarnNanos.get();
    if (now - last >= WARN_INTERVAL_NANOS && lastWarnNanos.compareAndSet(last, now)) {
      LOG.warn("{}: {} ({}); deciding locally, {} fallbacks so far "
          + "(next warning in a minute at the earliest)", component, what, rootOf(cause),
          (long) counter.count());
    }
  }

  double count() {
    return counter.count();
  }

  private static String rootOf(Throwable cause) {
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
