package dev.switchboard.governance;

import dev.switchboard.config.Pricing;
import dev.switchboard.governance.limits.BudgetCheck;
import dev.switchboard.governance.limits.BudgetDecision;
import dev.switchboard.governance.limits.BudgetRefusal;
import dev.switchboard.governance.limits.Reservation;
import dev.switchboard.governance.limits.SpendCounters;
import dev.switchboard.governance.limits.TokenEstimator;
import dev.switchboard.pipeline.Chain;
import dev.switchboard.pipeline.ErrorKind;
import dev.switchboard.pipeline.Exchange;
import dev.switchboard.pipeline.GatewayException;
import dev.switchboard.pipeline.Reply;
import dev.switchboard.pipeline.Stage;
import dev.switchboard.routing.CostRecorder;
import dev.switchboard.store.Limits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;

/**
 * Daily and monthly cost limits at every level that set them for the calling key, checked before
 * the call: the estimated cost (prompt tokens at the input price plus the most output tokens the
 * request allows at the output price) is reserved at all levels together, then replaced by the
 * actual cost when the answer — or stream, or cancelled stream — ends, or released when the call
 * fails. Retries and fallbacks happen inside the one reservation, so they never charge twice. A
 * refusal is a 429 {@code budget_exceeded} naming the level, limit, current spend and reset time;
 * from 90 % used, answers carry {@code x-switchboard-budget-warning}.
 *
 * <p>Threading: stateless apart from thread-safe collaborators; safe on every event loop.
 */
public final class BudgetStage implements Stage {
  private static final DateTimeFormatter RESET =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final ApplicableLimits limits;
  private final SpendCounters spend;
  private final TokenEstimator tokens;
  private final Function<String, Pricing> prices;
  private final ScopeNames names;

  /** @param prices the price of a client-facing model name (null when unknown) */
  public BudgetStage(ApplicableLimits limits, SpendCounters spend, TokenEstimator tokens,
      Function<String, Pricing> prices, ScopeNames names) {
    this.names = names;
    this.limits = limits;
    this.spend = spend;
    this.tokens = tokens;
    this.prices = prices;
  }

  @Override
  public Future<Reply> apply(Exchange ex, Chain next) {
    KeyRecord key = ex.attribute(KeyAuthStage.KEY);
    if (key == null) {
      return next.proceed(ex);
    }
    return limits.forKey(key).compose(ls -> withLimits(ex, next, ls));
  }

  private Future<Reply> withLimits(Exchange ex, Chain next, List<Limits> ls) {
    List<BudgetCheck> checks = GovernedScopes.budgets(ls, ex.model());
    if (checks.isEmpty()) {
      return next.proceed(ex);
    }
    long estimate = estimateMicros(ex);
    var ctx = Vertx.currentContext();
    var stage = spend.reserve(checks, estimate);
    Future<BudgetDecision> decided = ctx == null ? Future.fromCompletionStage(stage)
        : Future.fromCompletionStage(stage, ctx);
    return decided.compose(d -> {
      if (!d.allowed()) {
        return names.describe(d.refusal().check().scope())
            .compose(who -> Future.failedFuture(refused(d.refusal(), who)));
      }
      Reservation r = d.reservation();
      if (r.usedFraction() >= 0.9) {
        ex.responseHeader("x-switchboard-budget-warning", Math.round(r.usedFraction() * 100)
            + "% of a cost limit is used");
      }
      return next.proceed(ex).andThen(ar -> {
        if (ar.failed()) {
          spend.release(r);
        } else {
          ar.result().usage().onComplete(u -> spend.reconcile(r, actualMicros(ex, r)));
        }
      });
    });
  }

  /** The cost the provider's usage came to; the estimate when the price is unknown. */
  private static long actualMicros(Exchange ex, Reservation r) {
    Double usd = ex.attribute(CostRecorder.COST_USD);
    return usd == null ? r.estimateMicros() : Math.round(usd * 1_000_000);
  }

  private long estimateMicros(Exchange ex) {
    Pricing p = prices.apply(ex.model());
    if (p == null) {
      return 0; // unknown price: only a budget that is already spent refuses
    }
    double usd = (tokens.estimateCheap(ex.body()) * p.input()
        + tokens.maxOutputTokens(ex.body()) * p.output()) / 1_000_000.0;
    return Math.round(usd * 1_000_000);
  }

  private static GatewayException refused(BudgetRefusal r, String who) {
    BudgetCheck c = r.check();
    String period = c.period().name().equals("DAILY") ? "Daily" : "Monthly";
    return GatewayException.builder(ErrorKind.BUDGET_EXCEEDED, period + " cost limit exceeded for "
        + who + ". Limit: " + GovernedScopes.usd(c.limitMicros())
        + ", Current: " + GovernedScopes.usd(r.spentMicros() + r.reservedMicros())
        + ". Resets at " + RESET.format(r.resetAt()) + ".")
        .retryAfter(Long.toString(Math.max(1,
            java.time.Duration.between(java.time.Instant.now(), r.resetAt()).toSeconds())))
        .build();
  }
}
