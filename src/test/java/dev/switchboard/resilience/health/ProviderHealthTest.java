package dev.switchboard.resilience.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProviderHealthTest {

  /** On a bucket boundary, so window edges fall on whole seconds. */
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  private final MutableClock clock = new MutableClock(START);
  private final ProviderHealth health = new ProviderHealth(clock);

  private static long seconds(double s) {
    return (long) (s * TimeUnit.SECONDS.toNanos(1));
  }

  @Test
  void withoutDataAProviderIsPerfect() {
    assertThat(health.availability("openai")).isEqualTo(1.0);
    assertThat(health.errorRate("openai")).isEqualTo(0.0);
    assertThat(health.latencyMs("openai")).isNaN();
    assertThat(health.score("openai")).isEqualTo(1.0);
    assertThat(health.down("openai")).isFalse();
    assertThat(health.healthy("openai/gpt-4o", "openai")).isTrue();
  }

  @Test
  void scoreFollowsTheFormula() {
    // Availability from the probes (9 of 10 ok), error rate from the requests (1 of 10 failed).
    for (int i = 0; i < 9; i++) {
      health.record("openai", seconds(6), true);
      health.probeResult("openai", seconds(6), true);
    }
    health.probeResult("openai", seconds(0.1), false);
    health.record("openai", seconds(0.1), false); // failures' latency is not averaged

    assertThat(health.availability("openai")).isCloseTo(0.9, within(1e-12));
    assertThat(health.errorRate("openai")).isCloseTo(0.1, within(1e-12));
    assertThat(health.latencyMs("openai")).isCloseTo(6000, within(1e-9));
    // 0.4·0.9 + 0.3·0.9 + 0.3·0.5
    assertThat(health.score("openai")).isCloseTo(0.78, within(1e-12));
  }

  @Test
  void latencyScoreIsFlatUpToTwoSecondsThenLinearToTen() {
    assertThat(ProviderHealth.latencyScore(0)).isEqualTo(1.0);
    assertThat(ProviderHealth.latencyScore(2000)).isEqualTo(1.0);
    assertThat(ProviderHealth.latencyScore(4000)).isEqualTo(0.75);
    assertThat(ProviderHealth.latencyScore(6000)).isEqualTo(0.5);
    assertThat(ProviderHealth.latencyScore(10_000)).isEqualTo(0.0);
    assertThat(ProviderHealth.latencyScore(60_000)).isEqualTo(0.0);
    assertThat(ProviderHealth.latencyScore(Double.NaN)).isEqualTo(1.0);
  }

  @Test
  void outcomesLeaveTheWindowAfterFiveMinutes() {
    health.record("openai", seconds(1), false);
    clock.advance(Duration.ofMinutes(4));
    health.record("openai", seconds(1), true);
    assertThat(health.errorRate("openai")).isEqualTo(0.5);

    clock.advance(Duration.ofSeconds(59)); // 4:59 after the failure: still in the window
    assertThat(health.errorRate("openai")).isEqualTo(0.5);

    clock.advance(Duration.ofSeconds(1)); // 5:00: the failure's bucket has left
    assertThat(health.errorRate("openai")).isEqualTo(0.0);
    assertThat(health.availability("openai")).isEqualTo(1.0);
    assertThat(health.view().get(0).requests()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(5));
    assertThat(health.view().get(0).requests()).isZero();
    assertThat(health.latencyMs("openai")).isNaN();
    assertThat(health.score("openai")).isEqualTo(1.0);
  }

  @Test
  void aCustomWindowExpiresByBucket() {
    ProviderHealth shortWindow =
        new ProviderHealth(clock, Duration.ofSeconds(30), Duration.ofSeconds(10));
    shortWindow.record("p", seconds(1), false);
    clock.advance(Duration.ofSeconds(29));
    assertThat(shortWindow.errorRate("p")).isEqualTo(1.0);
    clock.advance(Duration.ofSeconds(1));
    assertThat(shortWindow.errorRate("p")).isEqualTo(0.0);
  }

  @Test
  void downAfterThreeFailedProbesInARow() {
    health.probeResult("azure", seconds(0.1), false);
    health.probeResult("azure", seconds(0.1), false);
    assertThat(health.down("azure")).isFalse();

    health.probeResult("azure", seconds(0.1), false);
    assertThat(health.down("azure")).isTrue();
    assertThat(health.healthy("azure/gpt-4o", "azure")).isFalse();
    assertThat(health.healthy("openai/gpt-4o", "openai")).isTrue();

    health.probeResult("azure", seconds(0.1), true);
    assertThat(health.down("azure")).isFalse();
    assertThat(health.healthy("azure/gpt-4o", "azure")).isTrue();
  }

  @Test
  void onlyAnUnbrokenRunOfFailedProbesCounts() {
    health.probeResult("p", 1, false);
    health.probeResult("p", 1, false);
    health.probeResult("p", 1, true);
    health.probeResult("p", 1, false);
    health.probeResult("p", 1, false);

    assertThat(health.down("p")).isFalse();
  }

  @Test
  void passiveFailuresNeverMakeAProviderDown() {
    for (int i = 0; i < 100; i++) {
      health.record("p", 1, false);
    }

    assertThat(health.down("p")).isFalse();
    assertThat(health.availability("p")).isZero();
    assertThat(health.score("p")).isCloseTo(0.3, within(1e-12)); // only the latency part is left
  }

  @Test
  void marksOverrideSingleDeployments() {
    health.markUnhealthy("openai/gpt-4o");

    assertThat(health.healthy("openai/gpt-4o", "openai")).isFalse();
    assertThat(health.healthy("openai/gpt-4o-mini", "openai")).isTrue();
    assertThat(health.markedUnhealthy()).containsExactly("openai/gpt-4o");

    health.markHealthy("openai/gpt-4o");
    assertThat(health.healthy("openai/gpt-4o", "openai")).isTrue();
    assertThat(health.markedUnhealthy()).isEmpty();
  }

  @Test
  void viewShowsEveryProviderWithItsLastProbe() {
    health.register("idle");
    health.record("openai", seconds(0.5), true);
    clock.advance(Duration.ofSeconds(3));
    health.probeResult("openai", seconds(0.3), false);
    health.markUnhealthy("openai/gpt-4o");

    assertThat(health.view()).extracting(ProviderHealthView::provider)
        .containsExactly("idle", "openai");
    ProviderHealthView idle = health.view().get(0);
    assertThat(idle.lastProbeAt()).isNull();
    assertThat(idle.lastProbeOk()).isNull();
    ProviderHealthView openai = health.view().get(1);
    // The one probe failed (availability 0); the one request succeeded (error rate 0).
    assertThat(openai.availability()).isEqualTo(0.0);
    assertThat(openai.errorRate()).isEqualTo(0.0);
    assertThat(openai.latencyMs()).isCloseTo(500, within(1e-9));
    assertThat(openai.score()).isCloseTo(0.4 * 0 + 0.3 * 1 + 0.3, within(1e-12));
    assertThat(openai.down()).isFalse();
    assertThat(openai.lastProbeAt()).isEqualTo(START.plusSeconds(3));
    assertThat(openai.lastProbeOk()).isFalse();
    assertThat(openai.probes()).isEqualTo(1);
    assertThat(openai.requests()).isEqualTo(1);

    ObjectNode json = openai.toJson();
    assertThat(json.get("score").asDouble()).isCloseTo(0.6, within(1e-12));
    json.remove("score");
    assertThat(json.toString()).isEqualTo("{\"provider\":\"openai\",\"availability\":0.0,"
        + "\"error_rate\":0.0,\"latency_ms\":500.0,\"down\":false,"
        + "\"last_probe_at\":\"2025-01-01T00:00:03Z\",\"last_probe_ok\":false,\"probes\":1,"
        + "\"requests\":1}");
    assertThat(idle.toJson().get("latency_ms").isNull()).isTrue();
    assertThat(idle.toJson().get("last_probe_at").isNull()).isTrue();
    ObjectNode all = health.toJson();
    assertThat(all.get("providers")).hasSize(2);
    assertThat(all.get("marked_unhealthy").toString()).isEqualTo("[\"openai/gpt-4o\"]");
  }

  @Test
  void exportsPrometheusSeriesPerProvider() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    health.register("openai");
    health.bindTo(registry);
    health.record("openai", seconds(0.2), true);
    health.record("openai", seconds(0.2), false);
    health.probeResult("azure", seconds(0.04), true); // a provider first seen after binding

    String scrape = registry.scrape();

    assertThat(scrape).contains(
        "# TYPE provider_availability gauge",
        "provider_availability{provider=\"openai\"} 0.5",
        "# TYPE provider_error_rate gauge",
        "provider_error_rate{provider=\"openai\"} 0.5",
        "# TYPE switchboard_provider_health_score gauge",
        "provider_response_time_seconds_bucket{provider=\"openai\",le=\"0.25\"} 1",
        "provider_response_time_seconds_bucket{provider=\"openai\",le=\"0.1\"} 0",
        "provider_response_time_seconds_count{provider=\"openai\"} 1",
        "provider_response_time_seconds_sum{provider=\"openai\"} 0.2",
        "provider_availability{provider=\"azure\"} 1.0",
        "switchboard_provider_health_score{provider=\"azure\"} 1.0",
        "provider_response_time_seconds_bucket{provider=\"azure\",le=\"0.05\"} 1",
        "# TYPE provider_response_time_seconds histogram");
    assertThat(sample(scrape, "switchboard_provider_health_score{provider=\"openai\"}"))
        .isCloseTo(0.65, within(1e-9));
  }

  /** The value of the one series line that starts with {@code series}. */
  private static double sample(String scrape, String series) {
    for (String line : scrape.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1));
      }
    }
    throw new AssertionError(series + " not exported:\n" + scrape);
  }
}
