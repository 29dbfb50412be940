package dev.switchboard.observability;

import dev.switchboard.pipeline.Usage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The gateway's Prometheus metrics: requests by route and status, request and upstream latency
 * histograms, gateway overhead, and tokens by model, provider and type. Meters are created once and
 * cached, so recording allocates nothing; label sets are bounded (unknown routes are "other", and
 * models beyond {@link #MAX_MODELS} distinct names are "other").
 *
 * <p>Threading: thread-safe; called from every event loop.
 */
public final class GatewayMetrics {
  static final int MAX_MODELS = 500;
  private static final Duration[] LATENCY_BUCKETS = {
      Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
      Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
      Duration.ofSeconds(120)};
  private static final Duration[] OVERHEAD_BUCKETS = {
      Duration.ofNanos(50_000), Duration.ofNanos(100_000), Duration.ofNanos(250_000),
      Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
      Duration.ofMillis(10), Duration.ofMillis(50)};

  private final PrometheusMeterRegistry registry;
  private final Map<String, RouteMeters> routes = new ConcurrentHashMap<>();
  private final Map<String, Map<String, UpstreamMeters>> upstreams = new ConcurrentHashMap<>();
  private final AtomicInteger upstreamSeries = new AtomicInteger();
  private final Timer overhead;

  public GatewayMetrics() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    overhead = Timer.builder("gateway_overhead")
        .description("Time the gateway adds to a request (total minus upstream time)")
        .serviceLevelObjectives(OVERHEAD_BUCKETS)
        .register(registry);
  }

  /**
   * Adds the JVM's own metrics (memory, GC, threads, CPU, uptime). Kept out of the constructor
   * because JMX start-up is slow: the gateway calls it once it is already serving.
   */
  public void bindJvmMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** The registry, for other components that register their own meters. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  /** Counts one finished request and its latency. {@code route} must come from a fixed set. */
  public void recordRequest(String route, int status, long nanos) {
    routes.computeIfAbsent(route, RouteMeters::new).record(status, nanos);
  }

  public void recordOverhead(long nanos) {
    overhead.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  /** Records one upstream exchange's latency and outcome ({@code ok} or an error code). */
  public void recordUpstream(String provider, String model, String outcome, long nanos) {
    upstream(provider, model).timer(outcome).record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Adds the tokens of one answer. */
  public void recordTokens(String provider, String model, Usage usage) {
    if (!usage.reported()) {
      return;
    }
    UpstreamMeters m = upstream(provider, model);
    m.prompt.increment(usage.promptTokens());
    m.completion.increment(usage.completionTokens());
  }

  private UpstreamMeters upstream(String provider, String model) {
    Map<String, UpstreamMeters> byModel =
        upstreams.computeIfAbsent(provider, p -> new ConcurrentHashMap<>());
    UpstreamMeters m = byModel.get(model);
    if (m != null) {
      return m;
    }
    String label = upstreamSeries.get() >= MAX_MODELS ? "other" : model;
    return byModel.computeIfAbsent(label, k -> {
      upstreamSeries.incrementAndGet();
      return new UpstreamMeters(provider, k);
    });
  }

  /** Meters of one route, indexed by status code so recording needs no map lookup. */
  private final class RouteMeters {
    private final String route;
    private final AtomicReferenceArray<Timer> byStatus = new AtomicReferenceArray<>(600);

    RouteMeters(String route) {
      this.route = route;
    }

    void record(int status, long nanos) {
      int s = status >= 100 && status < 600 ? status : 599;
      Timer t = byStatus.get(s);
      if (t == null) {
        t = Timer.builder("gateway_requests")
            .description("Requests answered by the gateway, by route and status")
            .tags("route", route, "status", Integer.toString(s))
            .serviceLevelObjectives(LATENCY_BUCKETS)
            .register(registry);
        byStatus.set(s, t);
      }
      t.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** Meters of one provider and model. */
  private final class UpstreamMeters {
    private final String provider;
    private final String model;
    private final Map<String, Timer> byOutcome = new ConcurrentHashMap<>();
    final Counter prompt;
    final Counter completion;

    UpstreamMeters(String provider, String model) {
      this.provider = provider;
      this.model = model;
      prompt = tokens("prompt");
      completion = tokens("completion");
    }

    private Counter tokens(String type) {
      return Counter.builder("tokens_used")
          .description("Tokens processed, by model, provider and type")
          .tags("provider", provider, "model", model, "type", type)
          .register(registry);
    }

    Timer timer(String outcome) {
      return byOutcome.computeIfAbsent(outcome, o -> Timer.builder("gateway_upstream")
          .description("Upstream latency (to the full body, or to the headers of a stream)")
          .tags("provider", provider, "model", model, "outcome", o)
          .serviceLevelObjectives(LATENCY_BUCKETS)
          .register(registry));
    }
  }
}
