package dev.switchboard.resilience.breaker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The breakers' Micrometer meters. Counters are per provider (their label sets stay small);
 * the current-state gauge is per deployment, since two deployments of one provider can be in
 * different states. Names carry no {@code _total}: the Prometheus registry appends it to counters.
 *
 * <p>Threading: thread-safe; counters are created once per provider and cached.
 */
final class BreakerMetrics {
  static final String TRANSITIONS = "circuit_breaker_state_transitions";
  static final String CURRENT_STATE = "circuit_breaker_current_state";
  static final String FAILURES = "circuit_breaker_failures";
  static final String SUCCESSES = "circuit_breaker_successes";
  static final String REJECTED = "circuit_breaker_rejected_requests";

  private final MeterRegistry registry;
  private final Map<String, ProviderMeters> providers = new ConcurrentHashMap<>();

  BreakerMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  ProviderMeters provider(String provider) {
    return providers.computeIfAbsent(provider, p -> new ProviderMeters(registry, p));
  }

  /** Registers the 0/1 gauges of one breaker, one per state; returns them for {@link #remove}. */
  List<Meter> registerGauges(DeploymentBreaker breaker) {
    List<Meter> gauges = new ArrayList<>();
    for (BreakerState s : BreakerState.values()) {
      gauges.add(Gauge.builder(CURRENT_STATE, breaker, b -> b.state() == s ? 1 : 0)
          .description("1 for the breaker's current state, 0 for the others")
          .tags("provider", breaker.provider(), "deployment", breaker.name(), "state", s.label())
          .register(registry));
    }
    return gauges;
  }

  void remove(List<Meter> meters) {
    meters.forEach(registry::remove);
  }

  /** The counters of one provider's breakers. */
  static final class ProviderMeters {
    final Counter failures;
    final Counter successes;
    final Counter rejected;
    private final MeterRegistry registry;
    private final String provider;

    ProviderMeters(MeterRegistry registry, String provider) {
      this.registry = registry;
      this.provider = provider;
      failures = Counter.builder(FAILURES).description("Calls a breaker recorded as failed")
          .tag("provider", provider).register(registry);
      successes = Counter.builder(SUCCESSES).description("Calls a breaker recorded as successful")
          .tag("provider", provider).register(registry);
      rejected = Counter.builder(REJECTED).description("Calls a breaker rejected without trying")
          .tag("provider", provider).register(registry);
    }

    /** Counts one transition; rare, so the registry's own lookup is cheap enough. */
    void transition(BreakerState from, BreakerState to) {
      Counter.builder(TRANSITIONS).description("Breaker state transitions")
          .tags("provider", provider, "from_state", from.label(), "to_state", to.label())
          .register(registry)
          .increment();
    }
  }
}
