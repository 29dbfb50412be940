package dev.switchboard.governance;

import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.Usage;
import dev.switchboard.pipeline.UsageSink;
import dev.switchboard.policy.cache.CacheStage;
import dev.switchboard.routing.CostRecorder;
import dev.switchboard.store.LedgerEntry;
import dev.switchboard.store.LedgerWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes one ledger row per finished inference request — answered, refused or failed — through
 * the batched {@link LedgerWriter}, off the response path. The cost is the priced usage, or null
 * (unknown price) but never a silent zero.
 *
 * <p>Threading: called on event loops; {@link LedgerWriter#offer} never blocks.
 */
public final class LedgerSink implements UsageSink {
  private final LedgerWriter writer;
  private final MeterRegistry registry;
  private final Map<String, Counter> credits = new ConcurrentHashMap<>();

  public LedgerSink(LedgerWriter writer, MeterRegistry registry) {
    this.writer = writer;
    this.registry = registry;
  }

  /** {@code credits_used_total{model,provider}}: US dollars paid from prepaid credits. */
  private Counter creditsUsed(Exchange ex) {
    String provider = ex.provider() == null ? "" : ex.provider();
    String model = ex.upstreamModel() == null ? "" : ex.upstreamModel();
    return credits.computeIfAbsent(provider + '/' + model, k -> Counter.builder("credits_used")
        .description("US dollars paid from prepaid credits").tag("provider", provider)
        .tag("model", model).register(registry));
  }

  @Override
  public void record(Exchange ex, int status, Usage usage, String errorCode, long totalNanos) {
    String model = ex.model() == null ? "" : ex.model();
    LedgerEntry.Builder b = LedgerEntry.builder(ex.requestId(), model)
        .latencyMs(totalNanos / 1_000_000)
        .status(status, errorCode)
        .tokens(usage.promptTokens(), usage.completionTokens(), usage.cachedTokens(),
            usage.reasoningTokens())
        .cacheWrites(usage.cacheWriteTokens());
    KeyRecord key = ex.attribute(KeyAuthStage.KEY);
    if (key != null) {
      b.owner(key);
    }
    if (ex.provider() != null) {
      b.upstream(ex.provider(), ex.deployment());
    }
    Double usd = ex.attribute(CostRecorder.COST_USD);
    Long micros = usd == null ? null : Math.round(usd * 1_000_000);
    b.cost(micros);
    b.cacheHit(Boolean.TRUE.equals(ex.attribute(CacheStage.HIT)));
    if (micros != null && micros > 0 && ex.attribute(PrepaidCreditStage.PREPAID) != null) {
      b.creditCharge(micros);
      creditsUsed(ex).increment(usd);
    }
    writer.offer(b.build());
  }
}
