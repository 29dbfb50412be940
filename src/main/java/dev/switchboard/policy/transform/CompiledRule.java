package dev.switchboard.policy.transform;

import dev.switchboard.config.TransformsSpec.Rule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One rule ready to run: its scope, its compiled request and response edits (either may be null)
 * and its {@code transformations_applied_total} counters.
 *
 * <p>Threading: immutable, shared by every event loop.
 */
final class CompiledRule {
  static final String METRIC = "transformations_applied";

  private final String name;
  private final RuleScope scope;
  private final RequestEdit request;
  private final ResponseEdit response;
  private final Counter requestCounter;
  private final Counter responseCounter;

  CompiledRule(Rule rule, MeterRegistry registry) {
    this.name = rule.name();
    this.scope = new RuleScope(rule.match());
    this.request = rule.request() == null ? null : new RequestEdit(rule.request());
    this.response = rule.response() == null ? null : new ResponseEdit(rule.response());
    this.requestCounter = request == null ? null : counter(registry, "request");
    this.responseCounter = response == null ? null : counter(registry, "response");
  }

  private Counter counter(MeterRegistry registry, String direction) {
    return Counter.builder(METRIC)
        .description("Requests and answers changed by a transformation rule")
        .tag("rule", name).tag("direction", direction).register(registry);
  }

  String name() {
    return name;
  }

  RuleScope scope() {
    return scope;
  }

  /** Null when the rule leaves requests alone. */
  RequestEdit request() {
    return request;
  }

  /** Null when the rule leaves answers alone. */
  ResponseEdit response() {
    return response;
  }

  Counter requestCounter() {
    return requestCounter;
  }

  Counter responseCounter() {
    return responseCounter;
  }
}
