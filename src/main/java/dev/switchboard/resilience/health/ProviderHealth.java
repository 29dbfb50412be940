package dev.switchboard.resilience.health;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health of every provider, fed by passive traffic ({@link #record}) and active probes
 * ({@link #probeResult}), over a sliding time window (default {@link #DEFAULT_WINDOW} in buckets
 * of {@link #DEFAULT_BUCKET}). Per provider it knows availability, error rate, mean latency of
 * successful calls and a health {@link #score(String)}; a provider whose last {@link
 * #DOWN_AFTER_FAILED_PROBES} probes all failed is down. Operators can also mark single deployments
 * unhealthy. Passive failures do not make a provider down: reacting to them is the circuit
 * breakers' business.
 *
 * <p>As a {@link MeterBinder} it publishes, per provider, the gauges {@code provider_availability},
 * {@code provider_error_rate} and {@code switchboard_provider_health_score} and the timer {@code
 * provider_response_time} (seconds, with histogram buckets), all tagged {@code provider}.
 *
 * <p>Threading: thread-safe; every method may be called from any thread. {@link #healthy} is
 * lock-free (it is on the request path); recording takes one provider's monitor briefly.
 */
public final class ProviderHealth implements MeterBinder {

  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
  public static final Duration DEFAULT_BUCKET = Duration.ofSeconds(10);
  public static final int DOWN_AFTER_FAILED_PROBES = 3;

  /** Latency at or under which the latency score is 1.0. */
  static final double FAST_MS = 2_000;
  /** Latency at or over which the latency score is 0.0 (linear in between). */
  static final double SLOW_MS = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(ProviderHealth.class);

  private final Clock clock;
  private final Duration window;
  private final Duration bucket;
  private final Map<String, ProviderState> providers = new ConcurrentHashMap<>();
  private final Set<String> markedUnhealthy = ConcurrentHashMap.newKeySet();
  private volatile MeterRegistry registry;

  /** The system clock and the default window. */
  public ProviderHealth() {
    this(Clock.systemUTC());
  }

  /** The given clock and the default window. */
  public ProviderHealth(Clock clock) {
    this(clock, DEFAULT_WINDOW, DEFAULT_BUCKET);
  }

  /**
   * @param window how far back outcomes count (rounded up to whole buckets)
   * @param bucket granularity at which old outcomes leave the window
   */
  public ProviderHealth(Clock clock, Duration window, Duration bucket) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.window = Objects.requireNonNull(window, "window");
    this.bucket = Objects.requireNonNull(bucket, "bucket");
    new HealthWindow(window, bucket); // validates the sizes now rather than at the first call
  }

  /**
   * Publishes the meters of every provider known now and of those that appear later. Bind to one
   * registry only.
   */
  @Override
  public void bindTo(MeterRegistry meterRegistry) {
    this.registry = Objects.requireNonNull(meterRegistry, "registry");
    // A provider created concurrently may be bound by both paths; Micrometer then returns the
    // already registered meters, so that is harmless.
    for (ProviderState state : providers.values()) {
      state.bindTo(meterRegistry);
    }
  }

  /** Makes a provider known before any traffic, so its meters and view exist from start-up. */
  public void register(String provider) {
    state(provider);
  }

  /** One finished request to {@code provider} (passive health). */
  public void record(String provider, long latencyNanos, boolean ok) {
    state(provider).record(latencyNanos, ok);
  }

  /** One finished active probe of {@code provider}. */
  public void probeResult(String provider, long latencyNanos, boolean ok) {
    int change = state(provider).probeResult(latencyNanos, ok);
    if (change > 0) {
      LOG.warn("provider {} is down: its last {} health probes failed", provider,
          DOWN_AFTER_FAILED_PROBES);
    } else if (change < 0) {
      LOG.info("provider {} is up again: a health probe succeeded", provider);
    }
  }

  /** Share of successful requests and probes in the window; 1.0 without data. */
  public double availability(String provider) {
    ProviderState s = providers.get(provider);
    return s == null ? 1.0 : s.totals().availability();
  }

  /** Share of failed requests and probes in the window; 0.0 without data. */
  public double errorRate(String provider) {
    ProviderState s = providers.get(provider);
    return s == null ? 0.0 : s.totals().errorRate();
  }

  /** Mean latency of successful requests and probes in the window in ms; NaN without any. */
  public double latencyMs(String provider) {
    ProviderState s = providers.get(provider);
    return s == null ? Double.NaN : s.totals().latencyMs();
  }

  /**
   * {@code 0.4·availability + 0.3·(1 − error rate) + 0.3·latency score}, 0..1; 1.0 without data.
   * See {@link #latencyScore(double)}.
   */
  public double score(String provider) {
    ProviderState s = providers.get(provider);
    return s == null ? 1.0 : s.score();
  }

  /** 1.0 at or under 2 s, falling linearly to 0.0 at 10 s; 1.0 when unknown (NaN). */
  public static double latencyScore(double latencyMs) {
    if (Double.isNaN(latencyMs) || latencyMs <= FAST_MS) {
      return 1.0;
    }
    if (latencyMs >= SLOW_MS) {
      return 0.0;
    }
    return (SLOW_MS - latencyMs) / (SLOW_MS - FAST_MS);
  }

  static double score(HealthWindow.Totals t) {
    return 0.4 * t.availability() + 0.3 * (1 - t.errorRate()) + 0.3 * latencyScore(t.latencyMs());
  }

  /** Whether the last {@link #DOWN_AFTER_FAILED_PROBES} probes of {@code provider} all failed. */
  public boolean down(String provider) {
    ProviderState s = providers.get(provider);
    return s != null && s.down();
  }

  /** Takes a deployment out of rotation until {@link #markHealthy} (manual override). */
  public void markUnhealthy(String deploymentId) {
    if (markedUnhealthy.add(deploymentId)) {
      LOG.info("deployment {} marked unhealthy", deploymentId);
    }
  }

  /** Lifts a {@link #markUnhealthy} override. */
  public void markHealthy(String deploymentId) {
    if (markedUnhealthy.remove(deploymentId)) {
      LOG.info("deployment {} marked healthy again", deploymentId);
    }
  }

  /** Whether a deployment may receive traffic: not marked unhealthy and its provider not down. */
  public boolean healthy(String deploymentId, String provider) {
    return !markedUnhealthy.contains(deploymentId) && !down(provider);
  }

  /** The deployments marked unhealthy, sorted. */
  public Set<String> markedUnhealthy() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(markedUnhealthy));
  }

  /** Every known provider's health, sorted by name. */
  public List<ProviderHealthView> view() {
    List<String> names = new ArrayList<>(providers.keySet());
    names.sort(null);
    List<ProviderHealthView> out = new ArrayList<>(names.size());
    for (String name : names) {
      out.add(providers.get(name).view());
    }
    return out;
  }

  /** {@code {"providers": [view...], "marked_unhealthy": [deployment ids...]}}. */
  public ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    ArrayNode list = node.putArray("providers");
    for (ProviderHealthView v : view()) {
      list.add(v.toJson());
    }
    ArrayNode marked = node.putArray("marked_unhealthy");
    for (String id : new TreeSet<>(markedUnhealthy)) {
      marked.add(id);
    }
    return node;
  }

  private ProviderState state(String provider) {
    ProviderState s = providers.get(provider); // lock-free fast path
    if (s != null) {
      return s;
    }
    Objects.requireNonNull(provider, "provider");
    ProviderState created = new ProviderState(provider, clock, new HealthWindow(window, bucket),
        DOWN_AFTER_FAILED_PROBES);
    ProviderState raced = providers.putIfAbsent(provider, created);
    if (raced != null) {
      return raced;
    }
    // Bound outside the map's lock; see bindTo for the race with a registry bound meanwhile.
    MeterRegistry r = registry;
    if (r != null) {
      created.bindTo(r);
    }
    return created;
  }
}
