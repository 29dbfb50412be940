package dev.switchboard.governance;

import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.Usage;
import dev.switchboard.pipeline.UsageSink;
import dev.switchboard.routing.CostRecorder;
import dev.switchboard.store.LedgerEntry;
import dev.switchboard.store.LedgerWriter;

/**
 * Writes one ledger row per finished inference request — answered, refused or failed — through
 * the batched {@link LedgerWriter}, off the response path. The cost is the priced usage, or null
 * (unknown price) but never a silent zero.
 *
 * <p>Threading: called on event loops; {@link LedgerWriter#offer} never blocks.
 */
public final class LedgerSink implements UsageSink {
  private final LedgerWriter writer;

  public LedgerSink(LedgerWriter writer) {
    this.writer = writer;
  }

  @Override
  public void record(Exchange ex, int status, Usage usage, String errorCode, long totalNanos) {
    String model = ex.model() == null ? "" : ex.model();
    LedgerEntry.Builder b = LedgerEntry.builder(ex.requestId(), model)
        .latencyMs(totalNanos / 1_000_000)
        .status(status, errorCode)
        .tokens(usage.promptTokens(), usage.completionTokens(), usage.cachedTokens(),
            usage.reasoningTokens());
    KeyRecord key = ex.attribute(KeyAuthStage.KEY);
    if (key != null) {
      b.owner(key);
    }
    if (ex.provider() != null) {
      b.upstream(ex.provider(), ex.deployment());
    }
    Double usd = ex.attribute(CostRecorder.COST_USD);
    b.cost(usd == null ? null : Math.round(usd * 1_000_000));
    writer.offer(b.build());
  }
}
