package dev.switchboard.policy.guardrail;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What guardrails report: {@code guardrail_triggers_total{guardrail,action}} for every triggered
 * rule, {@code guardrail_evaluation_seconds{direction}} for the time spent checking, and one log
 * line per trigger (without the matched text). Thread-safe; shared by every event loop.
 */
final class GuardrailMetrics {
  private static final Logger LOG = LoggerFactory.getLogger("dev.switchboard.guardrail");

  private final MeterRegistry registry;
  private final Map<String, Counter> triggers = new ConcurrentHashMap<>();
  private final Map<String, Counter> errors = new ConcurrentHashMap<>();
  private final Timer input;
  private final Timer output;
  private final Timer stream;

  GuardrailMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.input = timer("input");
    this.output = timer("output");
    this.stream = timer("stream");
  }

  private Timer timer(String direction) {
    return Timer.builder("guardrail_evaluation")
        .description("Time spent evaluating guardrails (for streams: per answer, summed over"
            + " chunks; for requests: including external services)")
        .tag("direction", direction).register(registry);
  }

  /** Counts and logs one triggered rule. */
  void triggered(String guardrail, String action, String direction, String requestId,
      String reason) {
    triggers.computeIfAbsent(guardrail + '\u0000' + action, k -> Counter.builder(
        "guardrail_triggers").description("Guardrail rules that triggered, by rule and action")
        .tag("guardrail", guardrail).tag("action", action).register(registry)).increment();
    LOG.info("guardrail '{}' {} ({}) request {}: {}", guardrail, action, direction, requestId,
        reason);
  }

  /** Counts an external guardrail that failed or answered late, and what was done about it. */
  void serviceError(String guardrail, boolean failOpen) {
    errors.computeIfAbsent(guardrail + '\u0000' + failOpen, k -> Counter.builder(
        "guardrail_errors").description("External guardrails that failed or answered late")
        .tag("guardrail", guardrail).tag("on_error", failOpen ? "fail_open" : "fail_closed")
        .register(registry)).increment();
  }

  void inputTime(long nanos) {
    input.record(nanos, TimeUnit.NANOSECONDS);
  }

  void outputTime(long nanos) {
    output.record(nanos, TimeUnit.NANOSECONDS);
  }

  void streamTime(long nanos) {
    stream.record(nanos, TimeUnit.NANOSECONDS);
  }
}
