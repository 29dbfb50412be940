package dev.switchboard.routing;

import dev.switchboard.pipeline.AttributeKey;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.Usage;
import dev.switchboard.routing.catalog.CostCalculator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prices each answered request from the serving deployment's prices and the usage the provider
 * reported: the cost goes on the exchange (for the access log and, later, the ledger) and into
 * {@code gateway_cost_usd_total{provider,model}}. A model without a known price is reported by
 * the {@link CostCalculator}, never counted as free.
 *
 * <p>Threading: thread-safe; counters are created once per deployment.
 */
public final class CostRecorder {
  /** The request's cost in US dollars, set when the provider reported usage and a price is known. */
  public static final AttributeKey<Double> COST_USD = AttributeKey.named("cost_usd");

  private final CostCalculator calculator;
  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public CostRecorder(CostCalculator calculator, MeterRegistry registry) {
    this.calculator = calculator;
    this.registry = registry;
  }

  /** Prices the usage of a request served by {@code d}. */
  public void record(Exchange ex, Deployment d, Usage usage) {
    OptionalDouble cost = calculator.costOf(d.target().model(), d.pricing(), usage);
    if (cost.isEmpty()) {
      return;
    }
    double usd = cost.getAsDouble();
    ex.attribute(COST_USD, usd);
    counters.computeIfAbsent(d.id(), id -> Counter.builder("gateway_cost_usd")
        .description("Cost of answered requests at list prices, in US dollars")
        .tag("provider", d.provider()).tag("model", d.target().model())
        .register(registry)).increment(usd);
  }
}
