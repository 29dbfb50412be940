package dev.switchboard.resilience.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * One provider's health: its sliding window of outcomes, the run of failed probes that makes it
 * down, the last probe, and its meters once bound to a registry.
 *
 * <p>Threading: thread-safe. The window is guarded by this object's monitor: recording is a few
 * array writes, but a bucket that rolls over must be cleared and written as one step, which a
 * lock-free scheme would make far more complex for no measurable gain at one call per request.
 */
final class ProviderState {

  /** Response-time histogram buckets, from a fast model listing to a slow completion. */
  private static final Duration[] RESPONSE_BUCKETS = {
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
      Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

  final String provider;
  private final Clock clock;
  private final int downAfter;
  private final HealthWindow window; // guarded by this
  private int failedProbesInARow; // guarded by this
  private Instant lastProbeAt; // guarded by this
  private boolean lastProbeOk; // guarded by this
  private volatile boolean down;
  private volatile Timer responseTime;

  ProviderState(String provider, Clock clock, HealthWindow window, int downAfter) {
    this.provider = provider;
    this.clock = clock;
    this.window = window;
    this.downAfter = downAfter;
  }

  /** Registers this provider's gauges and timer; registering twice returns the same meters. */
  void bindTo(MeterRegistry registry) {
    Gauge.builder("provider_availability", this, s -> s.totals().availability())
        .description("Share of successful requests and probes over the health window")
        .tag("provider", provider).strongReference(true).register(registry);
    Gauge.builder("provider_error_rate", this, s -> s.totals().errorRate())
        .description("Share of failed requests and probes over the health window")
        .tag("provider", provider).strongReference(true).register(registry);
    Gauge.builder("switchboard_provider_health_score", this, ProviderState::score)
        .description("0.4 availability + 0.3 (1 - error rate) + 0.3 latency score")
        .tag("provider", provider).strongReference(true).register(registry);
    responseTime = Timer.builder("provider_response_time")
        .description("Latency of successful requests and probes")
        .tag("provider", provider)
        .serviceLevelObjectives(RESPONSE_BUCKETS)
        .register(registry);
  }

  void record(long latencyNanos, boolean ok) {
    long now = clock.millis();
    synchronized (this) {
      window.add(now, false, ok, latencyNanos);
    }
    time(latencyNanos, ok);
  }

  /**
   * Records a probe's outcome.
   *
   * @return +1 when this probe made the provider down, −1 when it brought it back, else 0
   */
  int probeResult(long latencyNanos, boolean ok) {
    long now = clock.millis();
    int change;
    synchronized (this) {
      window.add(now, true, ok, latencyNanos);
      lastProbeAt = Instant.ofEpochMilli(now);
      lastProbeOk = ok;
      failedProbesInARow = ok ? 0 : failedProbesInARow + 1;
      boolean wasDown = down;
      down = failedProbesInARow >= downAfter;
      change = down == wasDown ? 0 : (down ? 1 : -1);
    }
    time(latencyNanos, ok);
    return change;
  }

  boolean down() {
    return down;
  }

  synchronized HealthWindow.Totals totals() {
    return window.totals(clock.millis());
  }

  double score() {
    return ProviderHealth.score(totals());
  }

  ProviderHealthView view() {
    HealthWindow.Totals t = totals();
    Instant at;
    Boolean ok;
    synchronized (this) {
      at = lastProbeAt;
      ok = at == null ? null : lastProbeOk;
    }
    return new ProviderHealthView(provider, t.availability(), t.errorRate(), t.latencyMs(),
        ProviderHealth.score(t), down, at, ok, t.probes(), t.requests());
  }

  private void time(long latencyNanos, boolean ok) {
    Timer timer = responseTime;
    if (ok && timer != null) {
      timer.record(latencyNanos, TimeUnit.NANOSECONDS);
    }
  }
}
