package dev.switchboard.resilience.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.BreakerSpec;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The breaker rules, driven by a hand-moved clock; no Redis, no sleeps. */
class DeploymentBreakerTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final long NANOS = 5_000_000;
  /** 3 failures in a row, 2 trial successes, 30 s open, 50% of the last 10 calls. */
  private static final BreakerSpec SPEC = new BreakerSpec(true, 3, 2, Duration.ofSeconds(30), 0.5,
      10);

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final MutableClock clock = new MutableClock(T0);
  private final Breakers breakers = new Breakers(registry, clock, new LocalBreakerSync());

  @AfterEach
  void close() {
    breakers.close();
  }

  @Test
  void opensAfterFailureThresholdFailuresInARow() {
    DeploymentBreaker b = breaker(SPEC);
    fail(b, 2);
    assertThat(b.state()).isEqualTo(BreakerState.CLOSED);
    fail(b, 1);
    assertThat(b.state()).isEqualTo(BreakerState.OPEN);
    assertThat(b.tryAcquire()).isFalse();
    assertThat(b.view().openedAtMillis()).isEqualTo(T0);
    assertThat(b.view().retryAtMillis()).isEqualTo(T0 + 30_000);
  }

  @Test
  void aSuccessBreaksTheRun() {
    DeploymentBreaker b = breaker(SPEC);
    fail(b, 2);
    succeed(b, 1);
    fail(b, 2);
    assertThat(b.state()).isEqualTo(BreakerState.CLOSED);
    assertThat(b.view().consecutiveFailures()).isEqualTo(2);
  }

  @Test
  void opensWhenHalfOfTheLastTenCallsFailedThoughNeverFiveInARow() {
    DeploymentBreaker b = breaker(new BreakerSpec(true, 5, 2, Duration.ofSeconds(30), 0.5, 10));
    for (int i = 0; i < 4; i++) {
      fail(b, 1);
      succeed(b, 1);
    }
    fail(b, 1); // 9 calls, 5 failures: the window is not full yet
    assertThat(b.state()).isEqualTo(BreakerState.CLOSED);
    assertThat(b.view().failureRate()).isEqualTo(-1);
    succeed(b, 1); // 10 calls, 50% failed
    assertThat(b.state()).isEqualTo(BreakerState.OPEN);
    assertThat(b.view().failureRate()).isEqualTo(0.5);
    assertThat(b.view().callsInWindow()).isEqualTo(10);
  }

  @Test
  void staysClosedBelowTheRateAndBeforeTheWindowIsFull() {
    DeploymentBreaker b = breaker(new BreakerSpec(true, 5, 2, Duration.ofSeconds(30), 0.5, 10));
    fail(b, 4); // 100% of 4 calls, but fewer than 10 seen
    assertThat(b.state()).isEqualTo(BreakerState.CLOSED);
    succeed(b, 6); // 40% of 10
    assertThat(b.state()).isEqualTo(BreakerState.CLOSED);
    assertThat(b.view().failureRate()).isEqualTo(0.4);
  }

  @Test
  void admitsTrialCallsOnTheFirstAcquireAfterTheTimeout() {
    DeploymentBreaker b = tripped();
    clock.advance(Duration.ofSeconds(30));
    assertThat(b.tryAcquire()).as("exactly at the timeout").isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(b.state()).as("no timer: nothing happens until asked").isEqualTo(BreakerState.OPEN);
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.state()).isEqualTo(BreakerState.HALF_OPEN);
  }

  @Test
  void successThresholdTrialSuccessesClose() {
    DeploymentBreaker b = halfOpen();
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.tryAcquire()).as("two permits in all").isFalse();
    b.onSuccess(NANOS);
    assertThat(b.state()).isEqualTo(BreakerState.HALF_OPEN);
    b.onSuccess(NANOS);
    assertThat(b.state()).isEqualTo(BreakerState.CLOSED);
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.view().openedAtMillis()).isZero();
  }

  @Test
  void anyFailureInHalfOpenReopensAtOnce() {
    DeploymentBreaker b = halfOpen();
    b.onFailure(NANOS);
    assertThat(b.state()).isEqualTo(BreakerState.OPEN);
    assertThat(b.tryAcquire()).isFalse();
    assertThat(b.view().retryAtMillis()).isEqualTo(clock.millis() + 30_000);
    assertThat(transitions("half_open", "open")).isEqualTo(1);
  }

  @Test
  void releaseGivesTheTrialPermitBack() {
    DeploymentBreaker b = halfOpen();
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.tryAcquire()).isFalse();
    b.release();
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.state()).isEqualTo(BreakerState.HALF_OPEN);
  }

  @Test
  void resetClosesAndClearsTheCounts() {
    DeploymentBreaker b = tripped();
    b.reset();
    assertThat(b.state()).isEqualTo(BreakerState.CLOSED);
    assertThat(b.view().consecutiveFailures()).isZero();
    assertThat(b.view().callsInWindow()).isZero();
    assertThat(b.tryAcquire()).isTrue();
    assertThat(transitions("open", "closed")).isEqualTo(1);
  }

  @Test
  void forceOpenRejectsUntilReset() {
    DeploymentBreaker b = breaker(SPEC);
    b.forceOpen();
    assertThat(b.state()).isEqualTo(BreakerState.FORCED_OPEN);
    clock.advance(Duration.ofHours(1));
    assertThat(b.tryAcquire()).isFalse();
    assertThat(b.state()).isEqualTo(BreakerState.FORCED_OPEN);
    b.reset();
    assertThat(b.state()).isEqualTo(BreakerState.CLOSED);
    assertThat(b.tryAcquire()).isTrue();
  }

  @Test
  void disabledAdmitsEverything() {
    DeploymentBreaker b = breaker(new BreakerSpec(false, 3, 2, Duration.ofSeconds(30), 0.5, 10));
    fail(b, 25);
    assertThat(b.state()).isEqualTo(BreakerState.DISABLED);
    assertThat(b.tryAcquire()).isTrue();
    assertThat(registry.get(BreakerMetrics.FAILURES).counter().count()).isEqualTo(25);
    b.forceOpen(); // an operator can still stop traffic
    assertThat(b.tryAcquire()).isFalse();
    b.reset();
    assertThat(b.state()).isEqualTo(BreakerState.DISABLED);
  }

  @Test
  void countsRejectionsPerProvider() {
    DeploymentBreaker b = tripped();
    for (int i = 0; i < 4; i++) {
      assertThat(b.tryAcquire()).isFalse();
    }
    breaker("azure/gpt-4o", "azure", SPEC).forceOpen();
    assertThat(breaker("azure/gpt-4o", "azure", SPEC).tryAcquire()).isFalse();
    assertThat(registry.get(BreakerMetrics.REJECTED).tag("provider", "openai").counter().count())
        .isEqualTo(4);
    assertThat(registry.get(BreakerMetrics.REJECTED).tag("provider", "azure").counter().count())
        .isEqualTo(1);
  }

  @Test
  void viewAsJson() {
    DeploymentBreaker b = tripped();
    String json = b.view().toJson().toString();
    assertThat(json).contains("\"name\":\"openai/gpt-4o\"", "\"provider\":\"openai\"",
        "\"state\":\"open\"", "\"consecutive_failures\":3", "\"failure_rate\":-1.0",
        "\"calls_in_window\":3", "\"opened_at_ms\":" + T0, "\"retry_at_ms\":" + (T0 + 30_000),
        "\"failure_threshold\":3", "\"success_threshold\":2", "\"open_timeout_ms\":30000",
        "\"failure_rate_threshold\":0.5", "\"min_requests_for_rate\":10", "\"enabled\":true");
  }

  @Test
  void exportsThePrometheusNames() {
    DeploymentBreaker b = halfOpen(); // closed -> open -> half_open
    b.onSuccess(NANOS);
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.tryAcquire()).isFalse(); // rejected: no permit left
    List<String> lines = Arrays.asList(registry.scrape().split("\n"));
    assertThat(lines).contains(
        "circuit_breaker_state_transitions_total{from_state=\"closed\",provider=\"openai\","
            + "to_state=\"open\"} 1.0",
        "circuit_breaker_state_transitions_total{from_state=\"open\",provider=\"openai\","
            + "to_state=\"half_open\"} 1.0",
        "circuit_breaker_current_state{deployment=\"openai/gpt-4o\",provider=\"openai\","
            + "state=\"half_open\"} 1.0",
        "circuit_breaker_current_state{deployment=\"openai/gpt-4o\",provider=\"openai\","
            + "state=\"closed\"} 0.0",
        "circuit_breaker_failures_total{provider=\"openai\"} 3.0",
        "circuit_breaker_successes_total{provider=\"openai\"} 1.0",
        "circuit_breaker_rejected_requests_total{provider=\"openai\"} 1.0");
    assertThat(lines).noneMatch(l -> l.contains("_total_total"));
  }

  private DeploymentBreaker breaker(BreakerSpec spec) {
    return breaker("openai/gpt-4o", "openai", spec);
  }

  private DeploymentBreaker breaker(String name, String provider, BreakerSpec spec) {
    return breakers.get(name, provider, spec);
  }

  private DeploymentBreaker tripped() {
    DeploymentBreaker b = breaker(SPEC);
    fail(b, 3);
    assertThat(b.state()).isEqualTo(BreakerState.OPEN);
    return b;
  }

  /** Tripped, timed out, and the first trial call acquired. */
  private DeploymentBreaker halfOpen() {
    DeploymentBreaker b = tripped();
    clock.advance(Duration.ofSeconds(31));
    assertThat(b.tryAcquire()).isTrue();
    assertThat(b.state()).isEqualTo(BreakerState.HALF_OPEN);
    return b;
  }

  private static void fail(DeploymentBreaker b, int times) {
    for (int i = 0; i < times; i++) {
      assertThat(b.tryAcquire()).isTrue();
      b.onFailure(NANOS);
    }
  }

  private static void succeed(DeploymentBreaker b, int times) {
    for (int i = 0; i < times; i++) {
      assertThat(b.tryAcquire()).isTrue();
      b.onSuccess(NANOS);
    }
  }

  private double transitions(String from, String to) {
    return registry.get(BreakerMetrics.TRANSITIONS).tag("from_state", from).tag("to_state", to)
        .counter().count();
  }
}
