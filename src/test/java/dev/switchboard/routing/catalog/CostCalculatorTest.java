package dev.switchboard.routing.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.config.Pricing;
import dev.switchboard.pipeline.Usage;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class CostCalculatorTest {
  private static final Pricing PRICES = new Pricing(2.0, 8.0, 0.5, 2.5, 4.0, 12.0);
  private static final Usage USAGE = new Usage(1_000, 500, 400, 200, true);

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final CostCalculator calculator =
      new CostCalculator(registry, ModelCatalog.shipped());
  private final Logger logger = (Logger) LoggerFactory.getLogger(CostCalculator.class);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void captureLogs() {
    logs.start();
    logger.addAppender(logs);
    logger.setAdditive(false);
  }

  @AfterEach
  void releaseLogs() {
    logger.detachAppender(logs);
    logger.setAdditive(true);
  }

  @Test
  void theFormulaPricesEachTokenClass() {
    // 600 uncached x 2 + 400 cached x 0.5 + 300 plain output x 8 + 200 reasoning x 12
    // = 1200 + 200 + 2400 + 2400 = 6200 micro-dollars
    assertThat(CostCalculator.cost(PRICES, USAGE)).isCloseTo(0.0062, within(1e-12));
    assertThat(CostCalculator.cost(Pricing.of(3.0, 15.0), new Usage(1_000_000, 1_000_000, 0, 0,
        true))).isCloseTo(18.0, within(1e-9));
    assertThat(CostCalculator.cost(PRICES, new Usage(0, 0, 0, 0, true))).isZero();
  }

  @Test
  void contradictoryCountsNeverMakeANegativeCost() {
    // More cached than prompt tokens: all prompt tokens count as cached.
    assertThat(CostCalculator.cost(PRICES, new Usage(100, 0, 400, 0, true)))
        .isCloseTo(100 * 0.5 / 1e6, within(1e-15));
    assertThat(CostCalculator.cost(PRICES, new Usage(-5, -5, -5, -5, true))).isZero();
    assertThat(CostCalculator.cost(new Pricing(-1, -1, -1, -1, -1, -1), USAGE)).isZero();
  }

  @Test
  void cacheWritesArePricedAtTheCacheWritePrice() {
    // 1000 prompt tokens: 400 read, 300 written, 300 neither; 500 output, 200 of them reasoning
    // 300 x 2 + 400 x 0.5 + 300 x 2.5 + 300 x 8 + 200 x 12 = 600 + 200 + 750 + 2400 + 2400
    Usage u = new Usage(1_000, 500, 400, 300, 200, true);
    assertThat(CostCalculator.cost(PRICES, u)).isCloseTo(6350 / 1e6, within(1e-15));
    // Without a cache-write price they cost what input does.
    assertThat(CostCalculator.cost(Pricing.of(3.0, 15.0), new Usage(1_000_000, 0, 0, 1_000_000,
        0, true))).isCloseTo(3.0, within(1e-9));
    // Claude Sonnet 4's catalog price: writes at 1.25 x and reads at 0.1 x the input price.
    Pricing sonnet = ModelCatalog.shipped().find("claude-sonnet-4").orElseThrow().pricing();
    assertThat(CostCalculator.cost(sonnet, new Usage(3_000_000, 0, 1_000_000, 1_000_000, 0,
        true))).isCloseTo(3.0 + 0.30 + 3.75, within(1e-9));
  }

  @Test
  void oneHourCacheWritesArePricedAtTheirOwnPrice() {
    // 1000 prompt tokens: 600 written, 200 of them for the 1-hour TTL; 400 neither
    // 400 x 2 + 400 x 2.5 + 200 x 4 = 800 + 1000 + 800
    assertThat(CostCalculator.cost(PRICES, new Usage(1_000, 0, 0, 600, 200, 0, true)))
        .isCloseTo(2600 / 1e6, within(1e-15));
    // More 1-hour writes than writes: all writes count as 1-hour ones.
    assertThat(CostCalculator.cost(PRICES, new Usage(1_000, 0, 0, 600, 900, 0, true)))
        .isCloseTo((400 * 2 + 600 * 4) / 1e6, within(1e-15));
    // Claude Sonnet 4's catalog price: 1-hour writes at 2 x input.
    Pricing sonnet = ModelCatalog.shipped().find("claude-sonnet-4").orElseThrow().pricing();
    assertThat(CostCalculator.cost(sonnet, new Usage(1_000_000, 0, 0, 1_000_000, 1_000_000, 0,
        true))).isCloseTo(6.0, within(1e-9));
  }

  @Test
  void contradictoryCacheWritesAreClampedToThePrompt() {
    // Reads are taken from the prompt first; writes get what is left, never more.
    assertThat(CostCalculator.cost(PRICES, new Usage(100, 0, 60, 400, 0, true)))
        .isCloseTo((60 * 0.5 + 40 * 2.5) / 1e6, within(1e-15));
    assertThat(CostCalculator.cost(PRICES, new Usage(100, 0, 400, 400, 0, true)))
        .isCloseTo(100 * 0.5 / 1e6, within(1e-15));
    assertThat(CostCalculator.cost(PRICES, new Usage(100, 0, 0, -50, 0, true)))
        .isCloseTo(100 * 2.0 / 1e6, within(1e-15));
    assertThat(CostCalculator.cost(PRICES, new Usage(-5, -5, -5, -5, -5, true))).isZero();
  }

  @Test
  void aConfiguredPriceWinsOverTheCatalog() {
    Usage u = new Usage(1_000_000, 0, 0, 0, true);
    assertThat(calculator.costOf("gpt-4o", null, u)).hasValue(2.50);
    assertThat(calculator.costOf("gpt-4o", Pricing.of(1.0, 1.0), u)).hasValue(1.0);
    assertThat(calculator.costOf("openai/gpt-4o-2024-08-06", null, u)).hasValue(2.50);
    assertThat(calculator.costOf("my-finetune", Pricing.of(0.7, 1.0), u)).hasValue(0.7);
    assertThat(unknownTotal()).isZero();
    assertThat(logs.list).isEmpty();
  }

  @Test
  void anUnknownModelHasNoCostIsCountedAndWarnedOnce() {
    OptionalDouble first = calculator.costOf("acme/mystery", null, USAGE);
    OptionalDouble second = calculator.costOf("acme/mystery", null, USAGE);
    assertThat(first).isEmpty();
    assertThat(second).isEmpty();
    assertThat(registry.get("catalog_unknown_price").tag("model", "acme/mystery").counter()
        .count()).isEqualTo(2.0);
    assertThat(registry.scrape())
        .contains("catalog_unknown_price_total{model=\"acme/mystery\"} 2.0");
    assertThat(logs.list).singleElement().satisfies(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.WARN);
      assertThat(e.getFormattedMessage()).contains("acme/mystery", "models.<name>.pricing");
    });
  }

  @Test
  void theModelTagIsCappedAtOther() {
    int extra = 50;
    for (int i = 0; i < CostCalculator.MAX_MODEL_TAGS + extra; i++) {
      calculator.costOf("unknown-" + i, null, USAGE);
    }
    calculator.costOf("unknown-0", null, USAGE);
    Search search = registry.find("catalog_unknown_price");
    assertThat(search.counters()).hasSize(CostCalculator.MAX_MODEL_TAGS + 1);
    assertThat(registry.get("catalog_unknown_price").tag("model", "other").counter().count())
        .isEqualTo(extra);
    assertThat(registry.get("catalog_unknown_price").tag("model", "unknown-0").counter().count())
        .isEqualTo(2.0);
    assertThat(unknownTotal()).isEqualTo(CostCalculator.MAX_MODEL_TAGS + extra + 1);
    assertThat(logs.list).as("one warning per distinct model")
        .hasSize(CostCalculator.MAX_MODEL_TAGS + extra);
  }

  @Test
  void unreportedUsageHasNoCostAndNoWarning() {
    assertThat(calculator.costOf("gpt-4o", null, Usage.UNKNOWN)).isEmpty();
    assertThat(calculator.costOf("acme/mystery", null, Usage.UNKNOWN)).isEmpty();
    assertThat(calculator.costOf("gpt-4o", Pricing.of(1, 1), null)).isEmpty();
    assertThat(unknownTotal()).isZero();
    assertThat(logs.list).isEmpty();
  }

  @Test
  void aMissingModelNameCountsAsOther() {
    assertThat(calculator.costOf(null, null, USAGE)).isEmpty();
    assertThat(registry.get("catalog_unknown_price").tag("model", "other").counter().count())
        .isEqualTo(1.0);
  }

  private double unknownTotal() {
    return registry.find("catalog_unknown_price").counters().stream()
        .mapToDouble(c -> c.count()).sum();
  }
}
