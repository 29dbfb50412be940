package dev.switchboard.resilience.health;

import java.time.Duration;
import java.util.Arrays;

/**
 * A sliding time window of call outcomes, kept as a ring of fixed-length buckets: a bucket is
 * reused (and cleared) when time comes round to it again, so memory is constant and old data
 * leaves the window one bucket at a time.
 *
 * <p>Threading: not thread-safe; {@link ProviderState} guards it with its monitor.
 */
final class HealthWindow {

  /** Sums over the buckets still in the window. Immutable. */
  record Totals(long requests, long requestFailures, long probes, long probeFailures,
      long okCount, long okLatencyNanos) {

    long calls() {
      return requests + probes;
    }

    long failures() {
      return requestFailures + probeFailures;
    }

    /**
     * Whether the provider is there: the share of successful active probes, which test the
     * provider alone; from traffic only while no probe ran. 1.0 without data.
     */
    double availability() {
      if (probes > 0) {
        return (double) (probes - probeFailures) / probes;
      }
      return calls() == 0 ? 1.0 : (double) (calls() - failures()) / calls();
    }

    /**
     * How much of the real traffic failed: the share of failed requests; from probes only while
     * no request was seen. 0.0 without data. Kept apart from availability so the health score
     * weighs two different signals rather than one twice.
     */
    double errorRate() {
      if (requests > 0) {
        return (double) requestFailures / requests;
      }
      return calls() == 0 ? 0.0 : (double) failures() / calls();
    }

    /** Mean latency of successful calls in milliseconds; NaN without any. */
    double latencyMs() {
      return okCount == 0 ? Double.NaN : okLatencyNanos / 1_000_000.0 / okCount;
    }
  }

  private final long bucketMillis;
  private final long[] epochs;
  private final long[] requests;
  private final long[] requestFailures;
  private final long[] probes;
  private final long[] probeFailures;
  private final long[] okCount;
  private final long[] okLatencyNanos;

  HealthWindow(Duration window, Duration bucket) {
    bucketMillis = bucket.toMillis();
    if (bucketMillis <= 0 || window.toMillis() < bucketMillis) {
      throw new IllegalArgumentException(
          "need 0 < bucket <= window, got bucket " + bucket + ", window " + window);
    }
    int n = (int) ((window.toMillis() + bucketMillis - 1) / bucketMillis);
    epochs = new long[n];
    Arrays.fill(epochs, Long.MIN_VALUE);
    requests = new long[n];
    requestFailures = new long[n];
    probes = new long[n];
    probeFailures = new long[n];
    okCount = new long[n];
    okLatencyNanos = new long[n];
  }

  void add(long nowMillis, boolean probe, boolean ok, long latencyNanos) {
    long epoch = Math.floorDiv(nowMillis, bucketMillis);
    int i = (int) Math.floorMod(epoch, (long) epochs.length);
    if (epochs[i] != epoch) {
      epochs[i] = epoch;
      requests[i] = 0;
      requestFailures[i] = 0;
      probes[i] = 0;
      probeFailures[i] = 0;
      okCount[i] = 0;
      okLatencyNanos[i] = 0;
    }
    if (probe) {
      probes[i]++;
      probeFailures[i] += ok ? 0 : 1;
    } else {
      requests[i]++;
      requestFailures[i] += ok ? 0 : 1;
    }
    if (ok) {
      okCount[i]++;
      okLatencyNanos[i] += Math.max(0, latencyNanos);
    }
  }

  /** Sums the buckets of the last {@code window} (rounded up to whole buckets) before now. */
  Totals totals(long nowMillis) {
    long epoch = Math.floorDiv(nowMillis, bucketMillis);
    long oldest = epoch - epochs.length + 1;
    long req = 0;
    long reqFail = 0;
    long prb = 0;
    long prbFail = 0;
    long ok = 0;
    long okNanos = 0;
    for (int i = 0; i < epochs.length; i++) {
      // A bucket from the future (the clock went back) is ignored rather than trusted.
      if (epochs[i] >= oldest && epochs[i] <= epoch) {
        req += requests[i];
        reqFail += requestFailures[i];
        prb += probes[i];
        prbFail += probeFailures[i];
        ok += okCount[i];
        okNanos += okLatencyNanos[i];
      }
    }
    return new Totals(req, reqFail, prb, prbFail, ok, okNanos);
  }
}
