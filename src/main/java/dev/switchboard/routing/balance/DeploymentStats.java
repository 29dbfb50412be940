package dev.switchboard.routing.balance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live stats per deployment id: requests in flight, finished requests and failures, and an
 * exponentially weighted moving average (EWMA) of latency. Read by the {@code least_connections}
 * and {@code least_latency} strategies and shown by admin views.
 *
 * <p>Threading: thread-safe and lock-free; every method may be called from any event loop. Counts
 * are {@link LongAdder}s and atomics, the average is updated by compare-and-set.
 */
public final class DeploymentStats {

  /**
   * Default weight of the newest sample: the average follows a change of latency within a handful
   * of requests (a sample's weight halves after two more) while one outlier moves it only by 30%.
   */
  public static final double DEFAULT_ALPHA = 0.3;

  private static final long NO_SAMPLE = Double.doubleToRawLongBits(Double.NaN);

  private final double alpha;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /** Stats with {@link #DEFAULT_ALPHA}. */
  public DeploymentStats() {
    this(DEFAULT_ALPHA);
  }

  /** @param alpha weight of the newest latency sample, in (0, 1] */
  public DeploymentStats(double alpha) {
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
    }
    this.alpha = alpha;
  }

  /** A request to deployment {@code id} starts: one more in flight. */
  public void started(String id) {
    entry(id).inFlight.incrementAndGet();
  }

  /**
   * A request to deployment {@code id} finished: one fewer in flight, counted, and its latency fed
   * into the average. A failure never lowers the average (its sample is at least the current
   * average), so a deployment that fails fast does not look fast; its first sample is taken as is.
   */
  public void finished(String id, long latencyNanos, boolean ok) {
    Entry e = entry(id);
    decrementToZero(e.inFlight);
    e.requests.increment();
    if (!ok) {
      e.failures.increment();
    }
    double sampleMs = latencyNanos / 1_000_000.0;
    while (true) {
      long bits = e.ewmaBits.get();
      double old = Double.longBitsToDouble(bits);
      double next;
      if (Double.isNaN(old)) {
        next = sampleMs;
      } else {
        double sample = ok ? sampleMs : Math.max(sampleMs, old);
        next = old + alpha * (sample - old);
      }
      if (e.ewmaBits.compareAndSet(bits, Double.doubleToRawLongBits(next))) {
        return;
      }
    }
  }

  /** Requests to {@code id} in flight (0 for an unknown id). */
  public int inFlight(String id) {
    Entry e = entries.get(id);
    return e == null ? 0 : e.inFlight.get();
  }

  /** Moving average of {@code id}'s latency in milliseconds; NaN before its first sample. */
  public double latencyEwmaMs(String id) {
    Entry e = entries.get(id);
    return e == null ? Double.NaN : Double.longBitsToDouble(e.ewmaBits.get());
  }

  /** Every deployment seen so far, sorted by id. Counts are read one by one, not atomically. */
  public List<DeploymentStatsView> snapshot() {
    List<String> ids = new ArrayList<>(entries.keySet());
    ids.sort(null);
    long[] requests = new long[ids.size()];
    long all = 0;
    for (int i = 0; i < requests.length; i++) {
      requests[i] = entries.get(ids.get(i)).requests.sum();
      all += requests[i];
    }
    List<DeploymentStatsView> out = new ArrayList<>(ids.size());
    for (int i = 0; i < requests.length; i++) {
      Entry e = entries.get(ids.get(i));
      double share = all == 0 ? 0 : (double) requests[i] / all;
      out.add(new DeploymentStatsView(ids.get(i), requests[i], e.failures.sum(), share,
          Double.longBitsToDouble(e.ewmaBits.get()), e.inFlight.get()));
    }
    return out;
  }

  private Entry entry(String id) {
    Entry e = entries.get(id); // lock-free fast path; computeIfAbsent only the first time
    return e != null ? e : entries.computeIfAbsent(id, k -> new Entry());
  }

  /** A finished() without its started() must not drive least_connections' count negative. */
  private static void decrementToZero(AtomicInteger counter) {
    while (true) {
      int v = counter.get();
      if (v <= 0 || counter.compareAndSet(v, v - 1)) {
        return;
      }
    }
  }

  /** One deployment's counters; entries are never removed (ids come from the configuration). */
  private static final class Entry {
    final AtomicInteger inFlight = new AtomicInteger();
    final LongAdder requests = new LongAdder();
    final LongAdder failures = new LongAdder();
    final AtomicLong ewmaBits = new AtomicLong(NO_SAMPLE);
  }
}
