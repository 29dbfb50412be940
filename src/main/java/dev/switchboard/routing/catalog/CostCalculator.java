package dev.switchboard.routing.catalog;

import dev.switchboard.config.Pricing;
import dev.switchboard.pipeline.Usage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prices a request's token usage in US dollars: the configured price of the model when there is
 * one, else the shipped catalog's. A model nobody has a price for has no cost (an empty result,
 * never a silent 0); it is counted in {@code catalog_unknown_price_total{model}} and logged once
 * with the config key that would fix it.
 *
 * <p>Threading: thread-safe and lock-free on the hot path; share one instance between all event
 * loops.
 */
public final class CostCalculator {
  /** Distinct model tags on the unknown-price counter; later models count as {@link #OTHER}. */
  static final int MAX_MODEL_TAGS = 200;
  /** Distinct models warned about by name; later ones share one final warning. */
  static final int MAX_WARNED_MODELS = 1000;
  static final String OTHER = "other";
  static final String UNKNOWN_PRICE_METER = "catalog_unknown_price";
  private static final double PER_MILLION = 1_000_000d;
  private static final Logger LOG = LoggerFactory.getLogger(CostCalculator.class);

  private final MeterRegistry registry;
  private final ModelCatalog catalog;
  private final Map<String, Counter> unknownByModel = new ConcurrentHashMap<>();
  private final AtomicInteger modelTags = new AtomicInteger();
  private final Set<String> warned = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean warnedOverflow = new AtomicBoolean();

  public CostCalculator(MeterRegistry registry, ModelCatalog catalog) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  /**
   * The cost in USD of {@code usage} at prices {@code p}: prompt tokens neither read from nor
   * written to the provider's cache at the input price, cache reads at the cached-input price,
   * cache writes at the cache-write price, non-reasoning completion tokens at the output price and
   * reasoning ones at the reasoning price. Counts that contradict each other (more cached or
   * written than prompt tokens, negative counts) are clamped so that the result is never
   * negative: reads are taken from the prompt first, writes from what is left.
   */
  public static double cost(Pricing p, Usage u) {
    long prompt = Math.max(0, u.promptTokens());
    long cached = Math.min(prompt, Math.max(0, u.cachedTokens()));
    long written = Math.min(prompt - cached, Math.max(0, u.cacheWriteTokens()));
    long writtenLong = Math.min(written, Math.max(0, u.cacheWriteLongTokens()));
    long completion = Math.max(0, u.completionTokens());
    long reasoning = Math.min(completion, Math.max(0, u.reasoningTokens()));
    double micro = (prompt - cached - written) * p.input()
        + cached * p.cachedInput()
        + (written - writtenLong) * p.cacheWriteInput()
        + writtenLong * p.cacheWriteLongInput()
        + (completion - reasoning) * p.output()
        + reasoning * p.reasoning();
    return Math.max(0d, micro / PER_MILLION);
  }

  /**
   * The cost of one request to {@code model}: priced with {@code configured} when not null, else
   * with the catalog's price for {@code model}. Empty when the usage was not reported, or when no
   * price is known (then counted and, once per model, logged).
   */
  public OptionalDouble costOf(String model, Pricing configured, Usage usage) {
    if (usage == null || !usage.reported()) {
      return OptionalDouble.empty();
    }
    Pricing pricing = configured;
    if (pricing == null) {
      pricing = catalog.find(model).map(CatalogEntry::pricing).orElse(null);
    }
    if (pricing == null) {
      unknownPrice(model);
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(cost(pricing, usage));
  }

  private void unknownPrice(String model) {
    String name = model == null || model.isBlank() ? OTHER : model;
    counterFor(name).increment();
    warnOnce(name);
  }

  private Counter counterFor(String model) {
    Counter counter = unknownByModel.get(model);
    if (counter != null) {
      return counter;
    }
    // The budget is checked before taking a slot so that a stream of new names cannot wrap it.
    if (!OTHER.equals(model) && modelTags.get() < MAX_MODEL_TAGS) {
      counter = unknownByModel.computeIfAbsent(
          model, m -> modelTags.incrementAndGet() <= MAX_MODEL_TAGS ? register(m) : null);
      if (counter != null) {
        return counter;
      }
    }
    return unknownByModel.computeIfAbsent(OTHER, this::register);
  }

  private Counter register(String modelTag) {
    return Counter.builder(UNKNOWN_PRICE_METER)
        .description("Requests whose cost could not be computed: no configured or catalog price")
        .tag("model", modelTag)
        .register(registry);
  }

  private void warnOnce(String model) {
    if (warned.size() >= MAX_WARNED_MODELS) {
      if (warnedOverflow.compareAndSet(false, true)) {
        LOG.warn("No price is known for more than {} distinct models; further ones are not logged"
            + " by name (see the catalog_unknown_price_total metric)", MAX_WARNED_MODELS);
      }
      return;
    }
    if (warned.add(model)) {
      LOG.warn("No price is known for model '{}', so its requests have no cost recorded. Set"
          + " models.<name>.pricing (input and output in USD per million tokens) in the gateway"
          + " config for the model that routes to it.", model);
    }
  }
}
